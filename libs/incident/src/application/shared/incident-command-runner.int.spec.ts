import { randomUUID } from 'node:crypto';
import type { EventBus } from '@nestjs/cqrs';
import { systemClock, type OpenedDatabase } from '@sitrep/platform';
import { eventStoreMigrations, PostgresEventStore } from '@sitrep/event-store';
import { CommandRunner, type CommandContext } from '@sitrep/messaging';
import { openTestDatabase } from '@sitrep/testing';
import type { IncidentCommand } from '../../domain';
import { IncidentVersionMismatchError } from './incident-errors';
import { incidentStreamId } from '../../incident-stream';
import { incidentStreams } from './incident.stream-kind';

describe('running incident commands against the real event store', () => {
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let runner: CommandRunner;
  const eventBus = { publish: () => undefined } as unknown as EventBus;
  const context: CommandContext = { actor: 'test' };
  const runIncidentCommand = (
    incidentId: string,
    command: () => IncidentCommand,
    options: CommandContext = context,
  ) => runner.run(incidentStreams, incidentId, command, options);

  beforeAll(async () => {
    opened = await openTestDatabase(eventStoreMigrations, 20);
    store = new PostgresEventStore(opened.database);
    runner = new CommandRunner(store, systemClock, eventBus);
  });

  afterAll(() => opened.dataSource.destroy());

  async function declared(): Promise<string> {
    const incidentId = randomUUID();
    await runIncidentCommand(incidentId, (): IncidentCommand => ({
      type: 'DeclareIncident',
      data: {
        incidentId,
        title: 'Queue backlog',
        severity: 'SEV3',
        services: [],
        reportedBy: 'ann',
        declaredAt: new Date().toISOString(),
      },
    }));
    return incidentId;
  }

  const acknowledge = (incidentId: string, by: string) => (): IncidentCommand => ({
    type: 'AcknowledgeIncident',
    data: { incidentId, acknowledgedBy: by, acknowledgedAt: new Date().toISOString() },
  });

  it('twelve people acknowledging at once record exactly one acknowledgement, and nobody gets an error', async () => {
    const incidentId = await declared();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        runIncidentCommand(incidentId, acknowledge(incidentId, `p${i}`)),
      ),
    );
    const stream = await store.readStream(incidentStreamId(incidentId));
    expect(stream.map((e) => e.type)).toEqual(['IncidentDeclared', 'IncidentAcknowledged']);
    expect(outcomes.filter((o) => o.events.length === 1)).toHaveLength(1);
    expect(outcomes.every((o) => o.version === 2)).toBe(true);
  });

  it('a stale If-Match version is refused and appends nothing', async () => {
    const incidentId = await declared();
    await expect(
      runIncidentCommand(incidentId, acknowledge(incidentId, 'bob'), {
        ...context,
        expectedVersion: 0,
      }),
    ).rejects.toBeInstanceOf(IncidentVersionMismatchError);
    expect(await store.readStream(incidentStreamId(incidentId))).toHaveLength(1);
  });
});
