import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { verifyGrafanaSignature } from './grafana.signature';
import { grafanaSource } from './grafana.source';

const secret = 'grafana-contact-point-secret-7c1d';
const body = readFileSync(join(__dirname, 'fixtures', 'firing.json'));
const now = new Date('2025-06-02T12:10:00.000Z');
const nowSeconds = String(now.getTime() / 1000);

const sign = (...parts: (string | Buffer)[]) => {
  const hmac = createHmac('sha256', secret);
  parts.forEach((part) => hmac.update(part));
  return hmac.digest('hex');
};
const tampered = Buffer.from(body.toString('utf8').replace('94s behind', '14s behind'));
const secondsAgo = (seconds: number) => String(now.getTime() / 1000 - seconds);

describe('Grafana webhook signature', () => {
  describe('when Grafana signs the body alone (no timestamp header configured)', () => {
    const headers = { 'x-grafana-alerting-signature': sign(body) };

    it('a signature over the exact bytes is valid', () => {
      expect(verifyGrafanaSignature(body, headers, secret, {}, now)).toEqual({ ok: true });
    });

    it('the hex may arrive upper-cased', () => {
      const upper = { 'x-grafana-alerting-signature': sign(body).toUpperCase() };
      expect(verifyGrafanaSignature(body, upper, secret, {}, now)).toEqual({ ok: true });
    });

    it('a tampered body is refused', () => {
      expect(verifyGrafanaSignature(tampered, headers, secret, {}, now)).toEqual({
        ok: false,
        reason: 'signature-mismatch',
      });
    });

    it('a signature made with another secret is refused', () => {
      expect(verifyGrafanaSignature(body, headers, 'another-secret', {}, now)).toEqual({
        ok: false,
        reason: 'signature-mismatch',
      });
    });

    it('a missing signature is refused', () => {
      expect(verifyGrafanaSignature(body, {}, secret, {}, now)).toEqual({
        ok: false,
        reason: 'missing-signature',
      });
    });

    it('a signature that is not a SHA-256 hex digest is refused', () => {
      const headers = { 'x-grafana-alerting-signature': `sha256=${sign(body)}` };
      expect(verifyGrafanaSignature(body, headers, secret, {}, now)).toEqual({
        ok: false,
        reason: 'malformed-signature',
      });
    });

    it('is refused when the integration requires a timestamp', () => {
      expect(
        verifyGrafanaSignature(body, headers, secret, { requireTimestamp: true }, now),
      ).toEqual({ ok: false, reason: 'missing-timestamp' });
    });
  });

  describe('when Grafana signs "timestamp:body"', () => {
    const signedAt = (seconds: string) => ({
      'x-grafana-alerting-signature': sign(`${seconds}:`, body),
      'x-grafana-alerting-signature-timestamp': seconds,
    });

    it('a fresh signature is valid', () => {
      expect(verifyGrafanaSignature(body, signedAt(secondsAgo(30)), secret, {}, now)).toEqual({
        ok: true,
      });
    });

    it('a signature exactly five minutes old is still valid', () => {
      expect(verifyGrafanaSignature(body, signedAt(secondsAgo(300)), secret, {}, now)).toEqual({
        ok: true,
      });
    });

    it('an expired signature is refused', () => {
      expect(verifyGrafanaSignature(body, signedAt(secondsAgo(301)), secret, {}, now)).toEqual({
        ok: false,
        reason: 'timestamp-outside-tolerance',
      });
    });

    it('a timestamp from more than five minutes in the future is refused', () => {
      expect(verifyGrafanaSignature(body, signedAt(secondsAgo(-400)), secret, {}, now)).toEqual({
        ok: false,
        reason: 'timestamp-outside-tolerance',
      });
    });

    it('the tolerance can be widened per integration', () => {
      const verdict = verifyGrafanaSignature(
        body,
        signedAt(secondsAgo(600)),
        secret,
        { toleranceMs: 15 * 60_000 },
        now,
      );
      expect(verdict).toEqual({ ok: true });
    });

    it('a replayed signature under a fresh timestamp is refused', () => {
      const headers = {
        ...signedAt(secondsAgo(3_600)),
        'x-grafana-alerting-signature-timestamp': nowSeconds,
      };
      expect(verifyGrafanaSignature(body, headers, secret, {}, now)).toEqual({
        ok: false,
        reason: 'signature-mismatch',
      });
    });

    it('a tampered body is refused', () => {
      expect(verifyGrafanaSignature(tampered, signedAt(nowSeconds), secret, {}, now)).toEqual({
        ok: false,
        reason: 'signature-mismatch',
      });
    });

    it('a timestamp that is not Unix seconds is refused', () => {
      const headers = { ...signedAt(nowSeconds), 'x-grafana-alerting-signature-timestamp': 'soon' };
      expect(verifyGrafanaSignature(body, headers, secret, {}, now)).toEqual({
        ok: false,
        reason: 'malformed-timestamp',
      });
    });

    it('header names configured on the contact point are honoured', () => {
      const headers = {
        'x-sitrep-signature': sign(`${nowSeconds}:`, body),
        'x-sitrep-timestamp': nowSeconds,
      };
      const options = {
        signatureHeader: 'x-sitrep-signature',
        timestampHeader: 'x-sitrep-timestamp',
      };
      expect(verifyGrafanaSignature(body, headers, secret, options, now)).toEqual({ ok: true });
    });
  });

  describe('as the source authenticates a delivery', () => {
    const delivery = (headers: Record<string, string>, rawBody = body): WebhookDelivery => ({
      rawBody,
      headers,
      query: {},
      receivedAt: now,
    });

    it('without a signing secret the webhook layer authenticates (basic or bearer)', () => {
      expect(grafanaSource.authenticate(delivery({}), {})).toEqual({ ok: 'not-applicable' });
    });

    it('with a signing secret a valid signature authenticates, checked at receipt time', () => {
      const headers = {
        'x-grafana-alerting-signature': sign(`${secondsAgo(60)}:`, body),
        'x-grafana-alerting-signature-timestamp': secondsAgo(60),
      };
      expect(grafanaSource.authenticate(delivery(headers), { signingSecret: secret })).toEqual({
        ok: true,
        method: 'grafana-hmac-sha256',
      });
    });

    it('with a signing secret an unsigned delivery is refused', () => {
      expect(grafanaSource.authenticate(delivery({}), { signingSecret: secret })).toEqual({
        ok: false,
        reason: 'missing-signature',
      });
    });

    describe('when the integration names the headers, a timestamp one among them', () => {
      const credentials = {
        signingSecret: secret,
        signatureHeaders: { signature: 'x-sig', timestamp: 'x-sig-time' },
      };
      const stamped = (seconds: string) => ({
        'x-sig': sign(`${seconds}:`, body),
        'x-sig-time': seconds,
      });

      it('a fresh stamped signature in those headers authenticates', () => {
        expect(grafanaSource.authenticate(delivery(stamped(secondsAgo(299))), credentials)).toEqual(
          { ok: true, method: 'grafana-hmac-sha256' },
        );
      });

      it('a body-only signature is refused: once captured it could be replayed for ever', () => {
        expect(grafanaSource.authenticate(delivery({ 'x-sig': sign(body) }), credentials)).toEqual({
          ok: false,
          reason: 'missing-timestamp',
        });
      });

      it('a stamp more than 5 minutes old or ahead is refused as a replay', () => {
        for (const seconds of [secondsAgo(301), secondsAgo(-301)]) {
          expect(grafanaSource.authenticate(delivery(stamped(seconds)), credentials)).toEqual({
            ok: false,
            reason: 'timestamp-outside-tolerance',
          });
        }
      });
    });
  });
});
