import type { ApplierOptions, ProjectionMetricsRecorder } from '../applying/projection-applier';
import { TOPIC_PARTITIONS } from './kafka-topics';

export interface KafkaProjectionConsumerOptions {
  topic: string;
  /** Defaults to `sitrep.projection.<projection name>`. */
  groupId?: string;
  /** Messages per transaction; the consumer heartbeats between them. */
  subBatchSize: number;
  maxWaitTimeInMs: number;
  sessionTimeout: number;
  heartbeatInterval: number;
  partitionsConsumedConcurrently: number;
  applier: Partial<ApplierOptions>;
  metrics?: ProjectionMetricsRecorder;
  /** Told when kafkajs gives up on a crashed consumer (it will not restart it by itself). */
  onGaveUp?: (consumer: { stop(): Promise<void> }) => void;
}

export interface KafkaProjectionStatus {
  projection: string;
  groupId: string;
  topic: string;
  running: boolean;
  /** `joined` once the group gave it partitions; `connecting` until then (see `connected`). */
  state: 'stopped' | 'connecting' | 'joined' | 'rebalancing' | 'crashed';
  /** Joined and heard from the broker in the last few seconds. */
  connected: boolean;
  assignedPartitions: number[];
  /** Messages behind the high watermark, by partition, as of each partition's last batch. */
  lag: Record<number, number>;
  applied: number;
  parked: number;
  lastError: string | null;
}

/** What a consumer runs with unless told otherwise. */
export const CONSUMER_DEFAULTS = {
  subBatchSize: 200,
  // How long the broker holds a fetch that finds nothing; data answers it at once. Each of the
  // projections' consumers of a quiet topic fetches this often: a short wait made idle fetches
  // cost the worker (and the broker) CPU while a storm filled the other topic (bench/README.md).
  maxWaitTimeInMs: 500,
  sessionTimeout: 30_000,
  heartbeatInterval: 3_000,
  // All partitions of a fetch at once: their chunks then share one transaction.
  partitionsConsumedConcurrently: TOPIC_PARTITIONS,
  applier: {},
};
