import { HttpException } from '@nestjs/common';

export interface ParserAnswer {
  statusCode: number;
  code: string;
  message: string;
}

/** body-parser's error `type`s and what the client is told about each. */
const ANSWERS: Record<string, ParserAnswer> = {
  'entity.parse.failed': {
    statusCode: 400,
    code: 'MALFORMED_JSON',
    message: 'The request body is not valid JSON',
  },
  'entity.too.large': {
    statusCode: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'The request body is too large',
  },
  'charset.unsupported': {
    statusCode: 415,
    code: 'UNSUPPORTED_CHARSET',
    message: 'Unsupported request charset',
  },
  'encoding.unsupported': {
    statusCode: 415,
    code: 'UNSUPPORTED_ENCODING',
    message: 'Unsupported content encoding',
  },
};

/** The answer for a body-parser error, whether raw or wrapped by Nest (which keeps it as `cause`). */
export function bodyParserAnswer(error: unknown): ParserAnswer | undefined {
  const own = (error as { type?: unknown } | null)?.type;
  const cause =
    error instanceof Error ? (error.cause as { type?: unknown } | undefined)?.type : undefined;
  const type = typeof own === 'string' ? own : cause;
  return typeof type === 'string' ? ANSWERS[type] : undefined;
}

/**
 * Express error middleware placed right after the body parsers. Nest 11 turns a JSON syntax error
 * into a bare BadRequestException and forgets body-parser's `type`, so the error is translated
 * here, while it still says what went wrong.
 */
export function bodyParserErrorMiddleware(
  error: unknown,
  _req: unknown,
  _res: unknown,
  next: (error?: unknown) => void,
): void {
  const answer = bodyParserAnswer(error);
  next(
    answer
      ? new HttpException({ code: answer.code, message: answer.message }, answer.statusCode)
      : error,
  );
}
