import { UnsupportedMediaTypeException } from '@nestjs/common';

interface RequestLike {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The JSON parser silently skips other content types, which would hand the handler an empty body
 * and turn a client's wrong header into confusing "field is required" errors. Say 415 instead.
 * `exemptPrefixes` are paths that parse their own bodies (e.g. vendor webhooks).
 */
export function jsonOnlyMiddleware(exemptPrefixes: readonly string[] = []) {
  return (req: RequestLike, _res: unknown, next: (error?: unknown) => void): void => {
    if (!WITH_BODY.has(req.method) || !hasBody(req) || isJson(req.headers['content-type']))
      return next();
    const path = req.path.toLowerCase();
    if (exemptPrefixes.some((prefix) => path.startsWith(prefix))) return next();
    next(
      new UnsupportedMediaTypeException({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Request bodies must be application/json',
      }),
    );
  };
}

function hasBody(req: RequestLike): boolean {
  const length = req.headers['content-length'];
  return (
    req.headers['transfer-encoding'] !== undefined ||
    (typeof length === 'string' && Number(length) > 0)
  );
}

function isJson(contentType: string | string[] | undefined): boolean {
  if (typeof contentType !== 'string') return false;
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}
