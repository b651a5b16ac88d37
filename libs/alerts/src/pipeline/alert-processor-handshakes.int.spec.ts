import { randomUUID } from 'node:crypto';
import type { IntegrationSettings } from '../alert-pipeline.port';
import type { DeliveryRecord } from '../intake/webhook-delivery.store';
import type { AlertPipelineService } from './alert-pipeline.service';
import { aQueuedAlert } from './testing/alert-fixtures';
import { alertProcessorFixtures } from './testing/alert-processor.int-fixtures';

/** Handshakes (an SNS subscription confirmation) answered by the processor. */
describe('the alert processor against real PostgreSQL', () => {
  const { world, processor, integration, accepted, enqueue, outcomeOf, alertsOf } =
    alertProcessorFixtures();
  let pipeline: AlertPipelineService;
  beforeAll(() => {
    ({ pipeline } = world);
  });
  const alert = aQueuedAlert;

  describe('handshakes', () => {
    const confirmation = { action: 'confirm-subscription', detail: { subscribeUrl: 'u' } };
    /** An accepted SNS SubscriptionConfirmation as the intake records it. */
    function handshakeDelivery(i: IntegrationSettings): DeliveryRecord {
      const record = accepted(i, []);
      return {
        ...record,
        source: 'cloudwatch-sns',
        outcome: { answer: { status: 200, body: {} }, handshake: confirmation },
      };
    }

    it('answers an accepted handshake as its source says and records the answer', async () => {
      const i = await integration({ source: 'cloudwatch-sns' });
      const handshake = handshakeDelivery(i);
      const asked: unknown[] = [];
      await enqueue(handshake);
      const p = processor({}, pipeline, async (source, h) => {
        asked.push({ source, h });
        return { confirmed: true, subscriptionArn: 'arn:sub' };
      });
      expect(await p.processOnce()).toBe(1);
      expect(asked).toEqual([{ source: 'cloudwatch-sns', h: confirmation }]);
      expect(await outcomeOf(handshake)).toEqual({
        status: 'processed',
        outcome: {
          alerts: [],
          handshake: {
            action: 'confirm-subscription',
            confirmed: true,
            subscriptionArn: 'arn:sub',
          },
        },
      });
    });

    it('records a failed answer with its reason, once, and the alerts around it go on', async () => {
      const i = await integration({ source: 'cloudwatch-sns' });
      const before = accepted(i, [alert({ payloadHash: 'before-handshake' })]);
      const handshake = handshakeDelivery(i);
      const after = accepted(i, [alert({ dedupKey: `after-${randomUUID()}` })]);
      await enqueue(before, handshake, after);
      let calls = 0;
      const p = processor({}, pipeline, async () => {
        calls += 1;
        throw new Error('GET https://sns.eu-west-1.amazonaws.com/ failed: ENOTFOUND');
      });
      expect(await p.processOnce()).toBe(3);
      expect(calls).toBe(1);
      expect((await outcomeOf(handshake)).outcome).toEqual({
        alerts: [],
        handshake: {
          action: 'confirm-subscription',
          error: 'GET https://sns.eu-west-1.amazonaws.com/ failed: ENOTFOUND',
        },
      });
      expect((await alertsOf(before)).map((a) => a.decision)).toEqual(['opened']);
      expect((await alertsOf(after)).map((a) => a.decision)).toEqual(['joined']);
    });

    it('records nothing more where the source has nothing to do', async () => {
      const i = await integration({ source: 'cloudwatch-sns' });
      const handshake = handshakeDelivery(i);
      await enqueue(handshake);
      expect(await processor({}, pipeline, async () => undefined).processOnce()).toBe(1);
      expect((await outcomeOf(handshake)).outcome).toEqual({ alerts: [] });
    });
  });
});
