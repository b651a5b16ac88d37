import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import {
  LOG_START,
  type CheckpointStore,
  type EventStore,
  type LogPosition,
  type NewEvent,
  type RecordedEvent,
} from '@sitrep/event-store';
import { ensureTopics } from './kafka-topics';

/** Test helpers for the forwarder's integration specs: the real broker, fresh topics, reading back. */
export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export function kafkaAt(brokers: string[], config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId: 'sitrep-test', brokers, logLevel: logLevel.NOTHING, ...config });
}

export async function freshTopic(kafka: Kafka, partitions = 3): Promise<string> {
  const topic = `sitrep.test-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [topic], { partitions });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export const newEvents = (count: number, from = 1): NewEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: 'SomethingHappened',
    data: { n: from + i },
    metadata: { correlationId: `corr-${from + i}`, actor: 'test' },
  }));

export const positionOf = (e: RecordedEvent): LogPosition => ({
  transactionId: e.transactionId,
  globalPosition: e.globalPosition,
});

export function isAtOrAfter(a: LogPosition, b: LogPosition): boolean {
  const [x, y] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  return x > y || (x === y && a.globalPosition >= b.globalPosition);
}

/** Everything readable in the global log now, and where it ends. */
export async function readToEnd(
  store: EventStore,
  from: LogPosition = LOG_START,
): Promise<{ events: RecordedEvent[]; end: LogPosition }> {
  const events: RecordedEvent[] = [];
  let end = from;
  for (;;) {
    const page = await store.readAll(end, 1000);
    events.push(...page);
    if (page.length > 0) end = positionOf(page[page.length - 1]);
    if (page.length < 1000) return { events, end };
  }
}

/** Starts a forwarder's checkpoint at the end of the log, so it forwards only what the test appends. */
export async function checkpointAtHead(
  store: EventStore,
  checkpoints: CheckpointStore,
  name: string,
): Promise<LogPosition> {
  const { end } = await readToEnd(store);
  if (!(await checkpoints.compareAndSet(name, LOG_START, end)))
    throw new Error(`checkpoint ${name} already exists`);
  return end;
}

/** Waits until every given event is readable from the global log after `from` (another transaction may hold it back). */
export async function visibleAfter(
  store: EventStore,
  from: LogPosition,
  eventIds: string[],
  timeoutMs = 10_000,
): Promise<LogPosition> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { events } = await readToEnd(store, from);
    const mine = events.filter((e) => eventIds.includes(e.eventId));
    if (mine.length === eventIds.length) return positionOf(mine[mine.length - 1]);
    if (Date.now() > deadline)
      throw new Error(`only ${mine.length}/${eventIds.length} events became readable`);
    await sleep(50);
  }
}

export async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export interface ReadMessage {
  key: string;
  partition: number;
  offset: string;
  value: string;
  headers: Record<string, string>;
}

/** Every message on the topic, in partition order: reads from the beginning up to the high watermarks. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  timeoutMs = 20_000,
): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const watermarks = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const total = watermarks.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const messages: ReadMessage[] = [];
  if (total === 0) return messages;
  const consumer = kafka.consumer({
    groupId: `sitrep-test-${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  });
  await consumer.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        messages.push({
          key: message.key?.toString() ?? '',
          partition,
          offset: message.offset,
          value: message.value?.toString() ?? '',
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
          ),
        });
        if (messages.length >= total) done();
      },
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`read ${messages.length}/${total} messages`)),
        timeoutMs,
      );
    });
    await Promise.race([all, timeout]);
    return messages;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
