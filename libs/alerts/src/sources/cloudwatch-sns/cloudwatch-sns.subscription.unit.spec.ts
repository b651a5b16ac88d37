import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handshake } from '../../alert-source';
import { confirmSnsSubscription, createCloudWatchSnsSource } from './cloudwatch-sns.source';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const SUBSCRIBE_URL = (
  JSON.parse(fixture('subscription-confirmation.json')) as Record<string, string>
).SubscribeURL;
const CONFIRMED = fixture('confirm-subscription-response.xml');
const SUBSCRIPTION_ARN =
  'arn:aws:sns:eu-west-1:210987654321:sitrep-prod-alarms:4b9e3c1a-7d2f-4e8b-a6c5-0f1e2d3c4b5a';

/** Stands in for AWS (unreachable from tests): answers every GET with `answer`, recording it. */
function aws(answer: () => Promise<string>) {
  const asked: string[] = [];
  const confirm = async (url: URL) => {
    asked.push(url.toString());
    return answer();
  };
  return { asked, confirm };
}

describe('confirming an SNS subscription (SubscribeURL)', () => {
  it('visits the SubscribeURL once and records the subscription AWS names', async () => {
    const sns = aws(async () => CONFIRMED);
    expect(await confirmSnsSubscription(SUBSCRIBE_URL, sns.confirm)).toEqual({
      confirmed: true,
      subscriptionArn: SUBSCRIPTION_ARN,
    });
    expect(sns.asked).toEqual([new URL(SUBSCRIBE_URL).toString()]);
  });

  it.each([
    ['http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription', 'must use https'],
    ['https://sns.eu-west-1.amazonaws.com.evil.example/?x=1', 'is not sns.<region>.amazonaws.com'],
    ['https://169.254.169.254/latest/meta-data/', 'is not sns.<region>.amazonaws.com'],
    ['https://user:pw@sns.eu-west-1.amazonaws.com/', 'must not carry credentials or a port'],
    ['not a url', 'is not a URL'],
  ])('never fetches %s (%s)', async (url, problem) => {
    const sns = aws(async () => CONFIRMED);
    const answer = await confirmSnsSubscription(url, sns.confirm);
    expect(answer).toEqual({ confirmed: false, error: expect.stringContaining(problem) });
    expect(sns.asked).toEqual([]);
  });

  it('records why when AWS cannot be reached or refuses', async () => {
    const refused = aws(async () => {
      throw new Error('GET https://sns.eu-west-1.amazonaws.com/ answered 403');
    });
    expect(await confirmSnsSubscription(SUBSCRIBE_URL, refused.confirm)).toEqual({
      confirmed: false,
      error: 'GET https://sns.eu-west-1.amazonaws.com/ answered 403',
    });
    const odd = aws(async () => '<ErrorResponse><Error><Code>x</Code></Error></ErrorResponse>');
    expect(await confirmSnsSubscription(SUBSCRIBE_URL, odd.confirm)).toEqual({
      confirmed: false,
      error: 'the answer named no SubscriptionArn',
    });
  });

  describe('as the source’s handshake answer', () => {
    const confirmation: Handshake = {
      action: 'confirm-subscription',
      detail: { subscribeUrl: SUBSCRIBE_URL, topicArn: 'arn:aws:sns:eu-west-1:210987654321:x' },
    };
    const fetchSigningCertificate = async () => '';

    it('confirms a SubscriptionConfirmation', async () => {
      const sns = aws(async () => CONFIRMED);
      const source = createCloudWatchSnsSource({
        fetchSigningCertificate,
        confirmSubscription: sns.confirm,
      });
      expect(await source.answerHandshake!(confirmation)).toEqual({
        confirmed: true,
        subscriptionArn: SUBSCRIPTION_ARN,
      });
    });

    it('has nothing to do for an UnsubscribeConfirmation, or with no way to confirm', async () => {
      const sns = aws(async () => CONFIRMED);
      const source = createCloudWatchSnsSource({
        fetchSigningCertificate,
        confirmSubscription: sns.confirm,
      });
      expect(
        await source.answerHandshake!({ ...confirmation, action: 'unsubscribed' }),
      ).toBeUndefined();
      expect(sns.asked).toEqual([]);
      const unable = createCloudWatchSnsSource({ fetchSigningCertificate });
      expect(await unable.answerHandshake!(confirmation)).toBeUndefined();
    });
  });
});
