import type { Admin } from 'kafkajs';

/** The topic every incident event is forwarded to, keyed by stream id. */
export const INCIDENT_EVENTS_TOPIC = 'sitrep.incident-events';

export interface TopicOptions {
  partitions: number;
  /** 1 on a single-node broker; 3 in production. */
  replicationFactor?: number;
}

const TOPIC_ALREADY_EXISTS = 'TOPIC_ALREADY_EXISTS';

/**
 * Creates the topics that do not exist yet (the brokers run with auto-create off). Safe to call
 * from every process at start: an existing topic is left as it is, partition count included.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  options: TopicOptions,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: options.partitions,
        replicationFactor: options.replicationFactor ?? 1,
      })),
    });
  } catch (error) {
    // Another process created them between our list and create.
    if (!isAlreadyExists(error)) throw error;
  }
  return missing;
}

function isAlreadyExists(error: unknown): boolean {
  const e = error as { type?: string; errors?: Array<{ type?: string }> } | null;
  if (!e) return false;
  if (e.type === TOPIC_ALREADY_EXISTS) return true;
  return (
    Array.isArray(e.errors) &&
    e.errors.length > 0 &&
    e.errors.every((inner) => inner.type === TOPIC_ALREADY_EXISTS)
  );
}
