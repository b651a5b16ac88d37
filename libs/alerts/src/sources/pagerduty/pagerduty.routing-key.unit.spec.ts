import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { pagerDutySource } from './pagerduty.source';

const routingKey = 'R0b7e4c2a9d15f3e8c6a0d2b4f7e9c1a';
const trigger = readFileSync(join(__dirname, 'fixtures', 'trigger.json'));
const delivery = (rawBody: Buffer): WebhookDelivery => ({
  rawBody,
  headers: {},
  query: {},
  receivedAt: new Date('2025-03-14T10:00:00.000Z'),
});
const withRoutingKey = (key: unknown) => {
  const json = JSON.parse(trigger.toString('utf8'));
  return Buffer.from(JSON.stringify({ ...json, routing_key: key }));
};

describe('PagerDuty routing key', () => {
  it("the integration's routing key authenticates the event", () => {
    expect(pagerDutySource.authenticate(delivery(trigger), { vendorKey: routingKey })).toEqual({
      ok: true,
      method: 'pagerduty-routing-key',
    });
  });

  it('another routing key is refused', () => {
    const other = delivery(withRoutingKey('R0b7e4c2a9d15f3e8c6a0d2b4f7e9c1b'));
    expect(pagerDutySource.authenticate(other, { vendorKey: routingKey })).toEqual({
      ok: false,
      reason: 'routing_key does not match this integration',
    });
  });

  it('a prefix of the routing key is refused', () => {
    const prefix = delivery(withRoutingKey(routingKey.slice(0, 16)));
    expect(pagerDutySource.authenticate(prefix, { vendorKey: routingKey })).toMatchObject({
      ok: false,
    });
  });

  it('an event without a routing key, or a body that is not JSON, is refused', () => {
    expect(
      pagerDutySource.authenticate(delivery(withRoutingKey(undefined)), { vendorKey: routingKey }),
    ).toEqual({ ok: false, reason: 'routing_key is missing' });
    expect(
      pagerDutySource.authenticate(delivery(Buffer.from('not json')), { vendorKey: routingKey }),
    ).toEqual({ ok: false, reason: 'routing_key is missing' });
  });

  it('a routing key that is not a string is refused', () => {
    expect(
      pagerDutySource.authenticate(delivery(withRoutingKey(12345)), { vendorKey: routingKey }),
    ).toMatchObject({ ok: false });
  });

  it('without a routing key on the integration the webhook layer authenticates', () => {
    expect(pagerDutySource.authenticate(delivery(trigger), {})).toEqual({ ok: 'not-applicable' });
  });
});
