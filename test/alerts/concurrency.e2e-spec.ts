import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import { bootForSuite } from '../support/boot-sitrep';
import {
  alertsWhen,
  alertmanagerIntegration,
  DECLARED,
  deliveriesOf,
  expectAcceptedAnswer,
  fixtureText,
  footprintOf,
  incidentEvents,
  processedAll,
  typesOf,
  variantOf,
} from '../support/alerts';

describe('Concurrent Alertmanager deliveries over HTTP (all-in-one app, real PostgreSQL)', () => {
  const sitrep = bootForSuite(SitrepModule);

  const firing = fixtureText('alertmanager', 'firing.json');
  /** The fixture's two alerts, as the intake answers them. */
  const FOUND = [
    { dedupKey: '7f3c1a9d02be44e1', status: 'firing' as const },
    { dedupKey: 'b91e0047c6d3a2f8', status: 'firing' as const },
  ];
  const setUp = () => alertmanagerIntegration(sitrep.http);

  it('50 identical deliveries in parallel: all accepted, one processed (one incident), the other 49 retries of it', async () => {
    const { am, send } = await setUp();
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(firing)));

    // Each copy is answered on its own (its own record), before anything is decided.
    for (const answer of answers) expectAcceptedAnswer(answer, FOUND);
    expect(new Set(answers.map((a) => a.body.deliveryId)).size).toBe(50);

    const outcomes = await processedAll(sitrep.http, answers);
    const ingested = outcomes.filter((o) => o.status === 'processed');
    expect(ingested).toHaveLength(1);
    const [original] = ingested;
    const incidentId = original.alerts[0].incidentId!;
    expect(original.alerts).toEqual([
      expect.objectContaining({ dedupKey: FOUND[0].dedupKey, decision: 'opened', incidentId }),
      expect.objectContaining({ dedupKey: FOUND[1].dedupKey, decision: 'joined', incidentId }),
    ]);
    // The others repeat its bytes: recognised as retries of it, nothing done again.
    expect(
      outcomes
        .filter((o) => o !== original)
        .map(({ status, retryOf, alerts }) => ({ status, retryOf, alerts })),
    ).toEqual(Array(49).fill({ status: 'retry', retryOf: original.deliveryId, alerts: [] }));

    expect((await footprintOf(sitrep.app, am.id)).incidentIds).toEqual([incidentId]);
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toEqual(DECLARED);
    const statuses = (await deliveriesOf(sitrep.app, am.id)).map((d) => d.status);
    expect(statuses).toEqual(Array(50).fill('accepted'));
    const alerts = await alertsWhen(sitrep.http, incidentId, (all) => all.length === 2, '/alerts');
    expect(alerts.map((a) => a.decisions.map((d) => d.decision))).toEqual([['opened'], ['joined']]);
    expect(alerts.flatMap((a) => a.decisions.map((d) => d.deliveryId))).toEqual([
      original.deliveryId,
      original.deliveryId,
    ]);
  }, 30_000);

  it('50 different deliveries of the same alerts in parallel: all accepted, one incident, every other decision deduplicated', async () => {
    const { am, send } = await setUp();
    const json = JSON.parse(firing);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(variantOf(json, i))),
    );

    for (const answer of answers) expectAcceptedAnswer(answer, FOUND);
    const outcomes = await processedAll(sitrep.http, answers);
    expect(outcomes.map((o) => o.status)).toEqual(Array(50).fill('processed'));
    const { incidentIds } = await footprintOf(sitrep.app, am.id);
    expect(incidentIds).toHaveLength(1);
    const [incidentId] = incidentIds;
    const decided = outcomes.flatMap((o) =>
      o.alerts.map((a) => {
        expect(a.incidentId).toBe(incidentId);
        return { ...a, deliveryId: o.deliveryId };
      }),
    );
    const decisions = decided.map((d) => d.decision);
    expect(decisions.filter((d) => d === 'opened')).toHaveLength(1);
    expect(decisions.filter((d) => d === 'joined')).toHaveLength(1);
    expect(decisions.filter((d) => d === 'deduplicated')).toHaveLength(98);
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toEqual(DECLARED);

    // Per alert: one placement, then each other delivery counted once, the running count 2..50.
    const countOf = (reason: string) => Number(/\((\d+) deliveries/.exec(reason)?.[1]);
    for (const { dedupKey } of FOUND) {
      const ofAlert = decided.filter((d) => d.dedupKey === dedupKey);
      expect(ofAlert.filter((d) => d.decision !== 'deduplicated')).toHaveLength(1);
      const counts = ofAlert
        .filter((d) => d.decision === 'deduplicated')
        .map((d) => countOf(d.reason))
        .sort((a, b) => a - b);
      expect(counts).toEqual(Array.from({ length: 49 }, (_, i) => i + 2));
    }

    // On /alerts, repeats decided in the same batch are one row (coalesced): fewer rows than
    // deliveries, but the last row's count is still every delivery.
    const alerts = await alertsWhen(
      sitrep.http,
      incidentId,
      (all) => all.length === 2 && all.every((a) => a.decisions.at(-1)?.count === 50),
      'all 50 deliveries of both alerts counted on /alerts',
    );
    // Either alert may be the one that opened the incident: they raced.
    const placements = alerts
      .map((a) => a.decisions.filter((d) => d.decision !== 'deduplicated').map((d) => d.decision))
      .sort();
    expect(placements).toEqual([['joined'], ['opened']]);
    for (const alert of alerts) {
      const ofAlert = decided.filter((d) => d.dedupKey === alert.dedupKey);
      const [placement, ...repeats] = alert.decisions;
      // The placement row is the delivery that placed it.
      expect(placement).toMatchObject({
        decision: ofAlert.find((d) => d.decision !== 'deduplicated')!.decision,
        deliveryId: ofAlert.find((d) => d.decision !== 'deduplicated')!.deliveryId,
        count: null,
      });
      expect(repeats.length).toBeGreaterThanOrEqual(1);
      expect(repeats.length).toBeLessThanOrEqual(49);
      const counts = repeats.map((r) => r.count!);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(new Set(counts).size).toBe(counts.length);
      expect(counts[0]).toBeGreaterThanOrEqual(2);
      for (const row of repeats) {
        expect(row.decision).toBe('deduplicated');
        // Each row names the latest delivery it counts: the one whose own decision had that count.
        const latest = ofAlert.find(
          (d) => d.decision === 'deduplicated' && countOf(d.reason) === row.count,
        )!;
        expect(row.deliveryId).toBe(latest.deliveryId);
      }
    }
  }, 30_000);
});
