import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@sitrep/platform';
import { CommandRunner } from '@sitrep/messaging';
import {
  planInForce,
  ResponsePlanErrorCode,
  responsePlanErrors,
  type PlanInForce,
  type ResponsePlanCommand,
} from '../../domain';
import {
  DEFAULT_RESPONSE_PLAN_ID,
  defaultResponsePlan,
  RESPONSE_PLAN_STREAM_PREFIX,
  responsePlanIdOf,
} from './response-plan-stream';
import { responsePlanStreams } from './response-plan.stream-kind';
import { responsePlanViewOf, type ResponsePlanView } from './response-plan.view';

/*
 * Plans are few and small, so they are read by folding their streams; no read model. The list of
 * plans is the first event of every `response-plan-` stream. That query scans the events table (no
 * index serves a prefix under every collation), which is fine for an admin page; if it ever shows
 * up, a response-plan list read model replaces it without changing the routes.
 */
const PLAN_STREAMS_SQL = `
SELECT stream_id FROM events
WHERE stream_position = 1 AND stream_id LIKE '${RESPONSE_PLAN_STREAM_PREFIX}%'
ORDER BY global_position`;

@Injectable()
export class ResponsePlanCatalog {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  async view(planId: string): Promise<{ plan: ResponsePlanView; streamVersion: number }> {
    const { state, recorded, version } = await this.runner.load(responsePlanStreams, planId);
    const plan = responsePlanViewOf(state, recorded);
    if (plan === null) throw responsePlanErrors.notFound(planId);
    return { plan, streamVersion: version };
  }

  async list(): Promise<ResponsePlanView[]> {
    const rows = await this.database.query<{ stream_id: string }>(PLAN_STREAMS_SQL);
    const views = await Promise.all(rows.map((r) => this.view(responsePlanIdOf(r.stream_id))));
    return views.map((v) => v.plan);
  }

  /**
   * The plan an incident command runs under: the current version of the named plan, or of the
   * default when none is named. A retired plan takes no new incidents.
   */
  async inForce(planId: string = DEFAULT_RESPONSE_PLAN_ID): Promise<PlanInForce> {
    let { state } = await this.runner.load(responsePlanStreams, planId);
    if (state.status === 'none' && planId === DEFAULT_RESPONSE_PLAN_ID) {
      await this.ensureDefault();
      ({ state } = await this.runner.load(responsePlanStreams, planId));
    }
    if (state.status === 'retired') throw responsePlanErrors.retired(planId, state.retiredAt);
    const plan = planInForce(state);
    if (plan === null) throw responsePlanErrors.notFound(planId);
    return plan;
  }

  /** Idempotent, and safe when several processes start at once: the loser finds it created. */
  async ensureDefault(): Promise<void> {
    try {
      await this.runner.run(
        responsePlanStreams,
        DEFAULT_RESPONSE_PLAN_ID,
        (createdAt): ResponsePlanCommand => ({
          type: 'CreateResponsePlan',
          data: {
            planId: DEFAULT_RESPONSE_PLAN_ID,
            ...defaultResponsePlan,
            contacts: [],
            createdBy: 'sitrep',
            createdAt,
          },
        }),
        { actor: 'sitrep', source: 'startup' },
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== ResponsePlanErrorCode.ALREADY_EXISTS) throw error;
    }
  }
}
