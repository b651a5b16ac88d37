import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { DATABASE, type Database } from '@sitrep/platform';
import { TEST_ADMIN_TOKEN } from './boot-sitrep';

export const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

export type Http = ReturnType<typeof request>;

const SOURCES_DIR = join(__dirname, '..', '..', 'libs', 'alerts', 'src', 'sources');

/** A source's fixture exactly as stored, bytes and all. */
export function fixtureText(source: string, name: string): string {
  return readFileSync(join(SOURCES_DIR, source, 'fixtures', name), 'utf8');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- vendor JSON, edited freely in tests
export type Json = any;

export function fixtureJson(source: string, name: string): Json {
  return JSON.parse(fixtureText(source, name)) as Json;
}

/** A copy of a JSON body that differs in bytes (so it is no retry) but not in what it says. */
export function variantOf(body: Json, n: number): string {
  return JSON.stringify({ ...body, sitrepTestVariant: n });
}

export function hmacSha256Hex(secret: string, ...parts: string[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

export interface CreatedIntegration {
  id: string;
  webhookPath: string;
  /** The one credential issued on creation (token, signing secret or vendor key). */
  secret: string;
  kind: string;
}

export async function createIntegration(
  http: Http,
  body: Record<string, unknown>,
): Promise<CreatedIntegration> {
  const res = await http
    .post('/api/v1/integrations')
    .set(admin)
    .send({ name: `e2e ${String(body.source)}`, ...body });
  if (res.status !== 201) {
    throw new Error(`creating the integration answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  expect(res.body.credentials).toHaveLength(1);
  return {
    id: res.body.id,
    webhookPath: res.body.webhookPath,
    secret: res.body.credentials[0].secret,
    kind: res.body.credentials[0].kind,
  };
}

/**
 * An Alertmanager integration that declares and resolves, and its sender: JSON with the bearer
 * token (or `token`, to be refused).
 */
export async function alertmanagerIntegration(http: Http) {
  const am = await createIntegration(http, {
    source: 'alertmanager',
    openAs: 'declared',
    autoResolve: 'resolve',
  });
  const send = (body: string, token = am.secret) =>
    http
      .post(am.webhookPath)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(body);
  return { am, send };
}

/** Polls until the probe returns a value (read models are projected through Kafka). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface RecordedEventView {
  type: string;
  eventId: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export async function incidentEvents(http: Http, id: string): Promise<RecordedEventView[]> {
  const res = await http.get(`/api/v1/incidents/${id}/events`).set(admin).expect(200);
  return res.body.events as RecordedEventView[];
}

export const typesOf = (events: RecordedEventView[]) => events.map((e) => e.type);

export interface AlertDecisionView {
  decision: string;
  rule: string | null;
  reason: string;
  deliveryId: string;
  count: number | null;
}

export interface IncidentAlertView {
  integrationId: string;
  dedupKey: string;
  decisions: AlertDecisionView[];
}

export async function incidentAlerts(http: Http, id: string): Promise<IncidentAlertView[]> {
  const res = await http.get(`/api/v1/incidents/${id}/alerts`).set(admin).expect(200);
  return res.body.alerts as IncidentAlertView[];
}

/** Waits until the incident's alerts read model satisfies `ready`. */
export function alertsWhen(
  http: Http,
  id: string,
  ready: (alerts: IncidentAlertView[]) => boolean,
  what: string,
): Promise<IncidentAlertView[]> {
  return eventually(async () => {
    const alerts = await incidentAlerts(http, id);
    return ready(alerts) ? alerts : undefined;
  }, what);
}

export async function incidentStatusBecomes(http: Http, id: string, status: string) {
  return eventually(async () => {
    const res = await http.get(`/api/v1/incidents/${id}`).set(admin);
    return res.status === 200 && res.body.status === status ? res.body : undefined;
  }, `incident ${id} to be ${status}`);
}

/**
 * Everything an integration has left in the event store, read directly (it does not lag like the
 * read models, and other test files running in parallel cannot disturb it): its alert and
 * grouping streams, and every event appended on its behalf (the incidents it opened included).
 */
export interface Footprint {
  events: number;
  lastGlobalPosition: number;
  incidentIds: string[];
}

export async function footprintOf(
  app: INestApplication,
  integrationId: string,
): Promise<Footprint> {
  const db = app.get<Database>(DATABASE);
  const actor = `integration:${integrationId}`;
  const [row] = await db.query<{ n: string; last: string | null }>(
    `SELECT count(*) AS n, max(global_position) AS last FROM events
      WHERE metadata->>'actor' = $1 OR stream_id LIKE $2 OR stream_id LIKE $3`,
    [actor, `alert-${integrationId}-%`, `alert-group-${integrationId}-%`],
  );
  const opened = await db.query<{ id: string }>(
    `SELECT data->>'incidentId' AS id FROM events
      WHERE metadata->>'actor' = $1 AND type IN ('IncidentDeclared', 'PotentialIncidentOpened')
      ORDER BY global_position`,
    [actor],
  );
  return {
    events: Number(row.n),
    lastGlobalPosition: Number(row.last ?? 0),
    incidentIds: opened.map((o) => o.id),
  };
}

export interface DeliveryRecord {
  id: string;
  status: string;
  auth_result: string;
  path: string;
}

/** The integration's raw delivery records, oldest first. */
export async function deliveriesOf(
  app: INestApplication,
  integrationId: string,
): Promise<DeliveryRecord[]> {
  const db = app.get<Database>(DATABASE);
  return db.query<DeliveryRecord>(
    `SELECT id, status, auth_result, path FROM webhook_deliveries
      WHERE integration_id = $1 ORDER BY received_at, id`,
    [integrationId],
  );
}

/** All incidents, as the list read model counts them. */
export async function incidentTotal(http: Http): Promise<number> {
  const res = await http.get('/api/v1/incidents?limit=1').set(admin).expect(200);
  return res.body.total as number;
}

/**
 * Runs a refused delivery and checks it changed nothing: the integration's footprint in the event
 * store (the incidents it opened included) and each given incident's events stay put. Scoped to the
 * integration because other test files run in parallel against the same database. When a
 * `deliveryStatus` is expected, the refusal was recorded as the integration's newest delivery and
 * names that record (expectRefusalNamesItsRecord), which is returned as `record`.
 */
export async function expectRefusedChangingNothing(
  ctx: { app: INestApplication; http: Http },
  integrationId: string,
  refused: () => Promise<{ status: number; body: Json; headers: Record<string, string> }>,
  expected: { status: number; code: string; deliveryStatus?: string },
  incidentIds: string[] = [],
): Promise<{ body: Json; headers: Record<string, string>; record?: Json }> {
  const footprint = await footprintOf(ctx.app, integrationId);
  const events = await Promise.all(incidentIds.map((id) => incidentEvents(ctx.http, id)));
  const deliveries = await deliveriesOf(ctx.app, integrationId);

  const res = await refused();
  expect({ status: res.status, code: res.body?.code }).toEqual({
    status: expected.status,
    code: expected.code,
  });

  expect(await footprintOf(ctx.app, integrationId)).toEqual(footprint);
  for (const [i, id] of incidentIds.entries()) {
    expect(await incidentEvents(ctx.http, id)).toEqual(events[i]);
  }
  const after = await deliveriesOf(ctx.app, integrationId);
  if (!expected.deliveryStatus) {
    expect(after).toHaveLength(deliveries.length);
    return res;
  }
  expect(after).toHaveLength(deliveries.length + 1);
  const record = await expectRefusalNamesItsRecord(
    ctx,
    integrationId,
    res,
    expected.deliveryStatus,
  );
  expect(record.id).toBe(after[after.length - 1].id);
  return Object.assign(res, { record }); // keeps the response's own getters (body, headers)
}

export interface AlertOutcomeView {
  dedupKey: string;
  decision: string;
  incidentId?: string;
  reason: string;
}

/** What the alert processor made of one accepted delivery (`GET /api/v1/deliveries/:id`). */
export interface ProcessedDelivery {
  deliveryId: string;
  status: 'processed' | 'retry' | 'failed';
  /** processed: the decision per alert, in the delivery's order. */
  alerts: AlertOutcomeView[];
  /** retry: the delivery whose bytes this one repeated. */
  retryOf?: string;
  /** failed: why. */
  error?: string;
}

/**
 * Waits for the alert processor to take an accepted delivery (it runs after the answer) and
 * returns its outcome. The delivery is named by the answer's X-Sitrep-Delivery-Id header.
 */
export async function processed(
  http: Http,
  answer: { headers: Record<string, string> },
): Promise<ProcessedDelivery> {
  const deliveryId = answer.headers['x-sitrep-delivery-id'];
  if (!deliveryId) throw new Error('the answer has no X-Sitrep-Delivery-Id header');
  const record = await eventually(async () => {
    const res = await http.get(`/api/v1/deliveries/${deliveryId}`).set(admin);
    return res.status === 200 && res.body.processing ? (res.body as Json) : undefined;
  }, `delivery ${deliveryId} processed`);
  const { status, outcome } = record.processing;
  return {
    deliveryId,
    status,
    alerts: outcome.alerts ?? [],
    ...(outcome.retryOf ? { retryOf: outcome.retryOf } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}

/** The delivery record an answer names in its X-Sitrep-Delivery-Id header (undefined: none). */
export function deliveryIdOf(answer: { headers: Record<string, string> }): string | undefined {
  return answer.headers['x-sitrep-delivery-id'];
}

/** `GET /api/v1/deliveries/:id` (admin): the record, with `processing` once processed. */
export async function deliveryRecord(http: Http, deliveryId: string): Promise<Json> {
  const res = await http.get(`/api/v1/deliveries/${deliveryId}`).set(admin).expect(200);
  return res.body as Json;
}

/**
 * Checks that a refusal names its record in X-Sitrep-Delivery-Id: the integration's latest
 * delivery, kept with the refusal's status and the refusal itself (code), and never handed to the
 * alert processor (no `processing`). Returns the record.
 */
export async function expectRefusalNamesItsRecord(
  ctx: { app: INestApplication; http: Http },
  integrationId: string,
  refused: { body: Json; headers: Record<string, string> },
  deliveryStatus: string,
): Promise<Json> {
  const deliveryId = deliveryIdOf(refused);
  expect(deliveryId).toEqual(expect.any(String));
  const records = await deliveriesOf(ctx.app, integrationId);
  expect(records.map((r) => r.id)).toContain(deliveryId);
  const record = await deliveryRecord(ctx.http, deliveryId!);
  expect(record).toMatchObject({
    id: deliveryId,
    integrationId,
    status: deliveryStatus,
    outcome: { code: refused.body.code },
  });
  expect(record.processing).toBeUndefined();
  return record;
}

/** `processed` for many answers at once, in their order. */
export function processedAll(
  http: Http,
  answers: readonly { headers: Record<string, string> }[],
): Promise<ProcessedDelivery[]> {
  return Promise.all(answers.map((answer) => processed(http, answer)));
}

/**
 * Checks the webhook intake's answer to an accepted delivery: 202, the record's id (the same as in
 * X-Sitrep-Delivery-Id), and the alerts found, in order (decisions come later: `processed`).
 */
export function expectAcceptedAnswer(answer: Answer, alerts: Found[]): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status: 202,
    body: { deliveryId: deliveryIdOf(answer), status: 'accepted', alerts },
  });
  expect(answer.body.deliveryId).toEqual(expect.any(String));
}

/** The events a declared incident starts with: declaring starts the notify step at once. */
export const DECLARED = [
  'IncidentDeclared',
  'NotificationsRequested',
  'InvestigationTimeboxStarted',
];

/** How a delivery with wrong or missing credentials is answered and recorded. */
export const REFUSED = {
  status: 401,
  code: 'WEBHOOK.UNAUTHENTICATED',
  deliveryStatus: 'unauthenticated',
};

/** A webhook answer as supertest gives it. */
export type Answer = { status: number; body: Json; headers: Record<string, string> };

/** An alert the intake's answer names: its dedup key (or a matcher) and status. */
export type Found = { dedupKey: unknown; status: 'firing' | 'resolved' };

/**
 * The generic answer names the alerts found (`found`, in order); the alert processor decides
 * them afterwards: waits for that and returns its outcome, one decision per alert found.
 */
export async function decided(
  http: Http,
  sent: PromiseLike<Answer>,
  found: Found[],
): Promise<ProcessedDelivery> {
  const answer = await sent;
  expectAcceptedAnswer(answer, found);
  const outcome = await processed(http, answer);
  expect(outcome).toMatchObject({ deliveryId: answer.body.deliveryId, status: 'processed' });
  expect(outcome.alerts.map((a) => a.dedupKey)).toEqual(
    (answer.body.alerts as { dedupKey: string }[]).map((a) => a.dedupKey),
  );
  return outcome;
}

/** The first firing: one alert, opened, an incident declared by this integration alone. */
export async function opens(
  ctx: { app: INestApplication; http: Http },
  integrationId: string,
  sent: PromiseLike<Answer>,
  found: Found[],
) {
  const fired = await decided(ctx.http, sent, found);
  expect(fired.alerts).toEqual([
    expect.objectContaining({ decision: 'opened', incidentId: expect.any(String) }),
  ]);
  const { dedupKey } = fired.alerts[0];
  const incidentId = fired.alerts[0].incidentId!;
  expect((await footprintOf(ctx.app, integrationId)).incidentIds).toEqual([incidentId]);
  const declared = await incidentEvents(ctx.http, incidentId);
  expect(typesOf(declared)).toEqual(DECLARED);
  return { dedupKey, incidentId, declared };
}

/** The same alert again: deduplicated (or updated) onto its incident, no second incident. */
export async function repeats(
  ctx: { app: INestApplication; http: Http },
  integrationId: string,
  sent: PromiseLike<Answer>,
  dedupKey: string,
  incidentId: string,
): Promise<void> {
  const repeated = await decided(ctx.http, sent, [{ dedupKey, status: 'firing' }]);
  expect(repeated.alerts).toEqual([expect.objectContaining({ dedupKey, incidentId })]);
  expect(['deduplicated', 'updated']).toContain(repeated.alerts[0].decision);
  expect((await footprintOf(ctx.app, integrationId)).incidentIds).toEqual([incidentId]);
  await alertsWhen(ctx.http, incidentId, (all) => all[0]?.decisions.length === 2, 'the repeat');
}

/** The recovery: the alert resolved, and with it (autoResolve) its incident. */
export async function resolves(
  http: Http,
  sent: PromiseLike<Answer>,
  dedupKey: string,
  incidentId: string,
): Promise<void> {
  const resolved = await decided(http, sent, [{ dedupKey, status: 'resolved' }]);
  expect(resolved.alerts).toEqual([
    expect.objectContaining({ dedupKey, incidentId, decision: 'resolved' }),
  ]);
  expect(typesOf(await incidentEvents(http, incidentId))).toEqual([
    ...DECLARED,
    'IncidentResolved',
  ]);
  await incidentStatusBecomes(http, incidentId, 'resolved');
}
