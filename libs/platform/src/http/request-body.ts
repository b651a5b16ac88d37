import { gunzipSync, inflateSync } from 'node:zlib';
import { HttpException } from '@nestjs/common';
import { mayHoldUnstorable, unstorablePath } from '../database/storable-text';
import { JSON_MAX_DEPTH, jsonNestsDeeperThan } from './json-depth';
import { validationFailed } from './validation';

/** The largest request body accepted, as sent and once decompressed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** `application/json` and the `+json` types (`application/vnd.x+json`), with any parameters. */
export const JSON_CONTENT_TYPE = /^application\/([\w.-]+\+)?json\b/i;

interface BodyRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

type Done = (error: Error | null, body?: unknown) => void;

function refusal(statusCode: number, code: string, message: string): HttpException {
  return new HttpException({ code, message }, statusCode);
}

/**
 * The one reader of request bodies (the HTTP server's only content-type parser). Below
 * `rawPrefixes` handlers get the exact bytes, since vendors sign them and some do not send JSON;
 * everywhere else the body must be UTF-8 JSON, and anything else is a clear 4xx rather than an
 * empty body that would surface as confusing "field is required" errors. An empty body is no body.
 */
export function requestBodyParser(rawPrefixes: readonly string[]) {
  return (req: BodyRequest, body: Buffer, done: Done): void => {
    let parsed: unknown;
    try {
      parsed = parseBody(req, body, rawPrefixes);
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, parsed);
  };
}

function parseBody(req: BodyRequest, body: Buffer, rawPrefixes: readonly string[]): unknown {
  const bytes = decompressed(body, req.headers['content-encoding']);
  if (underPrefix(req.url, rawPrefixes)) return bytes;
  if (bytes.length === 0) return undefined;
  const { mediaType, charset } = contentTypeOf(req.headers['content-type']);
  if (!JSON_CONTENT_TYPE.test(mediaType)) {
    throw refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be application/json');
  }
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw refusal(
      415,
      'UNSUPPORTED_CHARSET',
      `Unsupported request charset "${charset}": send UTF-8`,
    );
  }
  const text = bytes.toString('utf8');
  if (jsonNestsDeeperThan(text)) {
    throw refusal(
      400,
      'JSON_TOO_DEEP',
      `The request body nests objects and arrays deeper than ${JSON_MAX_DEPTH} levels`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refusal(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  }
  const unstorable = mayHoldUnstorable(text) ? unstorablePath(parsed) : null;
  if (unstorable !== null) {
    const field = unstorable || 'the body';
    throw validationFailed([
      {
        field: unstorable,
        problems: [`${field} must not contain U+0000 or an unpaired UTF-16 surrogate`],
      },
    ]);
  }
  return parsed;
}

/** gzip and deflate are undone (within the same limit); other encodings are refused. */
function decompressed(body: Buffer, encoding: string | string[] | undefined): Buffer {
  const name = typeof encoding === 'string' ? encoding.trim().toLowerCase() : 'identity';
  if (name === 'identity' || name === '') return body;
  const inflate =
    name === 'gzip' || name === 'x-gzip' ? gunzipSync : name === 'deflate' ? inflateSync : null;
  if (!inflate) {
    throw refusal(
      415,
      'UNSUPPORTED_ENCODING',
      `Unsupported content encoding "${name}": send gzip, deflate or none`,
    );
  }
  try {
    return inflate(body, { maxOutputLength: BODY_LIMIT_BYTES });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw refusal(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large once decompressed');
    }
    throw refusal(400, 'MALFORMED_BODY', `The request body is not valid ${name}`);
  }
}

function contentTypeOf(header: string | string[] | undefined) {
  const [type, ...parameters] = (typeof header === 'string' ? header : '').split(';');
  const charset = parameters
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  return { mediaType: type.trim().toLowerCase(), charset };
}

/** The path of a request URL, without its query string. */
export function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

/** Case-insensitive, as routes are, so `/WEBHOOKS/...` cannot slip past the raw reading. */
export function underPrefix(url: string | undefined, prefixes: readonly string[]): boolean {
  const path = pathOf(url).toLowerCase();
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
