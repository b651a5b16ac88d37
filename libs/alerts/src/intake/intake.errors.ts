import { registerErrorCodes } from '@sitrep/platform';
import type { SourceReply } from '../alert-source';
import type { DeliveryStatus } from './webhook-delivery.store';

export const IntakeErrorCode = {
  UNKNOWN_INTEGRATION: 'WEBHOOK.UNKNOWN_INTEGRATION',
  INTEGRATION_DISABLED: 'WEBHOOK.INTEGRATION_DISABLED',
  UNAUTHENTICATED: 'WEBHOOK.UNAUTHENTICATED',
  RATE_LIMITED: 'WEBHOOK.RATE_LIMITED',
  MALFORMED: 'WEBHOOK.MALFORMED',
  UNPROCESSABLE: 'WEBHOOK.UNPROCESSABLE',
  DELIVERY_NOT_FOUND: 'DELIVERY.NOT_FOUND',
} as const;
export type IntakeErrorCode = (typeof IntakeErrorCode)[keyof typeof IntakeErrorCode];

/** A delivery the intake refuses; `status` is what its raw record is marked with. */
export class IntakeError extends Error {
  constructor(
    readonly code: IntakeErrorCode,
    message: string,
    readonly deliveryStatus?: DeliveryStatus,
    readonly details?: unknown,
    /** Response headers the answer needs (Retry-After, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
    /** The answer in the vendor's own terms, instead of Sitrep's error shape (AlertSource.refusal). */
    readonly reply?: SourceReply,
  ) {
    super(message);
  }
}

registerErrorCodes({
  [IntakeErrorCode.UNKNOWN_INTEGRATION]: 404,
  [IntakeErrorCode.INTEGRATION_DISABLED]: 403,
  [IntakeErrorCode.UNAUTHENTICATED]: 401,
  [IntakeErrorCode.RATE_LIMITED]: 429,
  [IntakeErrorCode.MALFORMED]: 400,
  [IntakeErrorCode.UNPROCESSABLE]: 422,
  [IntakeErrorCode.DELIVERY_NOT_FOUND]: 404,
});
