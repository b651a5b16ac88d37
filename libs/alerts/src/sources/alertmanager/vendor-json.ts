import { plainToInstance, type ClassConstructor } from 'class-transformer';
import {
  registerDecorator,
  validateSync,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import type { ParseResult } from '../../alert-source';

// Not Alertmanager-specific: every vendor source parses its body this way. It lives here only
// because the sources' shared folder is not ours to create; move it there when it exists.

/**
 * Reads a vendor's JSON body into its DTO. Vendors add fields freely, so unknown fields are
 * stripped from the DTO (the raw body keeps them) rather than refused.
 */
export function parseVendorJson<T extends object>(
  dto: ClassConstructor<T>,
  rawBody: Buffer,
  invalidStatus: 400 | 422 = 422,
): ParseResult<T> {
  const json = readJson(rawBody);
  if (!json.ok) return { ok: false, status: 400, problems: [json.problem] };
  if (!isPlainObject(json.value)) {
    return { ok: false, status: invalidStatus, problems: ['the body must be a JSON object'] };
  }
  const payload = plainToInstance(dto, json.value);
  const errors = validateSync(payload, {
    whitelist: true,
    forbidNonWhitelisted: false,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) {
    return { ok: false, status: invalidStatus, problems: describeErrors(errors) };
  }
  return { ok: true, payload };
}

/** The body as plain JSON, for `raw` (the DTO has lost the fields nobody declared). */
export function readJson(rawBody: Buffer):
  | { ok: true; value: unknown }
  | {
      ok: false;
      problem: string;
    } {
  if (rawBody.length === 0) return { ok: false, problem: 'the body is empty' };
  try {
    return { ok: true, value: JSON.parse(rawBody.toString('utf8')) as unknown };
  } catch {
    return { ok: false, problem: 'the body is not valid JSON' };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeErrors(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const at = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      path ? `${path}.${message}` : message,
    );
    return [...own, ...describeErrors(error.children ?? [], at)];
  });
}

/** Labels, annotations and tags: a flat JSON object whose values are all strings. */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an object of strings', ...options },
      validator: {
        validate: (value: unknown) =>
          isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string'),
      },
    });
}
