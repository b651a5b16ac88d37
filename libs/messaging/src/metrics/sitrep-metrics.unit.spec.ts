import { SitrepMetrics } from './sitrep-metrics';

describe('SitrepMetrics: the Prometheus text a scrape returns', () => {
  it('has the projection series, fed by batches and read from the parked-events source', async () => {
    const metrics = new SitrepMetrics({
      parkedByProjection: async () => ({ timeline: 2 }),
      forwarderLag: async () => ({ lagEvents: 17, role: 'publishing' }),
    });
    metrics.registerProjection('board');

    metrics.observeBatch('timeline', 5, 0.02);
    metrics.observeBatch('timeline', 3, 0.2);
    const text = await metrics.text();

    expect(text).toContain('sitrep_projection_events_applied_total{projection="timeline"} 8');
    expect(text).toContain('sitrep_projection_events_applied_total{projection="board"} 0');
    expect(text).toContain('sitrep_projection_parked_events{projection="timeline"} 2');
    expect(text).toContain('sitrep_projection_parked_events{projection="board"} 0');
    expect(text).toContain('sitrep_projection_batch_seconds_count{projection="timeline"} 2');
    expect(text).toContain(
      'sitrep_projection_batch_seconds_bucket{le="0.025",projection="timeline"} 1',
    );
    expect(text).toContain('sitrep_forwarder_lag_events{role="publishing"} 17');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('without a forwarder in the process the lag series is absent', async () => {
    const metrics = new SitrepMetrics();
    expect(await metrics.text()).not.toContain('sitrep_forwarder_lag_events');

    metrics.setSources({ forwarderLag: async () => ({ lagEvents: 3, role: 'standby' }) });
    expect(await metrics.text()).toMatch(/^sitrep_forwarder_lag_events\{role="standby"\} 3$/m);
  });

  it('says which Kafka clients reach Kafka, 1 or 0 by component, and nothing without Kafka', async () => {
    const metrics = new SitrepMetrics();
    expect(await metrics.text()).not.toContain('sitrep_kafka_connected');

    metrics.setSources({
      kafkaConnected: () => ({ forwarder: false, 'projection:incident-list': true }),
    });
    const text = await metrics.text();
    expect(text).toMatch(/^sitrep_kafka_connected\{component="forwarder"\} 0$/m);
    expect(text).toMatch(/^sitrep_kafka_connected\{component="projection:incident-list"\} 1$/m);
  });
});
