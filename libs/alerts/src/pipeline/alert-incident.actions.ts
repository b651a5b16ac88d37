import {
  incidentDecider,
  IncidentErrorCode,
  IncidentDomainError,
  incidentStreamId,
  type IncidentCommand,
  type IncidentState,
  type PlanInForce,
} from '@sitrep/incident';
import { metadataOf, type CommandContext } from '@sitrep/messaging';
import type { IntegrationSettings } from '../alert-pipeline.port';
import { deterministicUuid } from '../alert-streams';
import type { Settlement } from '../domain';
import { clipped, type QueuedAlert } from '../normalized-alert';
import type { StreamSession } from './stream-session';

/** What the pipeline needs of ResponsePlanCatalog. */
export interface PlansInForce {
  inForce(planId?: string): Promise<PlanInForce>;
}

export const contextOf = (
  integration: IntegrationSettings,
  deliveryId: string,
): CommandContext => ({
  actor: `integration:${integration.integrationId}`,
  source: 'alerts',
  correlationId: deliveryId,
});

/**
 * The incident commands alerts cause, staged in the processor's session with the alerts' own
 * events, so an incident and the alerts that opened it commit together or not at all. Times are
 * the delivery's: an incident opened by an alert was declared when the alert arrived. They run
 * incidentDecider itself, as HTTP requests do; people act on incidents too, so the session reads
 * them afresh once per batch (incidents are not a `soleWriter` stream kind).
 */
export class AlertIncidentActions {
  constructor(
    private readonly session: StreamSession,
    private readonly plans: PlansInForce,
  ) {}

  current(incidentId: string): Promise<IncidentState> {
    return this.session.state(incidentStreamId(incidentId), incidentDecider);
  }

  /** Declares (notify step included) or opens in triage; already opened counts as done. */
  async open(
    integration: IntegrationSettings,
    alert: QueuedAlert,
    incidentId: string,
    at: string,
    context: CommandContext,
  ): Promise<void> {
    const plan = await this.plans.inForce(integration.responsePlanId);
    const report = {
      incidentId,
      title: clipped(alert.summary.trim() || alert.dedupKey, 200),
      severity: alert.severity,
      ...(alert.description?.trim() ? { description: clipped(alert.description, 10_000) } : {}),
      services: alert.service?.trim() ? [clipped(alert.service.trim(), 100)] : [],
      reportedBy: context.actor,
    };
    const { contacts: _notYet, ...reference } = plan;
    await this.ignoring([IncidentErrorCode.ALREADY_DECLARED], () =>
      this.run(
        incidentId,
        integration.openAs === 'declared'
          ? { type: 'DeclareIncident', data: { ...report, declaredAt: at, plan } }
          : { type: 'OpenPotentialIncident', data: { ...report, openedAt: at, plan: reference } },
        context,
      ),
    );
  }

  /** A note on the new incident naming the resolved one its alert belonged to. */
  async link(
    incidentId: string,
    linkedTo: string,
    text: string,
    at: string,
    context: CommandContext,
  ) {
    const noteId = deterministicUuid(`link#${incidentId}#${linkedTo}`);
    await this.run(
      incidentId,
      { type: 'AddNote', data: { incidentId, noteId, text, addedBy: context.actor, addedAt: at } },
      context,
    );
  }

  /** Context on an open incident (a change to its service); the note id makes a repeat nothing. */
  async note(
    incidentId: string,
    noteId: string,
    text: string,
    at: string,
    context: CommandContext,
  ) {
    const data = {
      incidentId,
      noteId,
      text: clipped(text, 10_000),
      addedBy: context.actor,
      addedAt: at,
    };
    await this.ignoring(null, () => this.run(incidentId, { type: 'AddNote', data }, context));
  }

  /** A concurrent reopen (another delivery, or a person) makes the second one a refusal: ignored. */
  async reopen(incidentId: string, reason: string, at: string, context: CommandContext) {
    const by = context.actor;
    await this.ignoring(null, () =>
      this.run(
        incidentId,
        { type: 'ReopenIncident', data: { incidentId, reason, reopenedBy: by, reopenedAt: at } },
        context,
      ),
    );
  }

  /** Every alert resolved: the settlement decideAutoResolve chose. */
  async settle(settlement: Settlement, at: string, context: CommandContext): Promise<void> {
    const { type, incidentId, summary } = settlement;
    const by = context.actor;
    let command: IncidentCommand;
    if (type === 'DismissPotentialIncident') {
      command = {
        type,
        data: { incidentId, reason: summary, dismissedBy: by, dismissedAt: at },
      };
    } else if (type === 'MitigateIncident') {
      command = { type, data: { incidentId, summary, mitigatedBy: by, mitigatedAt: at } };
    } else {
      command = {
        type,
        data: { incidentId, resolutionSummary: summary, resolvedBy: by, resolvedAt: at },
      };
    }
    await this.ignoring(null, () => this.run(incidentId, command, context));
  }

  private run(incidentId: string, command: IncidentCommand, context: CommandContext) {
    return this.session.run(
      incidentStreamId(incidentId),
      incidentDecider,
      () => command,
      metadataOf(context),
    );
  }

  /**
   * A person may have moved the incident on meanwhile (resolved it by hand, say): the domain's
   * refusal then means the alert's wish already holds or no longer applies. `null`: any domain error.
   */
  private async ignoring(codes: readonly string[] | null, run: () => Promise<unknown>) {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof IncidentDomainError)) throw error;
      if (codes !== null && !codes.includes(error.code)) throw error;
    }
  }
}
