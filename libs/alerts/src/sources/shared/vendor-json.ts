import type { ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { JSON_CONTENT_TYPE, jsonNestsDeeperThan, tooDeepProblem } from '@sitrep/platform';
import type { ParseResult, WebhookDelivery } from '../../alert-source';
import { dtoInstance } from './dto-instance';

/** A body we could not read: 400 (not JSON, or not the declared content type). */
export type BodyProblem = { ok: false; status: 400; problems: string[] };

export interface ParseJsonOptions {
  /** Content types accepted when the sender declares one; a delivery without one is read anyway. */
  accepted?: RegExp;
  /** The status of JSON of the wrong shape: 422, or 400 for vendors that answer so (PagerDuty). */
  invalidStatus?: 400 | 422;
  /** Where the value sits in the body, prefixed to every problem (`Message.AlarmName ...`). */
  where?: string;
}

/**
 * Reads a vendor's JSON body into its DTO: {@link readJsonBody}, then {@link validatePayload}.
 * Vendors add fields freely, so unknown fields are stripped from the DTO (the raw body keeps
 * them) rather than refused.
 */
export function parseVendorJson<T extends object>(
  dto: ClassConstructor<T>,
  delivery: WebhookDelivery,
  options: ParseJsonOptions = {},
): ParseResult<T> {
  const body = readJsonBody(delivery, options.accepted);
  return body.ok ? validatePayload(dto, body.value, options) : body;
}

/**
 * The body as JSON; 400 when it is empty, not JSON, nested too deeply to read (JSON_MAX_DEPTH), or
 * declared as another content type.
 */
export function readJsonBody(
  delivery: WebhookDelivery,
  accepted: RegExp = JSON_CONTENT_TYPE,
): { ok: true; value: unknown } | BodyProblem {
  const contentType = delivery.headers['content-type'];
  if (contentType !== undefined && !accepted.test(contentType)) {
    return { ok: false, status: 400, problems: [`content-type ${contentType} is not accepted`] };
  }
  if (delivery.rawBody.length === 0) {
    return { ok: false, status: 400, problems: ['the body is empty'] };
  }
  const parsed = parsedOnce(delivery.rawBody);
  if (parsed.ok) return parsed;
  const problem = parsed.tooDeep ? tooDeepProblem() : 'the body is not valid JSON';
  return { ok: false, status: 400, problems: [problem] };
}

/**
 * The delivery's JSON as received, for `NormalizedAlert.raw` (DTOs are whitelisted copies): null
 * for an empty body, the text itself when it is not JSON.
 */
export function rawJsonOf({ rawBody }: Pick<WebhookDelivery, 'rawBody'>): unknown {
  const parsed = parsedOnce(rawBody);
  if (parsed.ok) return parsed.value;
  return parsed.text.trim() === '' ? null : parsed.text;
}

type Parsed = { ok: true; value: unknown } | { ok: false; text: string; tooDeep?: true };

/**
 * Bodies already parsed, by their bytes: a source reads the JSON for its DTO and again for the raw
 * alert, and parsing is a good part of a small delivery's cost. Nothing changes a parsed value
 * (DTOs are copies, and raw alerts are only read).
 */
const parsedBodies = new WeakMap<Buffer, Parsed>();

function parsedOnce(rawBody: Buffer): Parsed {
  let parsed = parsedBodies.get(rawBody);
  if (parsed) return parsed;
  parsed = parsedJson(rawBody.toString('utf8'));
  parsedBodies.set(rawBody, parsed);
  return parsed;
}

/**
 * JSON text parsed, unless it is not JSON or nests too deeply to be read (JSON_MAX_DEPTH): also
 * for JSON carried in a field, as SNS carries CloudWatch's.
 */
export function parsedJson(text: string): Parsed {
  if (jsonNestsDeeperThan(text)) return { ok: false, text, tooDeep: true };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, text };
  }
}

/** Validates like the webhook layer: whitelist, unknown vendor fields tolerated. */
export function validatePayload<T extends object>(
  dto: ClassConstructor<T>,
  plain: unknown,
  { where = '', invalidStatus = 422 }: Omit<ParseJsonOptions, 'accepted'> = {},
): ParseResult<T> {
  if (!isPlainObject(plain)) {
    return {
      ok: false,
      status: invalidStatus,
      problems: [`${where || 'the body'} must be a JSON object`],
    };
  }
  const payload = dtoInstance(dto, plain);
  const errors = validateSync(payload, {
    whitelist: true,
    forbidNonWhitelisted: false,
    forbidUnknownValues: true,
  });
  if (errors.length === 0) return { ok: true, payload };
  return {
    ok: false,
    status: invalidStatus,
    problems: errors.flatMap((error) => problemsOf(error, where)),
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Each constraint's message with the property named by its full path (`alerts.1.status ...`). */
function problemsOf(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.replace(error.property, path),
  );
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, path))];
}
