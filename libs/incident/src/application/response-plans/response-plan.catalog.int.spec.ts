import { randomUUID } from 'node:crypto';
import type { EventBus } from '@nestjs/cqrs';
import { systemClock, type OpenedDatabase } from '@sitrep/platform';
import { eventStoreMigrations, PostgresEventStore } from '@sitrep/event-store';
import { CommandRunner } from '@sitrep/messaging';
import { openTestDatabase } from '@sitrep/testing';
import {
  ResponsePlanErrorCode,
  type IncidentCommand,
  type ResponsePlanCommand,
} from '../../domain';
import { incidentStreams } from '../shared/incident.stream-kind';
import { ResponsePlanCatalog } from './response-plan.catalog';
import { responsePlanStreams } from './response-plan.stream-kind';
import { DEFAULT_RESPONSE_PLAN_ID, responsePlanStreamId } from './response-plan-stream';

describe('response plans against the real event store', () => {
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let runner: CommandRunner;
  const eventBus = { publish: () => undefined } as unknown as EventBus;
  const context = { actor: 'test' };

  beforeAll(async () => {
    opened = await openTestDatabase(eventStoreMigrations, 20);
    store = new PostgresEventStore(opened.database);
    runner = new CommandRunner(store, systemClock, eventBus);
  });

  afterAll(() => opened.dataSource.destroy());

  const catalog = () => new ResponsePlanCatalog(runner, opened.database);

  async function createPlan(investigationMinutes: number): Promise<string> {
    const planId = randomUUID();
    await runner.run(
      responsePlanStreams,
      planId,
      (createdAt): ResponsePlanCommand => ({
        type: 'CreateResponsePlan',
        data: {
          planId,
          name: 'Payments',
          contacts: [{ name: 'On-call SRE', channel: 'sms', address: '+441234567890' }],
          investigationMinutes,
          huddleMinutes: 5,
          internalUpdateMinutes: 30,
          customerUpdateMinutes: 60,
          createdBy: 'test',
          createdAt,
        },
      }),
      context,
    );
    return planId;
  }

  it('eight processes starting at once create the default plan exactly once, without errors', async () => {
    await Promise.all(Array.from({ length: 8 }, () => catalog().ensureDefault()));
    const stream = await store.readStream(responsePlanStreamId(DEFAULT_RESPONSE_PLAN_ID));
    expect(stream.map((e) => e.type)).toEqual(['ResponsePlanCreated']);
    expect(stream[0].data).toMatchObject({
      name: 'Default',
      investigationMinutes: 30,
      contacts: [],
    });
    expect(await catalog().inForce()).toMatchObject({
      planId: DEFAULT_RESPONSE_PLAN_ID,
      huddleMinutes: 5,
    });
  });

  it('a revised plan does not change an incident already running under the old version', async () => {
    const planId = await createPlan(20);
    const plan = await catalog().inForce(planId);
    const incidentId = randomUUID();
    await runner.run(
      incidentStreams,
      incidentId,
      (declaredAt): IncidentCommand => ({
        type: 'DeclareIncident',
        data: {
          incidentId,
          title: 'Slow',
          severity: 'SEV3',
          services: [],
          reportedBy: 'ann',
          declaredAt,
          plan,
        },
      }),
      context,
    );
    await runner.run(
      responsePlanStreams,
      planId,
      (revisedAt): ResponsePlanCommand => ({
        type: 'ReviseResponsePlan',
        data: { ...plan, name: 'Payments', investigationMinutes: 45, revisedBy: 'test', revisedAt },
      }),
      context,
    );
    expect(await catalog().inForce(planId)).toMatchObject({ version: 2, investigationMinutes: 45 });
    const { state } = await runner.load(incidentStreams, incidentId);
    expect(state.status !== 'none' && state.plan).toMatchObject({
      planId,
      version: 1,
      investigationMinutes: 20,
    });
  });

  it('lists every plan, and refuses unknown and retired plans by code', async () => {
    const planId = await createPlan(30);
    expect((await catalog().list()).map((p) => p.id)).toContain(planId);
    await expect(catalog().inForce(randomUUID())).rejects.toMatchObject({
      code: ResponsePlanErrorCode.NOT_FOUND,
    });
    await runner.run(
      responsePlanStreams,
      planId,
      (retiredAt): ResponsePlanCommand => ({
        type: 'RetireResponsePlan',
        data: { planId, retiredBy: 'test', retiredAt },
      }),
      context,
    );
    await expect(catalog().inForce(planId)).rejects.toMatchObject({
      code: ResponsePlanErrorCode.RETIRED,
    });
  });
});
