import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, startEmbeddedPostgres } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
} from '@sitrep/event-store';
import {
  GlobalLogSubscription,
  messagingMigrations,
  ProjectionMaintenance,
} from '@sitrep/messaging';
import { timerMigrations } from '@sitrep/timers';
import { incidentStreamId } from '../incident-stream';
import { incidentMigrations, incidentProjections } from '../incident.wiring';

describe('rebuild and verify on the embedded database (one connection)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-embedded-maintenance-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds every read model and verifies it without waiting for a second connection', async () => {
    const embedded = await startEmbeddedPostgres(dataDir);
    const { dataSource, database } = await openDatabase(embedded.url, 1, [
      ...eventStoreMigrations,
      ...messagingMigrations,
      ...timerMigrations,
      ...incidentMigrations,
    ]);
    try {
      const store = new PostgresEventStore(database);
      const checkpoints = new PostgresCheckpointStore(database);
      const incidentId = randomUUID();
      const at = new Date().toISOString();
      await store.append(
        incidentStreamId(incidentId),
        [
          {
            eventId: randomUUID(),
            type: 'IncidentDeclared',
            data: {
              incidentId,
              title: 'Disk full',
              severity: 'SEV3',
              services: [],
              reportedBy: 'ann',
              declaredAt: at,
            },
          },
          {
            eventId: randomUUID(),
            type: 'IncidentAcknowledged',
            data: { incidentId, acknowledgedBy: 'bob', acknowledgedAt: at },
          },
        ],
        'no-stream',
      );
      const projections = incidentProjections.map((P) => new P());
      for (const p of projections)
        await new GlobalLogSubscription(p, database, store, checkpoints).catchUp();
      const maintenance = new ProjectionMaintenance(database, store, checkpoints);
      for (const p of projections) {
        const report = await maintenance.rebuild(p);
        expect(report.events).toBe(2);
        expect((await maintenance.verify(p)).every((r) => r.differingRows === 0)).toBe(true);
      }
      const [row] = await database.query<{ status: string }>(
        'SELECT status FROM incident_list WHERE incident_id = $1',
        [incidentId],
      );
      expect(row.status).toBe('investigating');
    } finally {
      await dataSource.destroy();
      await embedded.close();
    }
  }, 90_000);
});
