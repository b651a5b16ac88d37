import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { verifySentrySignature } from './sentry.signature';
import { sentrySource } from './sentry.source';

const clientSecret = '5b1e0c9f27d84a3f8e6b2d1c0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a19';
const body = readFileSync(join(__dirname, 'fixtures', 'metric-alert-critical.json'));
const now = new Date('2025-03-14T09:20:13.000Z');
const secondsAgo = (seconds: number) => String(now.getTime() / 1000 - seconds);
const sign = (bytes: Buffer, secret = clientSecret) =>
  createHmac('sha256', secret).update(bytes).digest('hex');
const headers = (overrides: Record<string, string | undefined> = {}) => ({
  'sentry-hook-resource': 'metric_alert',
  'sentry-hook-signature': sign(body),
  'sentry-hook-timestamp': secondsAgo(2),
  'request-id': '0f6a4c1e-2b7d-4e9a-8c3f-5d1b0a9e7c26',
  ...overrides,
});

describe('Sentry-Hook-Signature', () => {
  it('an HMAC-SHA256 of the exact body with the client secret is valid', () => {
    expect(verifySentrySignature(body, headers(), clientSecret, {}, now)).toEqual({ ok: true });
  });

  it('a tampered body is refused', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('"critical"', '"warning"'));
    expect(verifySentrySignature(tampered, headers(), clientSecret, {}, now)).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it('the same JSON re-serialized is refused: the signature covers the bytes sent', () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(verifySentrySignature(reserialized, headers(), clientSecret, {}, now)).toMatchObject({
      ok: false,
    });
  });

  it('a signature made with another secret is refused', () => {
    const forged = headers({ 'sentry-hook-signature': sign(body, 'not-the-client-secret') });
    expect(verifySentrySignature(body, forged, clientSecret, {}, now)).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it('a missing or malformed signature is refused', () => {
    const missing = headers({ 'sentry-hook-signature': undefined });
    const truncated = headers({ 'sentry-hook-signature': sign(body).slice(0, 40) });
    expect(verifySentrySignature(body, missing, clientSecret, {}, now)).toEqual({
      ok: false,
      reason: 'missing-signature',
    });
    expect(verifySentrySignature(body, truncated, clientSecret, {}, now)).toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
  });

  it('an expired timestamp is refused', () => {
    const stale = headers({ 'sentry-hook-timestamp': secondsAgo(301) });
    expect(verifySentrySignature(body, stale, clientSecret, {}, now)).toEqual({
      ok: false,
      reason: 'timestamp-outside-tolerance',
    });
  });

  it('a timestamp five minutes old is still accepted', () => {
    const old = headers({ 'sentry-hook-timestamp': secondsAgo(300) });
    expect(verifySentrySignature(body, old, clientSecret, {}, now)).toEqual({ ok: true });
  });

  it('a missing timestamp is refused unless the integration allows it', () => {
    const without = headers({ 'sentry-hook-timestamp': undefined });
    expect(verifySentrySignature(body, without, clientSecret, {}, now)).toEqual({
      ok: false,
      reason: 'missing-timestamp',
    });
    expect(
      verifySentrySignature(body, without, clientSecret, { requireTimestamp: false }, now),
    ).toEqual({ ok: true });
  });

  it('a timestamp that is not Unix seconds is refused', () => {
    const iso = headers({ 'sentry-hook-timestamp': now.toISOString() });
    expect(verifySentrySignature(body, iso, clientSecret, {}, now)).toEqual({
      ok: false,
      reason: 'malformed-timestamp',
    });
  });

  describe('as the source authenticates a delivery', () => {
    const delivery = (h: Record<string, string | undefined>): WebhookDelivery => ({
      rawBody: body,
      headers: h,
      query: {},
      receivedAt: now,
    });

    it('with the client secret, a signed delivery authenticates', () => {
      expect(
        sentrySource.authenticate(delivery(headers()), { signingSecret: clientSecret }),
      ).toEqual({ ok: true, method: 'sentry-hmac-sha256' });
    });

    it('with the client secret, an unsigned delivery is refused', () => {
      const unsigned = headers({ 'sentry-hook-signature': undefined });
      expect(
        sentrySource.authenticate(delivery(unsigned), { signingSecret: clientSecret }),
      ).toEqual({ ok: false, reason: 'missing-signature' });
    });

    it('without a client secret the webhook layer authenticates', () => {
      expect(sentrySource.authenticate(delivery(headers()), {})).toEqual({ ok: 'not-applicable' });
    });
  });
});
