import { STATUS_CODES } from 'node:http';
import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE,
  isDatabaseUnavailable,
} from '../database/database-unavailable';
import { ensureRequestId, REQUEST_ID_HEADER } from './correlation-id';
import { redactedUrl } from './credential-redaction';
import { domainErrors, type DomainErrorRegistry } from './domain-error.registry';
import type { ErrorBody } from './error-body';

type Answer = Omit<ErrorBody, 'error' | 'requestId'>;

const INTERNAL: Answer = { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' };
const UNAVAILABLE: Answer = {
  statusCode: 503,
  code: DATABASE_UNAVAILABLE,
  message: 'The database is unavailable; nothing was done. Retry after Retry-After seconds',
};

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  url: string;
}

/** Fastify's reply, as far as an error answer needs it. */
interface HttpReply {
  sent: boolean;
  getHeader(name: string): unknown;
  header(name: string, value: string): unknown;
  status(code: number): { send(body: unknown): unknown };
}

/**
 * The single place errors become HTTP answers: domain codes via the registry, HttpExceptions as
 * they are (the body reader's and the server's own refusals arrive as those), a database out of
 * reach as 503 DATABASE.UNAVAILABLE, and anything else as a logged 500 that reveals nothing.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  constructor(private readonly registry: DomainErrorRegistry = domainErrors) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const answer = this.answer(exception);
    const reply = http.getResponse<HttpReply>();
    if (answer.statusCode === 503) {
      this.logger.warn(
        `${request.method} ${request.url} unavailable [${ensureRequestId(request)}]: ${messageOf(exception)}`,
      );
      reply.header('Retry-After', String(retryAfterOf(exception)));
    } else if (answer.statusCode >= 500) {
      this.logger.error(
        `${request.method} ${redactedUrl(request.url)} failed [${ensureRequestId(request)}]`,
        stackOf(exception),
      );
    }
    sendError(request, reply, answer);
  }

  private answer(exception: unknown): Answer {
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isDatabaseUnavailable(exception)) return UNAVAILABLE;
    const code = (exception as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') return INTERNAL;
    const statusCode = this.registry.statusOf(code);
    // 503 is the one 5xx a code may map to: "not now, retry after Retry-After" (contention).
    if (statusCode >= 500 && statusCode !== 503) return INTERNAL;
    const { message, details } = exception as { message?: unknown; details?: unknown };
    return { statusCode, code, message: typeof message === 'string' ? message : code, details };
  }
}

/** Answers with the one error body, naming the request's correlation id (unless answered). */
export function sendError(request: HttpRequest, reply: HttpReply, answer: Answer): void {
  const requestId = ensureRequestId(request);
  if (reply.sent) return;
  if (reply.getHeader(REQUEST_ID_HEADER) === undefined) reply.header(REQUEST_ID_HEADER, requestId);
  const body: ErrorBody = {
    ...answer,
    error: STATUS_CODES[answer.statusCode] ?? 'Error',
    requestId,
  };
  reply.status(answer.statusCode).send(orderedBody(body));
}

/**
 * What the router itself refuses before any route (and so before Nest's filters) runs, in the
 * same body: a path that is not valid percent-encoding, or a segment longer than any id.
 */
export function frameworkErrorAnswer(error: { code?: string }): Answer {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'No such resource: a path segment is too long',
    };
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return { statusCode: 400, code: 'BAD_URL', message: 'The path is not valid percent-encoding' };
  }
  return { statusCode: 400, code: 'BAD_REQUEST', message: 'The request could not be routed' };
}

function fromHttpException(exception: HttpException): Answer {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const fields =
    typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const message = typeof response === 'string' ? response : fields.message;
  return {
    statusCode,
    code: typeof fields.code === 'string' ? fields.code : codeForStatus(statusCode),
    message: Array.isArray(message)
      ? message.join('; ')
      : typeof message === 'string'
        ? message
        : exception.message,
    details: fields.details,
  };
}

/** `Not Found` → `NOT_FOUND`. */
function codeForStatus(status: number): string {
  return (STATUS_CODES[status] ?? 'Error')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** Seconds a 503 asks the client to wait: the error's own `retryAfterSeconds`, else 1. */
function retryAfterOf(exception: unknown): number {
  if (isDatabaseUnavailable(exception)) return DATABASE_RETRY_AFTER_SECONDS;
  const seconds = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 ? seconds : 1;
}

function messageOf(exception: unknown): string {
  return exception instanceof Error ? exception.message : String(exception);
}

function stackOf(exception: unknown): string {
  return exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
}

function orderedBody({
  statusCode,
  error,
  code,
  message,
  details,
  requestId,
}: ErrorBody): ErrorBody {
  return details === undefined
    ? { statusCode, error, code, message, requestId }
    : { statusCode, error, code, message, details, requestId };
}
