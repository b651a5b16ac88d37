import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@sitrep/platform';
import type { SourceCredentials, WebhookDelivery } from '../alert-source';
import { SOURCE_REGISTRY, type SourceRegistry } from '../source-registry';
import type { Integration } from './integration';
import { hashToken, sealContext } from './integration-credentials';
import type { KnownIntegration } from './integration-directory';
import type { StoredCredential } from './integration.store';
import { SECRET_BOX, type SecretBox } from './secret-box';

export type DeliveryAuthentication =
  { ok: true; method: string; credentialId: string } | { ok: false; reason: string };

const BEARER = /^Bearer +(\S+) *$/i;
const BASIC = /^Basic +([A-Za-z0-9+/=]+) *$/i;

/**
 * Decides whether a delivery came from the integration's sender. The reason of a refusal is
 * stored with the raw delivery, so it names what was wrong, never the secret that was expected.
 */
@Injectable()
export class IntegrationAuthenticator {
  /** Opened vendor secrets by credential id: a credential's secret never changes. */
  private readonly opened = new Map<string, string>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SOURCE_REGISTRY) private readonly sources: SourceRegistry,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async authenticate(
    { integration, credentials }: KnownIntegration,
    delivery: WebhookDelivery,
  ): Promise<DeliveryAuthentication> {
    const now = this.clock.now().getTime();
    const active = credentials.filter((c) => c.expiresAt === null || c.expiresAt.getTime() > now);
    switch (integration.authMode) {
      case 'bearer':
        return matchToken(active, bearerOf(delivery), 'bearer', 'a bearer token');
      case 'basic':
        return matchToken(active, basicPasswordOf(delivery), 'basic', 'basic auth');
      case 'url-token':
        return matchToken(active, delivery.query['token'], 'url-token', 'a token parameter');
      case 'vendor':
        return this.vendorCheck(integration, active, delivery);
    }
  }

  /** Each live secret is tried on its own, so during a rotation's grace both old and new pass. */
  private async vendorCheck(
    integration: Integration,
    active: StoredCredential[],
    delivery: WebhookDelivery,
  ): Promise<DeliveryAuthentication> {
    const source = this.sources.get(integration.source)?.source;
    if (!source) return { ok: false, reason: `source ${integration.source} is not registered` };
    let reason = 'no vendor secret is configured';
    for (const credential of active) {
      if (credential.kind === 'token' || credential.secretEncrypted === null) continue;
      const secret = this.secretOf(integration, credential, credential.secretEncrypted);
      const { mapping, signatureHeaders } = integration;
      const credentials: SourceCredentials =
        credential.kind === 'signing-secret'
          ? { signingSecret: secret, mapping, signatureHeaders }
          : { vendorKey: secret, mapping, signatureHeaders };
      const result = await source.authenticate(delivery, credentials);
      if (result.ok === true)
        return { ok: true, method: result.method, credentialId: credential.id };
      reason = result.ok === false ? result.reason : 'the source has no vendor check';
    }
    return { ok: false, reason };
  }

  private secretOf(integration: Integration, credential: StoredCredential, sealed: string) {
    let secret = this.opened.get(credential.id);
    if (secret === undefined) {
      secret = this.box.open(sealed, sealContext(integration.integrationId, credential.id));
      if (this.opened.size >= 10_000) this.opened.clear();
      this.opened.set(credential.id, secret);
    }
    return secret;
  }
}

function matchToken(
  active: StoredCredential[],
  presented: string | undefined,
  method: string,
  what: string,
): DeliveryAuthentication {
  if (!presented) return { ok: false, reason: `${what} is required` };
  const presentedHash = Buffer.from(hashToken(presented), 'hex');
  let match: string | undefined;
  // Every live token is compared, matched or not, so timing says nothing about which one matched.
  for (const credential of active) {
    if (credential.kind !== 'token' || credential.secretHash === null) continue;
    const stored = Buffer.from(credential.secretHash, 'hex');
    if (timingSafeEqual(stored, presentedHash)) match ??= credential.id;
  }
  return match
    ? { ok: true, method, credentialId: match }
    : { ok: false, reason: `${what} was presented but matches no live credential` };
}

function bearerOf(delivery: WebhookDelivery): string | undefined {
  return BEARER.exec(delivery.headers['authorization'] ?? '')?.[1];
}

/** Basic auth's password is the token; the user name is free, for senders that insist on one. */
function basicPasswordOf(delivery: WebhookDelivery): string | undefined {
  const encoded = BASIC.exec(delivery.headers['authorization'] ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}
