import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { opsgenieSource } from './opsgenie.source';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const receivedAt = new Date('2025-03-14T09:27:01.204Z');

const delivery = (body: Buffer | string): WebhookDelivery => ({
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
  headers: { 'content-type': 'application/json' },
  query: {},
  receivedAt,
  method: 'POST',
  path: '',
});

function outcomeOf(body: Buffer | string) {
  const d = delivery(body);
  const parsed = opsgenieSource.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = opsgenieSource.map(parsed.payload, d, {});
  return { outcome, reply: opsgenieSource.reply!(parsed.payload, outcome) };
}

const edited = (name: string, change: (json: { alert: Record<string, unknown> }) => void) => {
  const json = JSON.parse(fixture(name).toString('utf8')) as { alert: Record<string, unknown> };
  change(json);
  return JSON.stringify(json);
};

describe('Opsgenie outgoing webhook, posted to the integration URL', () => {
  it('Create fires the alert, keyed by its alias, at its creation time', () => {
    const { outcome, reply } = outcomeOf(fixture('webhook-create.json'));
    expect(outcome).toMatchObject({
      kind: 'alerts',
      alerts: [
        {
          source: 'opsgenie',
          dedupKey: 'payments-db-replication-lag',
          status: 'firing',
          severity: 'SEV2',
          summary: 'Payments DB replication lag above 30s',
          description: 'Replica pg-payments-2 is 47s behind the primary for 5 minutes.',
          service: 'pg-payments',
          startedAt: '2025-03-14T09:12:41.552Z',
          labels: {
            cluster: 'pg-payments',
            replica: 'pg-payments-2',
            priority: 'P2',
            tags: 'postgres,payments,prod',
            'opsgenie.source': 'zabbix-prod-eu',
            'opsgenie.tinyId': '1791',
            'opsgenie.integration': 'Sitrep',
          },
        },
      ],
    });
    expect(reply).toMatchObject({ status: 202 });
  });

  it('Close resolves the same key', () => {
    const { outcome } = outcomeOf(fixture('webhook-close.json'));
    expect(outcome).toMatchObject({
      kind: 'alerts',
      alerts: [
        {
          dedupKey: 'payments-db-replication-lag',
          status: 'resolved',
          endedAt: '2025-03-14T09:27:01.204Z',
          description: 'Replica caught up',
        },
      ],
    });
  });

  it('an alert without an alias is keyed by its alert id', () => {
    const body = edited('webhook-create.json', (json) => delete json.alert.alias);
    const { outcome } = outcomeOf(body);
    expect(outcome).toMatchObject({
      alerts: [{ dedupKey: '70413a06-38d6-4c85-92b8-5ebc900d42e2-1741943561552' }],
    });
  });

  it('Acknowledge is accepted and recorded, with who acknowledged, opening nothing', () => {
    const { outcome, reply } = outcomeOf(fixture('webhook-acknowledge.json'));
    expect(outcome).toEqual({
      kind: 'handshake',
      action: 'acknowledge',
      detail: { alias: 'payments-db-replication-lag', by: 'jane.doe@example.com' },
    });
    expect(reply.status).toBe(202);
  });

  it('any other action is accepted and ignored, saying why', () => {
    const { outcome } = outcomeOf(fixture('webhook-add-note.json'));
    expect(outcome).toEqual({
      kind: 'handshake',
      action: 'ignored',
      detail: {
        alias: 'payments-db-replication-lag',
        by: 'jane.doe@example.com',
        action: 'AddNote',
        reason: "Opsgenie's AddNote action changes no alert in Sitrep",
      },
    });
  });

  it('needs the alert id, and says so', () => {
    const body = edited('webhook-create.json', (json) => delete json.alert.alertId);
    const parsed = opsgenieSource.parse(delivery(body));
    expect(parsed).toMatchObject({ ok: false, status: 422 });
    if (!parsed.ok) expect(parsed.problems.join()).toContain('alertId');
  });

  it('an Alert API create posted to the same URL is still a create', () => {
    const { outcome } = outcomeOf(fixture('create-alert.json'));
    expect(outcome).toMatchObject({
      alerts: [{ dedupKey: 'payments-db-replication-lag', status: 'firing' }],
    });
  });
});
