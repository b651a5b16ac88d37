import { generateKeyPairSync, sign } from 'node:crypto';
import {
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
