import type { Admin, Kafka } from 'kafkajs';
import type { OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
} from '@sitrep/event-store';
import { openTestDatabase } from '@sitrep/testing';
import { CountingProjection } from '../applying/counting.projection.int-fixtures';
import { readModelCatalogMigrations } from '../catalog/read-model-catalog.migrations';
import * as fx from '../kafka/kafka.int-fixtures';
import { kafkaProjectionMigrations } from '../kafka/kafka-projections.migrations';
import { storeOffsets } from '../kafka/projection-offsets';
import { ProjectionMaintenance } from './projection-maintenance';

jest.setTimeout(60_000);

describe('projections status under Kafka', () => {
  let db: OpenedDatabase;
  let kafka: Kafka;
  let admin: Admin;
  const projection = new CountingProjection();

  beforeAll(async () => {
    db = await openTestDatabase([
      ...eventStoreMigrations,
      ...readModelCatalogMigrations,
      ...kafkaProjectionMigrations,
      projection.migration,
    ]);
    kafka = fx.kafkaAt(fx.BROKERS);
    admin = kafka.admin();
  });
  afterAll(async () => {
    await admin.disconnect();
    await db.dataSource.destroy();
  });

  it('says how many messages on its topic each projection has not applied, per partition', async () => {
    const topic = await fx.freshTopic(kafka, 3);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const message = (partition: number) => ({ partition, value: '{}' });
    await producer.send({ topic, acks: -1, messages: [0, 0, 0, 0, 0, 1, 1].map(message) });
    await producer.disconnect();
    await storeOffsets(db.database, projection.name, topic, new Map([[0, '3']]));
    const maintenance = new ProjectionMaintenance(
      db.database,
      new PostgresEventStore(db.database),
      new PostgresCheckpointStore(db.database),
      { admin, topicOf: () => topic },
    );

    const status = await maintenance.status(projection);

    expect(status.kafka).toEqual({
      topic,
      lagMessages: 4,
      partitions: [
        { partition: 0, nextOffset: 3, endOffset: 5, lag: 2 },
        { partition: 1, nextOffset: 0, endOffset: 2, lag: 2 },
        { partition: 2, nextOffset: 0, endOffset: 0, lag: 0 },
      ],
    });
  });

  it('says when Kafka cannot be asked, rather than showing no lag', async () => {
    const unreachable = fx.kafkaAt(['127.0.0.1:1'], { retry: { retries: 0 } }).admin();
    const maintenance = new ProjectionMaintenance(
      db.database,
      new PostgresEventStore(db.database),
      new PostgresCheckpointStore(db.database),
      { admin: unreachable, topicOf: () => 'sitrep.nowhere' },
    );

    const status = await maintenance.status(projection);

    expect(status.kafka).toEqual({
      topic: 'sitrep.nowhere',
      error: expect.stringMatching(/^Kafka lag unknown: /),
    });
  });
});
