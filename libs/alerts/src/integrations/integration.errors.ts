import { registerErrorCodes } from '@sitrep/platform';

export const IntegrationErrorCode = {
  NOT_FOUND: 'INTEGRATION.NOT_FOUND',
  UNKNOWN_SOURCE: 'INTEGRATION.UNKNOWN_SOURCE',
  INVALID_AUTH_MODE: 'INTEGRATION.INVALID_AUTH_MODE',
  CREDENTIAL_REQUIRED: 'INTEGRATION.CREDENTIAL_REQUIRED',
  INVALID_MAPPING: 'INTEGRATION.INVALID_MAPPING',
  INVALID_SIGNATURE_HEADERS: 'INTEGRATION.INVALID_SIGNATURE_HEADERS',
  INVALID_SERVICE_FROM: 'INTEGRATION.INVALID_SERVICE_FROM',
} as const;
export type IntegrationErrorCode = (typeof IntegrationErrorCode)[keyof typeof IntegrationErrorCode];

export class IntegrationError extends Error {
  constructor(
    readonly code: IntegrationErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

registerErrorCodes({
  [IntegrationErrorCode.NOT_FOUND]: 404,
  [IntegrationErrorCode.UNKNOWN_SOURCE]: 400,
  [IntegrationErrorCode.INVALID_AUTH_MODE]: 400,
  [IntegrationErrorCode.CREDENTIAL_REQUIRED]: 400,
  [IntegrationErrorCode.INVALID_MAPPING]: 400,
  [IntegrationErrorCode.INVALID_SIGNATURE_HEADERS]: 400,
  [IntegrationErrorCode.INVALID_SERVICE_FROM]: 400,
});
