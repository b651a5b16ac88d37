import { ConfigurationError, loadSitrepConfig } from './sitrep.config';

describe('configuration from the environment', () => {
  it('with nothing set, runs embedded on port 3000 with one connection', () => {
    expect(loadSitrepConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      database: { url: undefined, poolSize: 1, dataDir: './.sitrep' },
      kafka: { brokers: undefined, eventsTopic: 'sitrep.incident-events', groupPrefix: 'sitrep' },
      adminToken: undefined,
      secretsKey: undefined,
      logLevel: 'log',
      webhookRateLimit: { perSecond: 50, burst: 200 },
      authFailureLimit: { perClient: 20, perIntegration: 100, windowSeconds: 60 },
      trustProxy: undefined,
      snsConfirmSubscriptions: true,
      deliveryRetentionDays: 30,
    });
  });

  it('listens on the HOST given: an IPv4 or IPv6 address or a host name', () => {
    for (const host of ['127.0.0.1', '::', '::1', 'localhost', 'sitrep-api.internal']) {
      expect(loadSitrepConfig({ HOST: host }).host).toBe(host);
    }
    expect(loadSitrepConfig({ HOST: '' }).host).toBe('0.0.0.0');
    for (const wrong of [
      '0.0.0.0:3000',
      'http://localhost',
      '[::1]',
      '256.0.0.1',
      'a host',
      '-x',
    ]) {
      expect(() => loadSitrepConfig({ HOST: wrong })).toThrow(
        'HOST must be an IP address or a host name without port',
      );
    }
  });

  it('keeps raw deliveries 30 days unless told otherwise; 0 keeps them forever', () => {
    expect(loadSitrepConfig({ DELIVERY_RETENTION_DAYS: '90' }).deliveryRetentionDays).toBe(90);
    expect(loadSitrepConfig({ DELIVERY_RETENTION_DAYS: '0' }).deliveryRetentionDays).toBeNull();
    for (const wrong of ['1', '-3', '3651', '2.5', 'a month']) {
      expect(() => loadSitrepConfig({ DELIVERY_RETENTION_DAYS: wrong })).toThrow(
        'DELIVERY_RETENTION_DAYS must be 0 (keep forever) or 2 to 3650 days',
      );
    }
  });

  it('reads the failed-authentication budgets; 0 lifts the one per integration', () => {
    const env = { AUTH_FAILURES_PER_MINUTE: '5', WEBHOOK_AUTH_FAILURES: '0' };
    expect(loadSitrepConfig(env).authFailureLimit).toEqual({
      perClient: 5,
      perIntegration: 0,
      windowSeconds: 60,
    });
    for (const wrong of ['0', '-1', '2.5', 'many']) {
      expect(() => loadSitrepConfig({ AUTH_FAILURES_PER_MINUTE: wrong })).toThrow(
        'AUTH_FAILURES_PER_MINUTE',
      );
    }
    expect(() => loadSitrepConfig({ WEBHOOK_AUTH_FAILURES: '-1' })).toThrow(
      'WEBHOOK_AUTH_FAILURES',
    );
  });

  it('trusts proxies only as TRUST_PROXY says: a hop count or their addresses', () => {
    expect(loadSitrepConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadSitrepConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toBe(
      '10.0.0.0/8,127.0.0.1,::1',
    );
    for (const wrong of ['true', '0', '11', 'proxy.local', '10.0.0.0/33', '10.0.0.1:80']) {
      expect(() => loadSitrepConfig({ TRUST_PROXY: wrong })).toThrow('TRUST_PROXY must be');
    }
  });

  it('confirms SNS subscriptions unless told not to', () => {
    expect(loadSitrepConfig({ SNS_CONFIRM_SUBSCRIPTIONS: 'false' }).snsConfirmSubscriptions).toBe(
      false,
    );
    expect(loadSitrepConfig({ SNS_CONFIRM_SUBSCRIPTIONS: 'true' }).snsConfirmSubscriptions).toBe(
      true,
    );
  });

  it('reads the webhook rate limit; the burst is at least a second of the rate', () => {
    expect(loadSitrepConfig({ WEBHOOK_RATE_PER_SECOND: '500' }).webhookRateLimit).toEqual({
      perSecond: 500,
      burst: 500,
    });
    expect(
      loadSitrepConfig({ WEBHOOK_RATE_PER_SECOND: '5', WEBHOOK_RATE_BURST: '20' }).webhookRateLimit,
    ).toEqual({ perSecond: 5, burst: 20 });
    expect(() => loadSitrepConfig({ WEBHOOK_RATE_PER_SECOND: '0' })).toThrow(
      /WEBHOOK_RATE_PER_SECOND/,
    );
    expect(() => loadSitrepConfig({ WEBHOOK_RATE_BURST: 'lots' })).toThrow(/WEBHOOK_RATE_BURST/);
  });

  it('reads a real database, a pool size, brokers and a log level', () => {
    const config = loadSitrepConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/sitrep',
      DATABASE_POOL_SIZE: '30',
      KAFKA_BROKERS: 'k1:9092,k2:9092',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      database: { url: 'postgres://u@db:5432/sitrep', poolSize: 30 },
      kafka: { brokers: ['k1:9092', 'k2:9092'] },
      logLevel: 'debug',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOST: 'localhost:3000' }, 'HOST'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ KAFKA_BROKERS: 'no-port' }, 'KAFKA_BROKERS'],
    [{ SITREP_ADMIN_TOKEN: 'short' }, 'SITREP_ADMIN_TOKEN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SITREP_SECRETS_KEY: 'too-short' }, 'SITREP_SECRETS_KEY'],
    [{ SNS_CONFIRM_SUBSCRIPTIONS: 'no' }, 'SNS_CONFIRM_SUBSCRIPTIONS'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadSitrepConfig(env)).toThrow(ConfigurationError);
    expect(() => loadSitrepConfig(env)).toThrow(name);
  });
});
