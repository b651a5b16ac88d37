import type { Admin } from 'kafkajs';

/** The topic the event log is forwarded to, keyed by stream id (KAFKA_EVENTS_TOPIC). */
export const INCIDENT_EVENTS_TOPIC = 'sitrep.incident-events';

/**
 * A share of the event log forwarded to a topic of its own, `<events topic>.<name>`: the events of
 * every stream whose id starts with `streamPrefix`. Alert streams are one: a storm writes several
 * events per alert that one projection reads, and on their own topic the others neither fetch nor
 * decode them. The forwarder and the projections that read a share must name the same route.
 */
export interface TopicRoute {
  readonly name: string;
  readonly streamPrefix: string;
}

/**
 * Partitions of a topic Sitrep creates (whoever starts first, the forwarder or a projection
 * runner): the most consumers of one group that can share a topic's work.
 */
export const TOPIC_PARTITIONS = 6;

/** The routes the forwarder of this process publishes by (provided by the app's wiring). */
export const EVENT_TOPIC_ROUTES = Symbol('sitrep.event-topic-routes');

export function routeTopic(eventsTopic: string, route: TopicRoute | undefined): string {
  return route ? `${eventsTopic}.${route.name}` : eventsTopic;
}

export function routeOf(streamId: string, routes: readonly TopicRoute[]): TopicRoute | undefined {
  return routes.find((route) => streamId.startsWith(route.streamPrefix));
}

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
