import { generateKeyPairSync, sign } from 'node:crypto';
import {
  snsCertificateUrlProblem,
  snsStringToSign,
  verifySnsSignature,
  type SignedSnsFields,
} from './cloudwatch-sns.signature';

describe('the SNS string to sign', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const now = new Date('2025-03-14T09:12:42Z');
  const base: SignedSnsFields = {
    Type: 'Notification',
    MessageId: '7f1e0c2a-5b4d-5c6e-8f9a-0b1c2d3e4f5a',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
    Message: 'line one\nline two',
    Timestamp: '2025-03-14T09:12:41.552Z',
    SignatureVersion: '2',
    Signature: '',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
  };
  const signed = (fields: SignedSnsFields) => ({
    ...fields,
    Signature: sign(
      fields.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256',
      Buffer.from(snsStringToSign(fields)),
      privateKey,
    ).toString('base64'),
  });

  it('lists key and value lines in AWS order, leaving out an absent Subject', () => {
    expect(snsStringToSign(base)).toBe(
      'Message\nline one\nline two\nMessageId\n7f1e0c2a-5b4d-5c6e-8f9a-0b1c2d3e4f5a\n' +
        'Timestamp\n2025-03-14T09:12:41.552Z\nTopicArn\narn:aws:sns:us-east-1:123456789012:ops\nType\nNotification\n',
    );
    expect(snsStringToSign({ ...base, Subject: 'hi' })).toContain(
      'MessageId\n7f1e0c2a-5b4d-5c6e-8f9a-0b1c2d3e4f5a\nSubject\nhi\nTimestamp',
    );
  });

  it('signs SubscribeURL and Token for confirmations', () => {
    const confirmation = {
      ...base,
      Type: 'SubscriptionConfirmation',
      SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?x',
      Token: 't0k',
    };
    expect(snsStringToSign(confirmation)).toContain(
      'SubscribeURL\nhttps://sns.us-east-1.amazonaws.com/?x\nTimestamp',
    );
    expect(snsStringToSign(confirmation)).toContain('Token\nt0k\nTopicArn');
  });

  it.each(['1', '2'])(
    'verifies SignatureVersion %s with a public key from the fetcher',
    async (version) => {
      const message = signed({ ...base, SignatureVersion: version });
      await expect(verifySnsSignature(message, async () => publicPem, now)).resolves.toMatchObject({
        ok: true,
      });
    },
  );

  it.each(['Message', 'MessageId', 'Timestamp', 'TopicArn', 'Type'] as const)(
    'fails when %s changes',
    async (field) => {
      const message = {
        ...signed(base),
        [field]: field === 'Timestamp' ? '2025-03-14T09:12:40.000Z' : 'changed',
      };
      await expect(verifySnsSignature(message, async () => publicPem, now)).resolves.toMatchObject({
        ok: false,
      });
    },
  );

  it('reports a fetcher failure as unauthenticated, not as a crash', async () => {
    const failing = async () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(verifySnsSignature(signed(base), failing, now)).resolves.toEqual({
      ok: false,
      reason: 'signing certificate unavailable: ECONNREFUSED',
    });
  });
});

describe('where the SNS signing certificate may come from', () => {
  const pem = '/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';

  it.each([
    `https://sns.us-east-1.amazonaws.com${pem}`,
    `https://sns.eu-west-1.amazonaws.com${pem}`,
    `https://sns.ap-southeast-2.amazonaws.com${pem}`,
    `https://sns.us-gov-west-1.amazonaws.com${pem}`,
    `https://sns.cn-north-1.amazonaws.com.cn${pem}`,
    `https://sns.cn-northwest-1.amazonaws.com.cn${pem}`,
  ])('accepts AWS SNS at %s', (url) => {
    expect(snsCertificateUrlProblem(url)).toBeUndefined();
  });

  it.each([
    // S3 buckets and other AWS hosts anyone can put a file on
    `https://sns.s3.amazonaws.com${pem}`,
    `https://sns.s3-us-west-2.amazonaws.com${pem}`,
    `https://sns.s3-website-us-east-1.amazonaws.com${pem}`,
    `https://bucket.s3.amazonaws.com${pem}`,
    `https://sns.us-east-1.amazonaws.com.evil.com${pem}`,
    `https://sns.us-east-1.amazonaws.com@evil.com${pem}`,
    `https://evil.com/sns.us-east-1.amazonaws.com${pem}`,
    `https://sns.us-east-1.amazonaws.com.${pem}`,
    `https://sns.cn-north-1.amazonaws.com.cn.evil.com${pem}`,
    `http://sns.us-east-1.amazonaws.com${pem}`,
    `https://sns.us-east-1.amazonaws.com:8443${pem}`,
    // the certificate's own path, and nothing else
    'https://sns.us-east-1.amazonaws.com/cert.pem',
    'https://sns.us-east-1.amazonaws.com/',
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-xyz.pem',
    `https://sns.us-east-1.amazonaws.com/bucket${pem}`,
    `https://sns.us-east-1.amazonaws.com${pem}?x=1`,
    `https://sns.us-east-1.amazonaws.com${pem}#x`,
    `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription`,
    'not a url',
  ])('refuses %s', (url) => {
    expect(snsCertificateUrlProblem(url)).toEqual(expect.stringContaining('SigningCertURL'));
  });

  it('never fetches from a refused URL', async () => {
    const fetcher = jest.fn(async () => 'never');
    const result = await verifySnsSignature(
      {
        Type: 'Notification',
        MessageId: 'm',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
        Message: 'x',
        Timestamp: '2025-03-14T09:12:41.552Z',
        SignatureVersion: '2',
        Signature: '',
        SigningCertURL: `https://sns.s3.amazonaws.com${pem}`,
      },
      fetcher,
      new Date('2025-03-14T09:12:42Z'),
    );
    expect(result).toMatchObject({ ok: false });
    expect(fetcher).not.toHaveBeenCalled();
  });
});
