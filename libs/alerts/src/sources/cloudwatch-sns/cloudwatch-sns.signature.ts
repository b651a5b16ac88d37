import { X509Certificate, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { AuthenticationResult } from '../../alert-source';

/** Fetches the PEM at SigningCertURL (a certificate; a bare public key is accepted for tests). */
export type SigningCertificateFetcher = (url: URL) => Promise<string>;

/** The fields SNS signs, in the order it signs them (AWS "Verifying the signatures" guide). */
export interface SignedSnsFields {
  Type: string;
  Message: string;
  MessageId: string;
  Subject?: string;
  SubscribeURL?: string;
  Timestamp: string;
  Token?: string;
  TopicArn: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
}

/**
 * `sns.<region>.amazonaws.com`, GovCloud's `sns.us-gov-west-1.amazonaws.com` and China's
 * `sns.cn-north-1.amazonaws.com.cn`. The region must look like one: any label would also match
 * S3's `<bucket>.s3.amazonaws.com` and `<bucket>.s3-<region>.amazonaws.com`, where whoever owns a
 * bucket named `sns` could serve a certificate of their own.
 */
const SNS_HOST =
  /^sns\.(?:(?:[a-z]{2}|us-gov)-[a-z]+-\d{1,2}\.amazonaws\.com|cn-[a-z]+-\d{1,2}\.amazonaws\.com\.cn)$/;
/** Where SNS serves its signing certificates (AWS "Verifying the signatures" guide). */
const SNS_CERTIFICATE_PATH = /^\/SimpleNotificationService-[0-9a-f]+\.pem$/i;
const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };
/** SNS retries keep the original Timestamp; its HTTP delivery policies retry for up to an hour. */
export const DEFAULT_MAX_MESSAGE_AGE_MS = 60 * 60 * 1000;
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Only AWS's own SNS hosts may serve the certificate or the subscribe link (no SSRF, no spoofing). */
export function snsUrlProblem(value: string | undefined, what: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    return `${what} is not a URL`;
  }
  if (url.protocol !== 'https:') return `${what} must use https`;
  if (!SNS_HOST.test(url.hostname))
    return `${what} host ${url.hostname} is not sns.<region>.amazonaws.com(.cn)`;
  if (url.username || url.password || url.port)
    return `${what} must not carry credentials or a port`;
  return undefined;
}

/** snsUrlProblem, and the certificate's own path: `/SimpleNotificationService-<hex>.pem`. */
export function snsCertificateUrlProblem(value: string | undefined): string | undefined {
  const what = 'SigningCertURL';
  const problem = snsUrlProblem(value, what);
  if (problem) return problem;
  const url = new URL(value!);
  if (!SNS_CERTIFICATE_PATH.test(url.pathname) || url.search || url.hash) {
    return `${what} must be /SimpleNotificationService-<hex>.pem on SNS`;
  }
  return undefined;
}

export function snsStringToSign(message: SignedSnsFields): string {
  const keys =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const fields = message as unknown as Record<string, string | undefined>;
  return keys
    .filter((key) => fields[key] !== undefined)
    .map((key) => `${key}\n${fields[key]}\n`)
    .join('');
}

export async function verifySnsSignature(
  message: SignedSnsFields,
  fetchCertificate: SigningCertificateFetcher,
  now: Date,
  maxAgeMs = DEFAULT_MAX_MESSAGE_AGE_MS,
): Promise<AuthenticationResult> {
  const algorithm = ALGORITHMS[message.SignatureVersion];
  if (!algorithm)
    return { ok: false, reason: `unknown SignatureVersion ${message.SignatureVersion}` };
  const urlProblem = snsCertificateUrlProblem(message.SigningCertURL);
  if (urlProblem) return { ok: false, reason: urlProblem };
  const age = now.getTime() - Date.parse(message.Timestamp);
  if (Number.isNaN(age)) return { ok: false, reason: 'Timestamp is not a date' };
  if (age > maxAgeMs) return { ok: false, reason: 'message expired (Timestamp too old)' };
  if (age < -CLOCK_SKEW_MS) return { ok: false, reason: 'Timestamp is in the future' };

  const key = await signingKey(message.SigningCertURL, fetchCertificate, now);
  if ('reason' in key) return { ok: false, reason: key.reason };
  const signed = Buffer.from(snsStringToSign(message), 'utf8');
  const valid = verify(algorithm, signed, key.key, Buffer.from(message.Signature, 'base64'));
  return valid
    ? { ok: true, method: `sns-signature-v${message.SignatureVersion}` }
    : { ok: false, reason: 'SNS signature does not match' };
}

async function signingKey(
  url: string,
  fetchCertificate: SigningCertificateFetcher,
  now: Date,
): Promise<{ key: KeyObject } | { reason: string }> {
  let pem: string;
  try {
    pem = await fetchCertificate(new URL(url));
  } catch (error) {
    return { reason: `signing certificate unavailable: ${(error as Error).message}` };
  }
  try {
    if (!pem.includes('BEGIN CERTIFICATE')) return { key: createPublicKey(pem) };
    const certificate = new X509Certificate(pem);
    const time = now.getTime();
    if (time < Date.parse(certificate.validFrom) || time > Date.parse(certificate.validTo)) {
      return { reason: 'signing certificate expired or not yet valid' };
    }
    return { key: certificate.publicKey };
  } catch {
    return { reason: 'signing certificate is not a readable PEM' };
  }
}
