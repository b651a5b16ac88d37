import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { VendorCredential } from '../source-registry';
import type { AuthMode, IssuedCredential } from './integration';
import { IntegrationError, IntegrationErrorCode } from './integration.errors';
import type { NewCredential } from './integration.store';
import type { SecretBox } from './secret-box';

/** Vendor secrets an admin may supply instead of having Sitrep generate them. */
export interface SuppliedSecrets {
  signingSecret?: string;
  vendorKey?: string;
}

export const TOKEN_PREFIX = 'whk_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Aad for the sealed secret: a ciphertext only opens on the row of its own integration. */
export const sealContext = (integrationId: string, credentialId: string): string =>
  `integration:${integrationId}:credential:${credentialId}`;

/**
 * The secrets an integration needs for its auth mode, in clear (to show once) and as stored.
 * Tokens get 256 random bits; generated vendor keys are 32 hex characters, the shape PagerDuty
 * routing keys have, which every sender accepts.
 */
export function issueCredentials(
  integrationId: string,
  authMode: AuthMode,
  vendor: VendorCredential | undefined,
  supplied: SuppliedSecrets,
  box: SecretBox,
): { issued: IssuedCredential[]; stored: NewCredential[] } {
  const id = randomUUID();
  if (authMode !== 'vendor') {
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    return {
      issued: [{ id, kind: 'token', secret }],
      stored: [{ id, kind: 'token', secretHash: hashToken(secret) }],
    };
  }
  if (!vendor) {
    throw new IntegrationError(
      IntegrationErrorCode.INVALID_AUTH_MODE,
      'This source has no vendor check; use bearer, basic or url-token',
    );
  }
  const given = vendor.kind === 'signing-secret' ? supplied.signingSecret : supplied.vendorKey;
  const field = vendor.kind === 'signing-secret' ? 'signingSecret' : 'vendorKey';
  if (!given && !vendor.generated) {
    throw new IntegrationError(
      IntegrationErrorCode.CREDENTIAL_REQUIRED,
      `This source's vendor check needs ${field}, which comes from the vendor`,
      [{ field, problems: [`${field} is required for this source`] }],
    );
  }
  const secret =
    given ??
    (vendor.kind === 'signing-secret'
      ? randomBytes(32).toString('base64url')
      : randomBytes(16).toString('hex'));
  const encrypted = box.seal(secret, sealContext(integrationId, id));
  return {
    issued: [{ id, kind: vendor.kind, secret }],
    stored: [{ id, kind: vendor.kind, secretEncrypted: encrypted }],
  };
}
