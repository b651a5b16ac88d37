import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DATABASE, type Clock, type Database } from '@sitrep/platform';
import type { IntegrationSettings } from '../alert-pipeline.port';
import type { SignatureHeaders } from '../alert-source';
import { GENERIC_JSON } from '../sources/generic-json/generic-json.mapper';
import { ALERTMANAGER } from '../sources/alertmanager/alertmanager.mapper';
import { GOOGLE_CLOUD_MONITORING } from '../sources/google-cloud-monitoring/google-cloud-monitoring.mapper';
import { GRAFANA } from '../sources/grafana/grafana.mapper';
import { PAGERDUTY } from '../sources/pagerduty/pagerduty.mapper';
import { validateGenericJsonMapping } from '../sources/generic-json/generic-json.mapping';
import { SOURCE_REGISTRY, type SourceRegistry } from '../source-registry';
import {
  webhookPathOf,
  type AuthMode,
  type CredentialSummary,
  type Integration,
  type IntegrationWithCredentials,
} from './integration';
import { issueCredentials, type SuppliedSecrets } from './integration-credentials';
import { IntegrationError, IntegrationErrorCode } from './integration.errors';
import { IntegrationDirectory } from './integration-directory';
import { integrationStore as store } from './integration.store';
import { SECRET_BOX, type SecretBox } from './secret-box';

export interface CreateIntegration extends SuppliedSecrets {
  source: string;
  name: string;
  responsePlanId?: string;
  openAs?: IntegrationSettings['openAs'];
  groupingWindowSeconds?: number;
  autoResolve?: IntegrationSettings['autoResolve'];
  reopenWindowSeconds?: number;
  authMode?: AuthMode;
  mapping?: unknown;
  signatureHeaders?: SignatureHeaders;
  serviceFrom?: string[];
}

/** How long a rotated-out credential keeps working unless the caller says otherwise. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 3600;

const DEFAULTS = {
  openAs: 'triage',
  groupingWindowSeconds: 300,
  autoResolve: 'none',
  reopenWindowSeconds: 3600,
  authMode: 'bearer',
} as const;

@Injectable()
export class IntegrationService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SOURCE_REGISTRY) private readonly sources: SourceRegistry,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly directory: IntegrationDirectory,
  ) {}

  /** The credentials come back in clear here and never again. */
  async create(input: CreateIntegration): Promise<IntegrationWithCredentials> {
    const registered = this.sources.get(input.source);
    if (!registered) {
      throw new IntegrationError(
        IntegrationErrorCode.UNKNOWN_SOURCE,
        `Unknown source ${input.source}; known: ${this.sources.names().join(', ')}`,
      );
    }
    const mapping = this.checkedMapping(input.source, input.mapping);
    const signatureHeaders = checkedSignatureHeaders(input.source, input.signatureHeaders);
    const serviceFrom = checkedServiceFrom(input.source, input.serviceFrom);
    const id = randomUUID();
    const now = this.clock.now();
    const integration: Integration = {
      integrationId: id,
      source: input.source,
      name: input.name,
      responsePlanId: input.responsePlanId,
      openAs: input.openAs ?? DEFAULTS.openAs,
      groupingWindowSeconds: input.groupingWindowSeconds ?? DEFAULTS.groupingWindowSeconds,
      autoResolve: input.autoResolve ?? DEFAULTS.autoResolve,
      reopenWindowSeconds: input.reopenWindowSeconds ?? DEFAULTS.reopenWindowSeconds,
      authMode: input.authMode ?? DEFAULTS.authMode,
      enabled: true,
      mapping,
      ...(signatureHeaders ? { signatureHeaders } : {}),
      ...(serviceFrom ? { serviceFrom } : {}),
      createdAt: now,
      webhookPath: webhookPathOf(input.source, id),
    };
    const credentials = issueCredentials(
      id,
      integration.authMode,
      registered.vendorCredential,
      input,
      this.box,
    );
    await this.db.transaction(async (tx) => {
      await store.insert(tx, integration);
      for (const c of credentials.stored) await store.insertCredential(tx, id, c, now);
    });
    return { integration, credentials: credentials.issued };
  }

  list(): Promise<Integration[]> {
    return store.list(this.db);
  }

  async get(id: string): Promise<Integration> {
    const integration = await store.find(this.db, id);
    if (!integration) {
      throw new IntegrationError(IntegrationErrorCode.NOT_FOUND, `No integration has id ${id}`);
    }
    return integration;
  }

  /** Where the ids, kinds and expiry of credentials are visible — never their secrets. */
  async credentialsOf(id: string): Promise<CredentialSummary[]> {
    await this.get(id);
    return store.credentialSummaries(this.db, id);
  }

  /**
   * Issues new credentials; the old ones keep working for `graceSeconds` (default one hour) so
   * the sender can be reconfigured without losing alerts. 0 retires them at once.
   */
  async rotate(
    id: string,
    graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS,
    supplied: SuppliedSecrets = {},
  ): Promise<IntegrationWithCredentials> {
    const integration = await this.get(id);
    const registered = this.sources.get(integration.source);
    const credentials = issueCredentials(
      id,
      integration.authMode,
      registered?.vendorCredential,
      supplied,
      this.box,
    );
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + graceSeconds * 1000);
    await this.db.transaction(async (tx) => {
      for (const c of credentials.stored) await store.insertCredential(tx, id, c, now);
      const keep = credentials.stored.map((c) => c.id);
      await store.expireAllExcept(tx, id, keep, expiresAt);
    });
    this.directory.forget(id);
    return { integration, credentials: credentials.issued };
  }

  async setEnabled(id: string, enabled: boolean): Promise<Integration> {
    if (!(await store.setEnabled(this.db, id, enabled, this.clock.now()))) {
      throw new IntegrationError(IntegrationErrorCode.NOT_FOUND, `No integration has id ${id}`);
    }
    this.directory.forget(id);
    return this.get(id);
  }

  private checkedMapping(source: string, mapping: unknown): unknown {
    if (source !== GENERIC_JSON) {
      if (mapping === undefined) return undefined;
      throw new IntegrationError(
        IntegrationErrorCode.INVALID_MAPPING,
        'Only generic-json integrations take a mapping',
      );
    }
    const checked = validateGenericJsonMapping(mapping);
    if (checked.ok) return checked.mapping;
    throw new IntegrationError(
      IntegrationErrorCode.INVALID_MAPPING,
      'The mapping is not valid',
      checked.problems.map((problem) => ({ field: 'mapping', problems: [problem] })),
    );
  }
}

/** Sources whose signature headers a sender can rename (Grafana's contact point can). */
const RENAMABLE_SIGNATURE_HEADERS: readonly string[] = [GRAFANA];

/** Lower-cased, as deliveries' headers are; only for sources that take them. */
function checkedSignatureHeaders(
  source: string,
  headers: SignatureHeaders | undefined,
): SignatureHeaders | undefined {
  if (headers === undefined) return undefined;
  if (!RENAMABLE_SIGNATURE_HEADERS.includes(source)) {
    throw new IntegrationError(
      IntegrationErrorCode.INVALID_SIGNATURE_HEADERS,
      `Only ${RENAMABLE_SIGNATURE_HEADERS.join(', ')} integrations take signatureHeaders`,
    );
  }
  const { signature, timestamp } = headers;
  return {
    ...(signature ? { signature: signature.toLowerCase() } : {}),
    ...(timestamp ? { timestamp: timestamp.toLowerCase() } : {}),
  };
}

/** Sources whose mappers read the service from labels (PagerDuty: its custom details). */
const SERVICE_FROM_SOURCES: readonly string[] = [
  ALERTMANAGER,
  GOOGLE_CLOUD_MONITORING,
  GRAFANA,
  PAGERDUTY,
];

/** Trimmed label names, each once; only for sources that read labels. */
function checkedServiceFrom(source: string, names: string[] | undefined): string[] | undefined {
  if (names === undefined) return undefined;
  if (!SERVICE_FROM_SOURCES.includes(source)) {
    throw new IntegrationError(
      IntegrationErrorCode.INVALID_SERVICE_FROM,
      `Only ${SERVICE_FROM_SOURCES.join(', ')} integrations take serviceFrom`,
    );
  }
  const trimmed = [...new Set(names.map((name) => name.trim()))];
  if (trimmed.some((name) => name === '')) {
    throw new IntegrationError(
      IntegrationErrorCode.INVALID_SERVICE_FROM,
      'serviceFrom names labels: a name of only whitespace names none',
    );
  }
  return trimmed;
}
