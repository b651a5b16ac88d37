import { loadSitrepConfig, ManualClock, openDatabase, type OpenedDatabase } from '@sitrep/platform';
import { eventStoreMigrations } from '@sitrep/event-store';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import type { Integration } from '../integrations/integration';
import { integrationStore } from '../integrations/integration.store';
import {
  anAcceptedDelivery,
  anIntegrationRecord,
  aQueuedAlert,
} from '../pipeline/testing/alert-fixtures';
import { alertIntakeMigrations } from './alert-intake.module';
import { DeliveryRetentionService, RETENTION_BATCH } from './delivery-retention.service';
import { deliveryStore, type DeliveryRecord } from './webhook-delivery.store';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000);

describe('webhook delivery retention against real PostgreSQL', () => {
  let url: string;
  let opened: OpenedDatabase;
  let integration: Integration;

  beforeAll(async () => {
    url = await createTestDatabase('sitrep_delivery_retention');
    opened = await openDatabase(url, 4, [...eventStoreMigrations, ...alertIntakeMigrations]);
    integration = anIntegrationRecord({ createdAt: daysAgo(400) });
    await integrationStore.insert(opened.database, integration);
  });

  afterAll(async () => {
    await opened?.dataSource.destroy();
    if (url) await dropTestDatabase(url);
  });

  beforeEach(async () => {
    await opened.database.query('TRUNCATE webhook_deliveries, webhook_delivery_outcomes');
  });

  const retention = (env: Record<string, string> = {}) =>
    new DeliveryRetentionService(loadSitrepConfig(env), opened.database, new ManualClock(NOW));

  const delivery = (receivedAt: Date) =>
    anAcceptedDelivery(integration, [aQueuedAlert()], { receivedAt });
  async function processed(...records: DeliveryRecord[]) {
    await deliveryStore.insertMany(opened.database, records);
    await deliveryStore.insertOutcomes(
      opened.database,
      records.map((r) => ({
        deliveryId: r.id,
        status: 'processed' as const,
        outcome: { alerts: [] },
        processedAt: r.receivedAt,
      })),
    );
  }
  const stillThere = async (records: DeliveryRecord[]) =>
    (
      await opened.database.query<{ id: string }>(
        'SELECT id FROM webhook_deliveries WHERE id = ANY($1) ORDER BY received_at',
        [records.map((r) => r.id)],
      )
    ).map((r) => r.id);
  const outcomeCount = async () =>
    Number(
      (
        await opened.database.query<{ n: string }>(
          'SELECT count(*) AS n FROM webhook_delivery_outcomes',
        )
      )[0].n,
    );

  it('deletes processed and refused deliveries past the retention, with their outcomes, and keeps the rest', async () => {
    const oldProcessed = delivery(daysAgo(31));
    const oldRefused = {
      ...delivery(daysAgo(45)),
      status: 'unauthenticated' as const,
      alerts: null,
    };
    const oldWaiting = delivery(daysAgo(40)); // accepted, never processed: the processor still owes it
    const recent = delivery(daysAgo(29));
    await processed(oldProcessed, recent);
    await deliveryStore.insertMany(opened.database, [oldRefused, oldWaiting]);

    expect(await retention().sweep()).toBe(2);
    expect(await stillThere([oldRefused, oldWaiting, oldProcessed, recent])).toEqual([
      oldWaiting.id,
      recent.id,
    ]);
    expect(await outcomeCount()).toBe(1);
    expect(await deliveryStore.find(opened.database, oldProcessed.id)).toBeUndefined();
    expect(await deliveryStore.find(opened.database, recent.id)).toMatchObject({
      processing: { status: 'processed' },
    });
    expect(await retention().sweep()).toBe(0);
  });

  it('follows DELIVERY_RETENTION_DAYS, and 0 keeps everything', async () => {
    const weekOld = delivery(daysAgo(8));
    await processed(weekOld);
    expect(await retention({ DELIVERY_RETENTION_DAYS: '0' }).sweep()).toBe(0);
    expect(await retention({ DELIVERY_RETENTION_DAYS: '10' }).sweep()).toBe(0);
    expect(await retention({ DELIVERY_RETENTION_DAYS: '7' }).sweep()).toBe(1);
    expect(await stillThere([weekOld])).toEqual([]);
  });

  it('deletes a large backlog in batches until none is left', async () => {
    const old = Array.from({ length: RETENTION_BATCH + 10 }, (_, i) =>
      delivery(new Date(daysAgo(60).getTime() + i)),
    );
    for (let i = 0; i < old.length; i += 1000) await processed(...old.slice(i, i + 1000));
    expect(await retention().sweep()).toBe(old.length);
    expect(await outcomeCount()).toBe(0);
  }, 60_000);
});
