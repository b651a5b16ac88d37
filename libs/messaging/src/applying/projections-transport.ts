import type { SitrepConfig } from '@sitrep/platform';

/** How this process receives the event log for its projections. */
export type ProjectionsTransport = 'kafka' | 'in-process';

export const PROJECTIONS_TRANSPORT = Symbol('sitrep.projections-transport');

/** Kafka when KAFKA_BROKERS is set, otherwise the in-process subscription (the embedded default). */
export function projectionsTransportFor(config: SitrepConfig): ProjectionsTransport {
  return config.kafka.brokers && config.kafka.brokers.length > 0 ? 'kafka' : 'in-process';
}
