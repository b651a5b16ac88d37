import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

export const WEBHOOK_PREFIX = '/webhooks';

/** Same limit as JSON bodies elsewhere (platform's JSON_BODY_LIMIT). */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

/** Case-insensitive, like Express's routing, so `/WEBHOOKS/...` cannot slip past the raw parser. */
export function isWebhookRequest(req: Pick<IncomingMessage, 'url'>): boolean {
  const path = (req.url ?? '').split('?')[0].toLowerCase();
  return path === WEBHOOK_PREFIX || path.startsWith(`${WEBHOOK_PREFIX}/`);
}

/**
 * Vendor signatures cover the exact bytes received, and SNS posts `text/plain`: webhook bodies are
 * read raw, whatever their content type, before the JSON parser (which then skips them, as the
 * request is already read). Must be mounted before configureHttpApp's JSON parser.
 */
export function useWebhookRawBody(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('raw', {
    type: (req: IncomingMessage) => isWebhookRequest(req),
    limit: WEBHOOK_BODY_LIMIT_BYTES,
  });
}
