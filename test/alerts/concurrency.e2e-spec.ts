import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import { bootApp } from '../support/boot-sitrep';
import {
  alertsWhen,
  createIntegration,
  deliveriesOf,
  fixtureText,
  footprintOf,
  incidentEvents,
  typesOf,
  variantOf,
  type Http,
} from '../support/alerts';

const DECLARED = ['IncidentDeclared', 'NotificationsRequested', 'InvestigationTimeboxStarted'];

describe('Concurrent Alertmanager deliveries over HTTP (all-in-one app, real PostgreSQL)', () => {
  let app: INestApplication;
  let http: Http;

  beforeAll(async () => {
    app = await bootApp(SitrepModule);
    http = request(app.getHttpServer());
  }, 60_000);

  afterAll(async () => {
    await app.close();
  }, 30_000);

  const firing = fixtureText('alertmanager', 'firing.json');
  const setUp = async () => {
    const am = await createIntegration(http, {
      source: 'alertmanager',
      openAs: 'declared',
      autoResolve: 'resolve',
    });
    const send = (body: string) =>
      http
        .post(am.webhookPath)
        .set('Authorization', `Bearer ${am.secret}`)
        .set('Content-Type', 'application/json')
        .send(body);
    return { am, send };
  };

  it('50 identical deliveries in parallel: all 2xx with the same answer, one incident, ingested once', async () => {
    const { am, send } = await setUp();
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(firing)));

    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const incidentId: string = answers[0].body.alerts[0].incidentId;
    for (const answer of answers) expect(answer.body).toEqual(answers[0].body);

    expect((await footprintOf(app, am.id)).incidentIds).toEqual([incidentId]);
    expect(typesOf(await incidentEvents(http, incidentId))).toEqual(DECLARED);
    const statuses = (await deliveriesOf(app, am.id)).map((d) => d.status).sort();
    expect(statuses).toEqual(['accepted', ...Array(49).fill('duplicate')]);
    const alerts = await alertsWhen(http, incidentId, (all) => all.length === 2, '/alerts');
    expect(alerts.map((a) => a.decisions.map((d) => d.decision))).toEqual([['opened'], ['joined']]);
  }, 30_000);

  it('50 different deliveries of the same alerts in parallel: all 2xx, one incident, every other one deduplicated', async () => {
    const { am, send } = await setUp();
    const json = JSON.parse(firing);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(variantOf(json, i))),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const { incidentIds } = await footprintOf(app, am.id);
    expect(incidentIds).toHaveLength(1);
    const [incidentId] = incidentIds;
    const decisions = answers.flatMap((a) =>
      a.body.alerts.map((o: { decision: string; incidentId: string }) => {
        expect(o.incidentId).toBe(incidentId);
        return o.decision;
      }),
    );
    expect(decisions.filter((d) => d === 'opened')).toHaveLength(1);
    expect(decisions.filter((d) => d === 'joined')).toHaveLength(1);
    expect(decisions.filter((d) => d === 'deduplicated')).toHaveLength(98);
    expect(typesOf(await incidentEvents(http, incidentId))).toEqual(DECLARED);
    const alerts = await alertsWhen(
      http,
      incidentId,
      (all) => all.length === 2 && all.every((a) => a.decisions.length === 50),
      'all 100 decisions on /alerts',
    );
    // Either alert may be the one that opened the incident: they raced.
    const placements = alerts
      .map((a) => a.decisions.filter((d) => d.decision !== 'deduplicated').map((d) => d.decision))
      .sort();
    expect(placements).toEqual([['joined'], ['opened']]);
  }, 30_000);
});
