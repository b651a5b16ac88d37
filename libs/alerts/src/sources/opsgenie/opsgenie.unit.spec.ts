import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { OPSGENIE_SEVERITY } from './opsgenie.mapper';
import { opsgenieSource } from './opsgenie.source';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const receivedAt = new Date('2025-03-14T09:12:41.552Z');

function delivery(
  body: Buffer | string,
  path: string,
  query: Record<string, string> = {},
  authorization = 'GenieKey 5e1c0a47-92f3-4b8e-a1d6-0c7f3e2b9d48',
  method = 'POST',
): WebhookDelivery {
  return {
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers: { 'content-type': 'application/json', authorization },
    query,
    receivedAt,
    method,
    path,
  };
}
const byAlias = { identifierType: 'alias' };
const genieKey = 'GenieKey 5e1c0a47-92f3-4b8e-a1d6-0c7f3e2b9d48';
const put = (body: Buffer | string, path: string, query: Record<string, string> = byAlias) =>
  delivery(body, path, query, genieKey, 'PUT');

function outcomeOf(d: WebhookDelivery) {
  const parsed = opsgenieSource.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = opsgenieSource.map(parsed.payload, d, {});
  return { outcome, reply: opsgenieSource.reply!(parsed.payload, outcome) };
}
const create = () => delivery(fixture('create-alert.json'), '/v2/alerts');
const close = () =>
  delivery(fixture('close-alert.json'), '/v2/alerts/payments-db-replication-lag/close', {
    identifierType: 'alias',
  });

function alertsOf(d: WebhookDelivery) {
  const parsed = opsgenieSource.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = opsgenieSource.map(parsed.payload, d, {});
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return outcome.alerts;
}

describe('Opsgenie Alert API', () => {
  describe('when an alert is created', () => {
    it('fires an alert keyed by its alias with the priority as severity', () => {
      const [alert] = alertsOf(create());
      expect(alert).toMatchObject({
        source: 'opsgenie',
        dedupKey: 'payments-db-replication-lag',
        status: 'firing',
        severity: 'SEV2',
        summary: 'Payments DB replication lag above 30s',
        service: 'pg-payments',
        startedAt: '2025-03-14T09:12:41.552Z',
        labels: {
          cluster: 'pg-payments',
          replica: 'pg-payments-2',
          lagSeconds: '47',
          tags: 'postgres,payments,prod',
          priority: 'P2',
          'opsgenie.source': 'zabbix-prod-eu',
        },
      });
      expect(alert.description).toContain('47s behind');
      expect((alert.raw as { visibleTo: unknown[] }).visibleTo).toHaveLength(1);
    });

    it('without an alias, is keyed by its message so a retried post joins itself', () => {
      const body = { message: 'Disk full on build-agent-7' };
      const [first] = alertsOf(delivery(JSON.stringify(body), '/v2/alerts'));
      const [again] = alertsOf(delivery(JSON.stringify({ ...body, priority: 'P1' }), '/v2/alerts'));
      expect(first.dedupKey).toMatch(/^message-sha256:[0-9a-f]{32}$/);
      expect(again.dedupKey).toBe(first.dedupKey);
      expect(first.severity).toBe('SEV3');
    });

    it('needs a message, and says so', () => {
      const parsed = opsgenieSource.parse(delivery('{"alias":"x"}', '/v2/alerts'));
      expect(parsed).toMatchObject({ ok: false, status: 422 });
      if (!parsed.ok) expect(parsed.problems.join()).toContain('message');
    });

    it('answers 202 like Opsgenie, with a request id', () => {
      const parsed = opsgenieSource.parse(create());
      if (!parsed.ok) throw new Error('parse failed');
      const reply = opsgenieSource.reply!(
        parsed.payload,
        opsgenieSource.map(parsed.payload, create(), {}),
      );
      expect(reply.status).toBe(202);
      expect(reply.body).toMatchObject({
        result: 'Request will be processed',
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    });
  });

  describe('when an alert is closed by alias', () => {
    it('resolves the same dedup key', () => {
      const [alert] = alertsOf(close());
      expect(alert).toMatchObject({
        dedupKey: 'payments-db-replication-lag',
        status: 'resolved',
        summary: 'Closed by Monitoring Script',
        description: 'Replica caught up (lag 0.4s)',
        endedAt: '2025-03-14T09:12:41.552Z',
      });
    });

    it('accepts the empty body Alertmanager sends, and a URL-encoded alias', () => {
      const d = delivery('', '/v2/alerts/web%2F5xx%20rate/close', { identifierType: 'alias' });
      expect(alertsOf(d)[0]).toMatchObject({ dedupKey: 'web/5xx rate', status: 'resolved' });
    });

    it('refuses a close by id, which Sitrep cannot match', () => {
      const d = delivery('{}', '/v2/alerts/70413a06-38d6-4c85-92b8-5ebc900d42e2/close');
      expect(opsgenieSource.parse(d)).toEqual({
        ok: false,
        status: 422,
        problems: ['close is supported by alias only (identifierType=alias)'],
      });
    });

    it('refuses other Alert API operations', () => {
      const d = delivery('{}', '/v2/alerts/abc/snooze', { identifierType: 'alias' });
      expect(opsgenieSource.parse(d)).toMatchObject({ ok: false, status: 422 });
    });
  });

  describe('when Alertmanager updates an alert (update_alerts: true)', () => {
    const alias = '/v2/alerts/payments-db-replication-lag';

    it('a new message is a firing repeat of the alias with that summary', () => {
      const [alert] = alertsOf(put(fixture('update-message.json'), `${alias}/message`));
      expect(alert).toMatchObject({
        dedupKey: 'payments-db-replication-lag',
        status: 'firing',
        summary: '[FIRING:2] PaymentsDBReplicationLag pg-payments',
      });
    });

    it('a new description is a firing repeat of the alias with that description', () => {
      const [alert] = alertsOf(put(fixture('update-description.json'), `${alias}/description`));
      expect(alert).toMatchObject({
        dedupKey: 'payments-db-replication-lag',
        status: 'firing',
        description: expect.stringContaining('alertname = PaymentsDBReplicationLag'),
      });
    });

    it('is answered 202 as Opsgenie does', () => {
      const { reply } = outcomeOf(put(fixture('update-message.json'), `${alias}/message`));
      expect(reply).toMatchObject({ status: 202, body: { result: 'Request will be processed' } });
    });

    it('needs the new text, PUT, and the alias', () => {
      expect(opsgenieSource.parse(put('{}', `${alias}/message`))).toMatchObject({
        ok: false,
        status: 422,
      });
      const posted = delivery(fixture('update-message.json'), `${alias}/message`, byAlias);
      expect(opsgenieSource.parse(posted)).toEqual({
        ok: false,
        status: 422,
        problems: ['message is PUT, not POST'],
      });
      expect(
        opsgenieSource.parse(put(fixture('update-message.json'), `${alias}/message`, {})),
      ).toMatchObject({ ok: false, status: 422 });
    });
  });

  describe('when an alert is acknowledged by alias', () => {
    const path = '/v2/alerts/payments-db-replication-lag/acknowledge';

    it('is accepted without an alert, recording who acknowledged which alias', () => {
      const { outcome, reply } = outcomeOf(
        delivery(fixture('acknowledge-alert.json'), path, byAlias),
      );
      expect(outcome).toEqual({
        kind: 'handshake',
        action: 'acknowledge',
        detail: {
          alias: 'payments-db-replication-lag',
          by: 'jane.doe@example.com',
          note: 'Looking into it',
        },
      });
      expect(reply).toMatchObject({ status: 202, body: { result: 'Request will be processed' } });
    });

    it('takes an empty body', () => {
      const { outcome } = outcomeOf(delivery('', path, byAlias));
      expect(outcome).toMatchObject({
        action: 'acknowledge',
        detail: { alias: 'payments-db-replication-lag' },
      });
    });
  });

  describe('when a heartbeat is pinged', () => {
    it.each(['GET', 'POST'])('by %s, is recorded with its name and answered PONG', (method) => {
      const d = delivery('', '/v2/heartbeats/nightly%20backup/ping', {}, genieKey, method);
      const { outcome, reply } = outcomeOf(d);
      expect(outcome).toEqual({
        kind: 'handshake',
        action: 'heartbeat',
        detail: { name: 'nightly backup' },
      });
      expect(reply).toMatchObject({ status: 202, body: { result: 'PONG - Heartbeat received' } });
    });

    it('by another method, is refused', () => {
      const d = put('', '/v2/heartbeats/nightly-backup/ping', {});
      expect(opsgenieSource.parse(d)).toMatchObject({ ok: false, status: 422 });
    });
  });

  it('maps priorities P1–P5 to SEV1–SEV4', () => {
    expect(OPSGENIE_SEVERITY).toEqual({
      P1: 'SEV1',
      P2: 'SEV2',
      P3: 'SEV3',
      P4: 'SEV4',
      P5: 'SEV4',
    });
  });

  describe('the GenieKey', () => {
    const vendorKey = '5e1c0a47-92f3-4b8e-a1d6-0c7f3e2b9d48';

    it('is accepted when it matches the integration key', () => {
      expect(opsgenieSource.authenticate(create(), { vendorKey })).toEqual({
        ok: true,
        method: 'genie-key',
      });
    });

    it('is rejected when it differs, or when another scheme is used', () => {
      const wrong = delivery(
        '{}',
        '/v2/alerts',
        {},
        'GenieKey 5e1c0a47-92f3-4b8e-a1d6-0c7f3e2b9d49',
      );
      const bearer = delivery('{}', '/v2/alerts', {}, `Bearer ${vendorKey}`);
      expect(opsgenieSource.authenticate(wrong, { vendorKey })).toEqual({
        ok: false,
        reason: 'GenieKey does not match',
      });
      expect(opsgenieSource.authenticate(bearer, { vendorKey })).toMatchObject({ ok: false });
    });

    it('leaves bearer or basic auth to the webhook layer when no GenieKey is configured', () => {
      expect(opsgenieSource.authenticate(create(), {})).toEqual({ ok: 'not-applicable' });
    });
  });
});
