import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ParseResult, WebhookDelivery } from '../../alert-source';
import type { AlertSeverity } from '../../normalized-alert';

/*
 * Helpers every JSON source shares. They live beside the generic JSON source only because the
 * sources/ folder has no shared home yet; they import nothing source-specific.
 */

export const DEFAULT_SEVERITY: AlertSeverity = 'SEV3';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

/** A body we could not read: 400 (not JSON, or not the declared content type). */
export type BodyProblem = { ok: false; status: 400; problems: string[] };

export function readJsonBody(
  delivery: WebhookDelivery,
  accepted: RegExp = JSON_TYPE,
): { ok: true; value: unknown } | BodyProblem {
  const contentType = delivery.headers['content-type'];
  if (contentType !== undefined && !accepted.test(contentType)) {
    return { ok: false, status: 400, problems: [`content-type ${contentType} is not accepted`] };
  }
  try {
    return { ok: true, value: JSON.parse(delivery.rawBody.toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, problems: ['body is not valid JSON'] };
  }
}

/** The delivery's JSON as received, for `NormalizedAlert.raw` (DTOs are whitelisted copies). */
export function rawJsonOf(delivery: WebhookDelivery): unknown {
  const text = delivery.rawBody.toString('utf8');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Validates like the webhook layer: whitelist, unknown vendor fields tolerated. */
export function validatePayload<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  where = '',
): ParseResult<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, status: 422, problems: [`${where || 'body'} must be a JSON object`] };
  }
  const payload = plainToInstance(cls, plain);
  const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length === 0) return { ok: true, payload };
  return { ok: false, status: 422, problems: errors.flatMap((e) => problemsOf(e, where)) };
}

function problemsOf(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.replace(error.property, path),
  );
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, path))];
}

/** Accepts ISO 8601 strings, epoch seconds or epoch milliseconds; undefined when unreadable. */
export function isoOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value < 1e12 ? value * 1000 : value).toISOString();
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return isoOf(Number(value));
  const time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * The contract asks for when the problem started, else when Sitrep received it. A resolve that
 * does not say when the problem started must not appear to start after it ended.
 */
export function startOf(started: string | undefined, ended: string | undefined, receivedAt: Date) {
  if (started) return started;
  const received = receivedAt.toISOString();
  return ended && ended < received ? ended : received;
}

/** Labels are strings; vendors send numbers, booleans and nulls in theirs. */
export function stringLabels(record: unknown, prefix = ''): Record<string, string> {
  if (typeof record !== 'object' || record === null) return {};
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    labels[`${prefix}${key}`] = String(value);
  }
  return labels;
}
