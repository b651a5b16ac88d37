import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SENDER_RETRIES } from '../alert-source';
import { alertmanagerSource } from '../sources/alertmanager/alertmanager.source';
import { createCloudWatchSnsSource } from '../sources/cloudwatch-sns/cloudwatch-sns.source';
import { datadogSource } from '../sources/datadog/datadog.source';
import { opsgenieSource } from '../sources/opsgenie/opsgenie.source';
import { pagerDutySource } from '../sources/pagerduty/pagerduty.source';
import { sentrySource } from '../sources/sentry/sentry.source';
import { retryKeyOf, type RetryIdentity } from './retry-key';

describe('the retry key of a delivery', () => {
  const delivery: RetryIdentity = {
    integrationId: '6f1c2d7e-0b8a-4c59-9d3e-2a4b5c6d7e8f',
    method: 'POST',
    path: '/v2/alerts/db-replica-lag/close',
    query: { identifierType: 'alias', a: '1' },
    body: Buffer.from('{"source":"Alertmanager"}'),
  };
  const key = retryKeyOf(delivery);

  it('is the same for a copy, whatever the order of its query', () => {
    expect(retryKeyOf({ ...delivery, query: { a: '1', identifierType: 'alias' } })).toBe(key);
    expect(retryKeyOf({ ...delivery, method: 'post' })).toBe(key);
  });

  it('differs with the integration, method, path, query, body or vendor delivery id', () => {
    for (const other of [
      { integrationId: '00000000-0000-4000-8000-000000000000' },
      { method: 'PUT' },
      { path: '/v2/alerts/disk-full/close' },
      { query: { identifierType: 'alias' } },
      { body: Buffer.from('{"source":"Alertmanager" }') },
      { vendorDeliveryId: 'req-1' },
    ]) {
      expect(retryKeyOf({ ...delivery, ...other })).not.toBe(key);
    }
  });

  it('cannot be matched by moving bytes between the path and the body', () => {
    expect(retryKeyOf({ ...delivery, path: '/a', body: Buffer.from('b') })).not.toBe(
      retryKeyOf({ ...delivery, path: '/ab', body: Buffer.from('') }),
    );
  });
});

describe('how each source says its sender retries', () => {
  const delivery = (rawBody: string, headers: Record<string, string> = {}) => ({
    rawBody: Buffer.from(rawBody),
    headers,
    query: {},
    receivedAt: new Date('2026-12-01T10:00:00.000Z'),
  });
  const fixture = (source: string, file: string) =>
    readFileSync(join(__dirname, '..', 'sources', source, 'fixtures', file)).toString();

  it('SNS by the MessageId in the body, for an hour', () => {
    const sns = createCloudWatchSnsSource({ fetchSigningCertificate: () => Promise.reject() });
    const body = fixture('cloudwatch-sns', 'notification-alarm.json');
    expect(sns.retries?.deliveryIdOf?.(delivery(body))).toBe(JSON.parse(body).MessageId);
    expect(sns.retries?.deliveryIdOf?.(delivery('not json'))).toBeUndefined();
    expect(sns.retries?.windowMs).toBe(3600_000);
  });

  it('Sentry by its Request-ID header', () => {
    expect(sentrySource.retries?.deliveryIdOf?.(delivery('{}', { 'request-id': 'r-1' }))).toBe(
      'r-1',
    );
    expect(sentrySource.retries?.deliveryIdOf?.(delivery('{}'))).toBeUndefined();
  });

  it('Alertmanager, Opsgenie and PagerDuty within minutes, the others within the default hour', () => {
    expect(alertmanagerSource.retries?.windowMs).toBe(15 * 60_000);
    expect(opsgenieSource.retries?.windowMs).toBe(15 * 60_000);
    expect(pagerDutySource.retries?.windowMs).toBe(10 * 60_000);
    expect(datadogSource.retries).toBeUndefined();
    expect(DEFAULT_SENDER_RETRIES.windowMs).toBe(3600_000);
  });
});
