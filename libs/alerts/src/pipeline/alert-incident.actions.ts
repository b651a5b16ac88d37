import {
  IncidentCommandRunner,
  IncidentErrorCode,
  IncidentDomainError,
  type CommandContext,
  type IncidentState,
  type PlanInForce,
} from '@sitrep/incident';
import type { IntegrationSettings } from '../alert-pipeline.port';
import type { NormalizedAlert } from '../normalized-alert';
import { deterministicUuid } from './alert-streams';

/** What the pipeline needs of ResponsePlanCatalog. */
export interface PlansInForce {
  inForce(planId?: string): Promise<PlanInForce>;
}

const OPEN = ['none', 'triage', 'investigating', 'mitigated'] as const;
const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export const contextOf = (
  integration: IntegrationSettings,
  deliveryId: string,
): CommandContext => ({
  actor: `integration:${integration.integrationId}`,
  source: 'alerts',
  correlationId: deliveryId,
});

/** The incident commands alerts cause; each is safe to repeat (a retried delivery repeats them). */
export class AlertIncidentActions {
  constructor(
    private readonly incidents: IncidentCommandRunner,
    private readonly plans: PlansInForce,
  ) {}

  current(incidentId: string): Promise<IncidentState> {
    return this.incidents.current(incidentId);
  }

  /** Not yet opened (another delivery is opening it), in triage, investigating or mitigated. */
  isOpen(state: IncidentState): boolean {
    return (OPEN as readonly string[]).includes(state.status);
  }

  /** Declares (notify step included) or opens in triage; already opened counts as done. */
  async open(
    integration: IntegrationSettings,
    alert: NormalizedAlert,
    incidentId: string,
    context: CommandContext,
  ): Promise<void> {
    const plan = await this.plans.inForce(integration.responsePlanId);
    const report = {
      incidentId,
      title: clip(alert.summary.trim() || alert.dedupKey, 200),
      severity: alert.severity,
      ...(alert.description?.trim() ? { description: clip(alert.description, 10_000) } : {}),
      services: alert.service ? [clip(alert.service, 100)] : [],
      reportedBy: context.actor,
    };
    const { contacts: _notYet, ...reference } = plan;
    await this.ignoring([IncidentErrorCode.ALREADY_DECLARED], () =>
      this.incidents.run(
        incidentId,
        (now) =>
          integration.openAs === 'declared'
            ? { type: 'DeclareIncident', data: { ...report, declaredAt: now, plan } }
            : {
                type: 'OpenPotentialIncident',
                data: { ...report, openedAt: now, plan: reference },
              },
        context,
      ),
    );
  }

  /** A note on the new incident naming the resolved one its alert belonged to. */
  async link(incidentId: string, linkedTo: string, text: string, context: CommandContext) {
    const noteId = deterministicUuid(`link#${incidentId}#${linkedTo}`);
    await this.incidents.run(
      incidentId,
      (addedAt) => ({
        type: 'AddNote',
        data: { incidentId, noteId, text, addedBy: context.actor, addedAt },
      }),
      context,
    );
  }

  /** A concurrent reopen (another delivery, or a person) makes the second one a refusal: ignored. */
  async reopen(incidentId: string, reason: string, context: CommandContext): Promise<void> {
    const by = context.actor;
    await this.ignoring(null, () =>
      this.incidents.run(
        incidentId,
        (at) => ({
          type: 'ReopenIncident',
          data: { incidentId, reason, reopenedBy: by, reopenedAt: at },
        }),
        context,
      ),
    );
  }

  /** Every alert resolved: mitigate or resolve (a potential incident is dismissed). */
  async settle(
    incidentId: string,
    mode: 'mitigate' | 'resolve',
    summary: string,
    context: CommandContext,
  ): Promise<void> {
    const status = (await this.current(incidentId)).status;
    const by = context.actor;
    if (status === 'triage') {
      await this.ignoring(null, () =>
        this.incidents.run(
          incidentId,
          (at) => ({
            type: 'DismissPotentialIncident',
            data: { incidentId, reason: summary, dismissedBy: by, dismissedAt: at },
          }),
          context,
        ),
      );
    } else if (mode === 'mitigate' && status === 'investigating') {
      await this.ignoring(null, () =>
        this.incidents.run(
          incidentId,
          (at) => ({
            type: 'MitigateIncident',
            data: { incidentId, summary, mitigatedBy: by, mitigatedAt: at },
          }),
          context,
        ),
      );
    } else if (mode === 'resolve' && (status === 'investigating' || status === 'mitigated')) {
      await this.ignoring(null, () =>
        this.incidents.run(
          incidentId,
          (at) => ({
            type: 'ResolveIncident',
            data: { incidentId, resolutionSummary: summary, resolvedBy: by, resolvedAt: at },
          }),
          context,
        ),
      );
    }
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
