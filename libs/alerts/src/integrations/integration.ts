import type { IntegrationSettings } from '../alert-pipeline.port';
import type { SignatureHeaders } from '../alert-source';

export const AUTH_MODES = ['bearer', 'basic', 'vendor', 'url-token'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const CREDENTIAL_KINDS = ['token', 'signing-secret', 'vendor-key'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface Integration extends IntegrationSettings {
  authMode: AuthMode;
  enabled: boolean;
  mapping?: unknown;
  signatureHeaders?: SignatureHeaders;
  /** Label names, in order, whose first value names an alert's service (sources that read labels). */
  serviceFrom?: string[];
  createdAt: Date;
  disabledAt?: Date;
  /** Where the sender posts: `/webhooks/<source>/<id>`. */
  webhookPath: string;
}

/** What create and rotate hand out once; afterwards only hashes and ciphertexts exist. */
export interface IssuedCredential {
  id: string;
  kind: CredentialKind;
  secret: string;
}

export interface CredentialSummary {
  id: string;
  kind: CredentialKind;
  createdAt: Date;
  expiresAt?: Date;
  revokedAt?: Date;
}

export interface IntegrationWithCredentials {
  integration: Integration;
  credentials: IssuedCredential[];
}

export function settingsOf(integration: Integration): IntegrationSettings {
  return {
    integrationId: integration.integrationId,
    source: integration.source,
    name: integration.name,
    responsePlanId: integration.responsePlanId,
    openAs: integration.openAs,
    groupingWindowSeconds: integration.groupingWindowSeconds,
    autoResolve: integration.autoResolve,
    reopenWindowSeconds: integration.reopenWindowSeconds,
  };
}

export const webhookPathOf = (source: string, id: string): string => `/webhooks/${source}/${id}`;
