import type { ConsumerConfig, Kafka } from 'kafkajs';
import type { Database } from '@sitrep/platform';
import type { Projection } from '../projection';
import { KafkaProjectionConsumer } from './kafka-projections.consumer';

/**
 * Only the restart policy: what the consumer tells kafkajs about restarting after a crash. (The
 * consuming itself is tested against the real broker in kafka-projections.int.spec.ts.)
 */
describe('a Kafka projection consumer’s restarts after a crash', () => {
  function consumerWithCapturedConfig() {
    let config: ConsumerConfig | undefined;
    const kafkaConsumer = {
      events: { GROUP_JOIN: 'join', CRASH: 'crash' },
      on: () => undefined,
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async () => undefined,
      disconnect: async () => undefined,
    };
    const kafka = {
      consumer: (given: ConsumerConfig) => {
        config = given;
        return kafkaConsumer;
      },
    } as unknown as Kafka;
    const projection = { name: 'p', handles: () => true } as unknown as Projection;
    const consumer = new KafkaProjectionConsumer(kafka, {} as Database, projection, {
      topic: 't',
    });
    const restart = () => config!.retry!.restartOnFailure!(new Error('crash'));
    return { consumer, restart, config: () => config! };
  }

  it('restarts while running, never once stopped (a crash handled during stop must not revive it)', async () => {
    const { consumer, restart, config } = consumerWithCapturedConfig();
    await consumer.start();
    expect(config().retry?.retries).toBe(5);
    await expect(restart()).resolves.toBe(true);
    await consumer.stop();
    await expect(restart()).resolves.toBe(false);
  });
});
