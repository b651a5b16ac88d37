import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { pagerDutySource } from './pagerduty.source';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const receivedAt = new Date('2025-03-14T09:26:00.000Z');
const delivery = (body: Buffer | string, path = '/v2/change/enqueue'): WebhookDelivery => ({
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
  headers: { 'content-type': 'application/json' },
  query: {},
  receivedAt,
  path,
});

function outcomeOf(d: WebhookDelivery, serviceFrom?: string[]) {
  const parsed = pagerDutySource.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = pagerDutySource.map(parsed.payload, d, { serviceFrom });
  return { outcome, reply: pagerDutySource.reply!(parsed.payload, outcome) };
}

describe('PagerDuty change events (/v2/change/enqueue)', () => {
  it('are recorded as a change of their service, answered as PagerDuty answers', () => {
    const { outcome, reply } = outcomeOf(delivery(fixture('change.json')));
    expect(outcome).toEqual({
      kind: 'handshake',
      action: 'change',
      detail: {
        summary: 'Build Success - Increase snapshot create timeout to 30 seconds',
        at: '2025-03-14T09:25:58.315Z',
        service: 'payments',
        source: 'acme-build-pipeline-tool-default-i-9999',
        link: 'https://acme.pagerduty.dev/build/2',
      },
    });
    expect(reply).toEqual({
      status: 202,
      body: { status: 'success', message: 'Change event processed' },
    });
  });

  it('name their service by the custom details the integration says, else their source', () => {
    const change = JSON.parse(fixture('change.json').toString()) as {
      payload: { custom_details: Record<string, string>; timestamp?: string };
    };
    change.payload.custom_details = { app: 'checkout' };
    delete change.payload.timestamp;
    const d = delivery(JSON.stringify(change));
    expect(outcomeOf(d, ['app']).outcome).toMatchObject({
      detail: { service: 'checkout', at: '2025-03-14T09:26:00.000Z' },
    });
    expect(outcomeOf(d).outcome).toMatchObject({
      detail: { service: 'acme-build-pipeline-tool-default-i-9999' },
    });
  });

  it('need a summary, refused with PagerDuty’s 400', () => {
    const parsed = pagerDutySource.parse(delivery('{"routing_key":"x","payload":{}}'));
    expect(parsed).toMatchObject({ ok: false, status: 400 });
    if (!parsed.ok) expect(parsed.problems.join()).toContain('summary');
  });
});
