import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProjectionMetricsRecorder } from '../applying/projection-applier';

export interface MetricsSources {
  /** Parked events by projection, read from the database at scrape time (shared by all processes). */
  parkedByProjection?: () => Promise<Record<string, number>>;
  /**
   * The log's head minus the forwarder's checkpoint, with this process's role (publishing,
   * standby, starting); null when this process runs no forwarder.
   */
  forwarderLag?: () => Promise<{ lagEvents: number; role: string } | null>;
  /** Whether each Kafka client of this process reaches Kafka, by component; absent without Kafka. */
  kafkaConnected?: () => Record<string, boolean>;
  /** Node process metrics (CPU, memory, event loop); off in tests. */
  defaultMetrics?: boolean;
}

/**
 * This process's Prometheus registry. Counters and the histogram are fed by the projection
 * appliers as they work; the gauges are read from their source when scraped, so they are right
 * even when the work happens in another process.
 */
export class SitrepMetrics implements ProjectionMetricsRecorder {
  readonly registry = new Registry();
  private readonly projections = new Set<string>();
  private readonly applied: Counter<'projection'>;
  private readonly batchSeconds: Histogram<'projection'>;
  private sources: MetricsSources;

  constructor(sources: MetricsSources = {}) {
    this.sources = sources;
    const registers = [this.registry];
    this.applied = new Counter({
      name: 'sitrep_projection_events_applied_total',
      help: 'Events applied to a read model (redeliveries included: rows ignore them).',
      labelNames: ['projection'],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'sitrep_projection_batch_seconds',
      help: 'Time to apply one batch and commit it with its checkpoint or offsets.',
      labelNames: ['projection'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.parkedGauge(registers);
    if (sources.forwarderLag) this.forwarderGauge();
    if (sources.kafkaConnected) this.kafkaGauge();
    if (sources.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Sources that only exist once the app has started (e.g. the forwarder). */
  setSources(sources: Partial<MetricsSources>): void {
    const addsForwarder = !this.sources.forwarderLag && !!sources.forwarderLag;
    const addsKafka = !this.sources.kafkaConnected && !!sources.kafkaConnected;
    this.sources = { ...this.sources, ...sources };
    if (addsForwarder) this.forwarderGauge();
    if (addsKafka) this.kafkaGauge();
  }

  /** Makes a projection's series appear (at zero) before it has done anything. */
  registerProjection(projection: string): void {
    this.projections.add(projection);
    this.applied.inc({ projection }, 0);
  }

  observeBatch(projection: string, applied: number, seconds: number): void {
    this.projections.add(projection);
    this.applied.inc({ projection }, applied);
    this.batchSeconds.observe({ projection }, seconds);
  }

  observeParked(projection: string): void {
    this.projections.add(projection);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  private parkedGauge(registers: Registry[]): void {
    const read = async () => (await this.sources.parkedByProjection?.()) ?? {};
    const known = this.projections;
    new Gauge({
      name: 'sitrep_projection_parked_events',
      help: 'Events a projection could not apply, waiting in parked_events for a fix and a retry.',
      labelNames: ['projection'],
      registers,
      async collect() {
        const counts = await read();
        this.reset();
        const names = new Set([...known, ...Object.keys(counts)]);
        for (const projection of names) this.set({ projection }, counts[projection] ?? 0);
      },
    });
  }

  /** Only in a process that runs the forwarder: elsewhere a 0 would claim a lag nobody measured. */
  private forwarderGauge(): void {
    const read = async () => (await this.sources.forwarderLag?.()) ?? null;
    new Gauge({
      name: 'sitrep_forwarder_lag_events',
      help:
        'Committed events the forwarder has not yet published to Kafka (log head minus its ' +
        "checkpoint), by the role of this process's forwarder.",
      labelNames: ['role'],
      registers: [this.registry],
      async collect() {
        const lag = await read();
        this.reset();
        if (lag !== null) this.set({ role: lag.role }, lag.lagEvents);
      },
    });
  }

  private kafkaGauge(): void {
    const read = () => this.sources.kafkaConnected?.() ?? {};
    new Gauge({
      name: 'sitrep_kafka_connected',
      help: 'Whether a Kafka client of this process reaches Kafka (1) or not (0): the forwarder, each projection.',
      labelNames: ['component'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [component, connected] of Object.entries(read())) {
          this.set({ component }, connected ? 1 : 0);
        }
      },
    });
  }
}
