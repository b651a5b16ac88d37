import type {
  AlertSource,
  AuthenticationResult,
  HandshakeAnswer,
  MapOutcome,
  ParseResult,
  SourceCredentials,
  WebhookDelivery,
} from '../../alert-source';
import { tooDeepProblem } from '@sitrep/platform';
import { parsedJson, parseVendorJson, rawJsonOf, validatePayload } from '../shared/vendor-json';
import { CLOUDWATCH_SNS, mapCloudWatchAlarm } from './cloudwatch-sns.mapper';
import {
  CloudWatchAlarmDto,
  SnsEnvelopeDto,
  type CloudWatchSnsMessage,
} from './cloudwatch-sns.payload';
import {
  DEFAULT_MAX_MESSAGE_AGE_MS,
  snsUrlProblem,
  verifySnsSignature,
  type SigningCertificateFetcher,
} from './cloudwatch-sns.signature';

/** GETs SubscribeURL (already checked to be an AWS SNS host over HTTPS); resolves to the body. */
export type SubscriptionConfirmer = (url: URL) => Promise<string>;

export interface CloudWatchSnsSourceOptions {
  /** Fetches (and should cache) the PEM at SigningCertURL. */
  fetchSigningCertificate: SigningCertificateFetcher;
  /** Confirms a subscription; absent, SubscriptionConfirmation is recorded but not answered. */
  confirmSubscription?: SubscriptionConfirmer;
  maxMessageAgeMs?: number;
}

/** SNS posts `text/plain`; tools that replay deliveries often send JSON. */
const SNS_CONTENT_TYPE = /^(text\/plain|application\/json)\b/i;

export function createCloudWatchSnsSource(
  options: CloudWatchSnsSourceOptions,
): AlertSource<CloudWatchSnsMessage> {
  return {
    name: CLOUDWATCH_SNS,
    parse: parseSnsDelivery,
    authenticate: (delivery, credentials) => authenticateSns(delivery, credentials, options),
    // SNS HTTP(S) delivery policies retry for up to an hour, each retry with the message's own
    // MessageId (signed, in the body).
    retries: { windowMs: 3600 * 1000, deliveryIdOf: snsMessageIdOf },
    map(message, delivery): MapOutcome {
      if (message.type === 'Notification') {
        const raw = rawJsonOf(delivery);
        const alerts = mapCloudWatchAlarm(
          message.envelope,
          message.alarm,
          raw,
          delivery.receivedAt,
        );
        return { kind: 'alerts', alerts };
      }
      const { envelope } = message;
      return {
        kind: 'handshake',
        action:
          message.type === 'SubscriptionConfirmation' ? 'confirm-subscription' : 'unsubscribed',
        detail: {
          subscribeUrl: envelope.SubscribeURL ?? '',
          topicArn: envelope.TopicArn,
          token: envelope.Token ?? '',
          messageId: envelope.MessageId,
        },
      };
    },
    answerHandshake: async (handshake) =>
      handshake.action === 'confirm-subscription' && options.confirmSubscription
        ? confirmSnsSubscription(handshake.detail.subscribeUrl, options.confirmSubscription)
        : undefined,
  };
}

function snsMessageIdOf({ rawBody }: WebhookDelivery): string | undefined {
  try {
    const { MessageId } = JSON.parse(rawBody.toString('utf8')) as { MessageId?: unknown };
    return typeof MessageId === 'string' && MessageId !== '' ? MessageId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SNS confirms an HTTPS subscription when the endpoint visits SubscribeURL (within three days);
 * the answer is a ConfirmSubscriptionResponse naming the subscription. The URL was checked when
 * the delivery was parsed, and is checked again here: only AWS's SNS hosts are ever fetched.
 */
export async function confirmSnsSubscription(
  subscribeUrl: string | undefined,
  confirm: SubscriptionConfirmer,
): Promise<HandshakeAnswer> {
  const problem = snsUrlProblem(subscribeUrl, 'SubscribeURL');
  if (problem) return { confirmed: false, error: problem };
  let body: string;
  try {
    body = await confirm(new URL(subscribeUrl!));
  } catch (error) {
    return { confirmed: false, error: error instanceof Error ? error.message : String(error) };
  }
  const arn = /<SubscriptionArn>\s*([^<\s]+)\s*<\/SubscriptionArn>/.exec(body)?.[1];
  if (!arn) return { confirmed: false, error: 'the answer named no SubscriptionArn' };
  return { confirmed: true, subscriptionArn: arn };
}

export function parseSnsDelivery(delivery: WebhookDelivery): ParseResult<CloudWatchSnsMessage> {
  const envelope = parseVendorJson(SnsEnvelopeDto, delivery, { accepted: SNS_CONTENT_TYPE });
  if (!envelope.ok) return envelope;
  const headerType = delivery.headers['x-amz-sns-message-type'];
  if (headerType !== undefined && headerType !== envelope.payload.Type) {
    return {
      ok: false,
      status: 422,
      problems: [`x-amz-sns-message-type ${headerType} disagrees with Type`],
    };
  }
  if (envelope.payload.Type !== 'Notification') {
    const problem = snsUrlProblem(envelope.payload.SubscribeURL, 'SubscribeURL');
    if (problem) return { ok: false, status: 422, problems: [problem] };
    return { ok: true, payload: { type: envelope.payload.Type, envelope: envelope.payload } };
  }
  const message = parsedJson(envelope.payload.Message);
  if (!message.ok) {
    const problem = message.tooDeep
      ? tooDeepProblem('Message')
      : 'Message is not a CloudWatch alarm (not JSON)';
    return { ok: false, status: 422, problems: [problem] };
  }
  const alarm = validatePayload(CloudWatchAlarmDto, message.value, { where: 'Message' });
  if (!alarm.ok) return alarm;
  return {
    ok: true,
    payload: { type: 'Notification', envelope: envelope.payload, alarm: alarm.payload },
  };
}

/**
 * A valid SNS signature only proves that some AWS account's topic sent the message; anyone can
 * subscribe Sitrep's URL to a topic of their own. So the integration must name its topic ARN(s)
 * in `vendorKey` (comma or whitespace separated), and the signature is checked on top.
 */
export async function authenticateSns(
  delivery: WebhookDelivery,
  credentials: SourceCredentials,
  options: CloudWatchSnsSourceOptions,
): Promise<AuthenticationResult> {
  const allowedTopics = (credentials.vendorKey ?? '').split(/[\s,]+/).filter(Boolean);
  if (allowedTopics.length === 0) {
    return { ok: false, reason: 'no SNS topic ARN configured for this integration' };
  }
  const parsed = parseSnsDelivery(delivery);
  if (!parsed.ok) return { ok: false, reason: `not an SNS message: ${parsed.problems.join('; ')}` };
  const { envelope } = parsed.payload;
  if (!allowedTopics.includes(envelope.TopicArn)) {
    return {
      ok: false,
      reason: `topic ${envelope.TopicArn} is not configured for this integration`,
    };
  }
  const maxAge = options.maxMessageAgeMs ?? DEFAULT_MAX_MESSAGE_AGE_MS;
  return verifySnsSignature(envelope, options.fetchSigningCertificate, delivery.receivedAt, maxAge);
}
