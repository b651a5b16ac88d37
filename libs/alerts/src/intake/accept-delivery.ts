import type { Clock, Database, Sql } from '@sitrep/platform';
import type { AlertPipeline, IntegrationSettings } from '../alert-pipeline.port';
import type { AlertSource, MapOutcome, SourceCredentials, WebhookDelivery } from '../alert-source';
import type { Integration } from '../integrations/integration';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { KeyedMutex } from './keyed-mutex';
import { deliveryStore, type StoredAnswer } from './webhook-delivery.store';

/** An identical body to the same integration within this window is the sender retrying. */
export const RETRY_WINDOW_MS = 24 * 3600 * 1000;

export interface AcceptContext {
  db: Database;
  pipeline: AlertPipeline;
  clock: Clock;
}

export interface AdmittedDelivery {
  integration: Integration;
  settings: IntegrationSettings;
  source: AlertSource;
  delivery: WebhookDelivery;
  deliveryId: string;
  bodySha256: string;
}

/**
 * Parses and maps (pure), then, one copy of a delivery at a time, answers a retry from the record
 * or ingests and records the answer.
 */
export async function acceptDelivery(
  ctx: AcceptContext,
  admitted: AdmittedDelivery,
): Promise<StoredAnswer> {
  const { integration, source, delivery, bodySha256 } = admitted;
  const credentials: SourceCredentials = { mapping: integration.mapping };
  const parsed = source.parse(delivery);
  if (!parsed.ok) {
    const code = parsed.status === 400 ? IntakeErrorCode.MALFORMED : IntakeErrorCode.UNPROCESSABLE;
    throw new IntakeError(code, parsed.problems.join('; '), 'invalid', parsed.problems);
  }
  const mapped = mapOrRefuse(source, parsed.payload, delivery, credentials);

  const key = `webhook:${integration.integrationId}:${bodySha256}`;
  // Copies of one delivery are serialised in this process, so the later ones find the first's
  // answer. No transaction is held meanwhile: the pipeline needs pool connections of its own, and
  // holding one per delivery starved the pool under a burst. Copies reaching two replicas at the
  // same moment are both ingested, and the alert streams make the second a counted repeat.
  return inProcess.run(key, () => answerOrIngest(ctx, admitted, parsed.payload, mapped, ctx.db));
}

const inProcess = new KeyedMutex();

async function answerOrIngest(
  ctx: AcceptContext,
  admitted: AdmittedDelivery,
  payload: unknown,
  mapped: MapOutcome,
  sql: Sql,
): Promise<StoredAnswer> {
  const { integration, source, delivery, deliveryId, bodySha256 } = admitted;
  const since = new Date(delivery.receivedAt.getTime() - RETRY_WINDOW_MS);
  const earlier = await deliveryStore.findAccepted(
    sql,
    integration.integrationId,
    bodySha256,
    since,
  );
  const now = ctx.clock.now();
  if (earlier) {
    const answer = earlier.outcome.answer;
    await deliveryStore.complete(
      sql,
      deliveryId,
      'duplicate',
      { retryOf: earlier.id, answer },
      now,
    );
    return answer;
  }
  if (mapped.kind === 'handshake') {
    const answer = { status: 200, body: { deliveryId, handshake: mapped.action } };
    await deliveryStore.complete(sql, deliveryId, 'accepted', { handshake: mapped, answer }, now);
    return answer;
  }
  const outcomes = await ctx.pipeline.ingest(admitted.settings, mapped.alerts, {
    deliveryId,
    receivedAt: delivery.receivedAt,
  });
  const answer = source.reply?.(payload, mapped) ?? {
    status: 202,
    body: { deliveryId, alerts: outcomes },
  };
  await deliveryStore.complete(sql, deliveryId, 'accepted', { alerts: outcomes, answer }, now);
  return answer;
}

/** A payload that parsed but cannot become alerts (e.g. a generic-json mapping that does not fit). */
function mapOrRefuse(
  source: AlertSource,
  payload: unknown,
  delivery: WebhookDelivery,
  credentials: SourceCredentials,
): MapOutcome {
  try {
    return source.map(payload, delivery, credentials);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { details, problems } = (error ?? {}) as { details?: unknown; problems?: unknown };
    throw new IntakeError(IntakeErrorCode.UNPROCESSABLE, message, 'invalid', details ?? problems);
  }
}
