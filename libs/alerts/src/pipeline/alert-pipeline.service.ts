import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventMetadata, type EventStore } from '@sitrep/event-store';
import {
  IncidentCommandRunner,
  metadataOf,
  ResponsePlanCatalog,
  type CommandContext,
} from '@sitrep/incident';
import type { AlertOutcome, AlertPipeline, IntegrationSettings } from '../alert-pipeline.port';
import type { NormalizedAlert } from '../normalized-alert';
import {
  alertDecider,
  alertGroupDecider,
  placementKey,
  type AlertCommand,
  type FiringAlert,
  type Placed,
} from '../domain';
import { AlertIncidentActions, contextOf, type PlansInForce } from './alert-incident.actions';
import {
  alertGroupStreamId,
  alertStreamId,
  deterministicUuid,
  payloadHashOf,
} from './alert-streams';
import { runOnStream } from './decider-stream';

type Delivery = { deliveryId: string; receivedAt: Date };
type Call = {
  integration: IntegrationSettings;
  alert: NormalizedAlert;
  delivery: Delivery;
  at: string;
  context: CommandContext;
  metadata: EventMetadata;
};

const DECISION_OF: Record<Placed['rule'], AlertOutcome['decision']> = {
  opened: 'opened',
  'new-after-reopen-window': 'opened',
  grouped: 'joined',
  'still-open': 'joined',
  reopened: 'reopened',
};

/**
 * Alerts → incidents. Each alert has its stream (dedup), each integration+service a grouping
 * stream (which incident, and when all its alerts resolved); incident commands follow. Every step
 * is idempotent, so a redelivered or concurrent delivery completes whatever a crash left undone.
 */
@Injectable()
export class AlertPipelineService implements AlertPipeline {
  private readonly actions: AlertIncidentActions;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    incidents: IncidentCommandRunner,
    @Inject(ResponsePlanCatalog) plans: PlansInForce,
  ) {
    this.actions = new AlertIncidentActions(incidents, plans);
  }

  async ingest(
    integration: IntegrationSettings,
    alerts: readonly NormalizedAlert[],
    delivery: Delivery,
  ) {
    const outcomes: AlertOutcome[] = [];
    for (const alert of alerts) {
      const context = contextOf(integration, delivery.deliveryId);
      const call = {
        integration,
        alert,
        delivery,
        at: delivery.receivedAt.toISOString(),
        context,
        metadata: metadataOf(context),
      };
      outcomes.push(
        alert.status === 'firing' ? await this.firing(call) : await this.resolved(call),
      );
    }
    return outcomes;
  }

  private onAlert(call: Call, command: AlertCommand) {
    const streamId = alertStreamId(call.integration.integrationId, call.alert.dedupKey);
    return runOnStream(this.store, streamId, alertDecider, () => command, call.metadata);
  }

  private async firing(call: Call): Promise<AlertOutcome> {
    const { alert, integration, delivery, at } = call;
    const { events, state } = await this.onAlert(call, {
      type: 'ReceiveFiringAlert',
      data: {
        integrationId: integration.integrationId,
        dedupKey: alert.dedupKey,
        severity: alert.severity,
        summary: alert.summary,
        service: alert.service ?? '',
        labels: alert.labels,
        startedAt: alert.startedAt,
        deliveryId: delivery.deliveryId,
        payloadHash: payloadHashOf(alert.raw),
        receivedAt: at,
      },
    });
    const dedupKey = alert.dedupKey;
    if (state.status !== 'firing') {
      return {
        dedupKey,
        decision: 'ignored',
        incidentId: state.status === 'none' ? undefined : (state.incidentId ?? undefined),
        reason: 'delivery already processed',
      };
    }
    const placed = state.incidentId === null ? await this.attach(call, state) : null;
    const incidentId = state.incidentId ?? placed!.incidentId;
    const first = events[0];
    if (first?.type === 'AlertFired' || first?.type === 'AlertRefired') {
      return { dedupKey, incidentId, decision: DECISION_OF[placed!.rule], reason: placed!.reason };
    }
    if (first?.type === 'AlertRepeated') {
      const changed = first.data.payloadChanged;
      const reason = `deduplication: same dedup key while its alert is open (${first.data.count} deliveries)${changed ? '; payload changed' : ''}`;
      return { dedupKey, incidentId, decision: changed ? 'updated' : 'deduplicated', reason };
    }
    return { dedupKey, incidentId, decision: 'deduplicated', reason: 'delivery already processed' };
  }

  /** Decides the episode's incident (idempotently: a retry finds the placement made). */
  private async attach(call: Call, alert: FiringAlert): Promise<Placed> {
    const previous = alert.previousIncidentId;
    const placed =
      (previous && (await this.returnTo(call, alert, previous))) ||
      (await this.place(call, alert, previous));
    await this.onAlert(call, {
      type: 'AttachAlertToIncident',
      data: {
        episode: alert.episode,
        ...placed,
        deliveryId: call.delivery.deliveryId,
        attachedAt: call.at,
      },
    });
    return placed;
  }

  private groupOf(call: Call, alert: FiringAlert) {
    return alertGroupStreamId(call.integration.integrationId, alert.service);
  }

  private async place(call: Call, alert: FiringAlert, linkedTo: string | null): Promise<Placed> {
    const groupId = this.groupOf(call, alert);
    const before = (await this.store.readStream(groupId))
      .map(
        (e) => ({ type: e.type, data: e.data }) as Parameters<typeof alertGroupDecider.evolve>[1],
      )
      .reduce(alertGroupDecider.evolve, alertGroupDecider.initialState());
    const current = before.current?.incidentId ?? null;
    const openIncidentId =
      current && this.actions.isOpen(await this.actions.current(current)) ? current : null;
    const { state } = await runOnStream(
      this.store,
      groupId,
      alertGroupDecider,
      () => ({
        type: 'PlaceAlert' as const,
        data: {
          ...this.ref(call, alert),
          windowSeconds: call.integration.groupingWindowSeconds,
          newIncidentId: deterministicUuid(
            `${alertStreamId(call.integration.integrationId, alert.dedupKey)}#${alert.episode}`,
          ),
          openIncidentId,
          linkedTo,
        },
      }),
      call.metadata,
    );
    const placed = state.placements[placementKey(alert.dedupKey, alert.episode)];
    if (placed.rule === 'opened' || placed.rule === 'new-after-reopen-window') {
      await this.actions.open(call.integration, call.alert, placed.incidentId, call.context);
      if (linkedTo) {
        const text = `Opened by alert ${alert.dedupKey}, which belonged to incident ${linkedTo}; that incident was resolved longer ago than the reopen window (${call.integration.reopenWindowSeconds} s).`;
        await this.actions.link(placed.incidentId, linkedTo, text, call.context);
      }
    }
    return placed;
  }

  /** A refiring alert: back to its incident while open, or reopening it within the window. */
  private async returnTo(
    call: Call,
    alert: FiringAlert,
    incidentId: string,
  ): Promise<Placed | null> {
    const incident = await this.actions.current(incidentId);
    let rule: 'still-open' | 'reopened';
    let reason: string;
    if (incident.status !== 'none' && this.actions.isOpen(incident)) {
      rule = 'still-open';
      reason = `fired again while incident ${incidentId} is still open`;
    } else if (incident.status === 'resolved') {
      const since = (Date.parse(call.at) - Date.parse(incident.resolution.at)) / 1000;
      if (since > call.integration.reopenWindowSeconds) return null;
      rule = 'reopened';
      reason = `fired again ${Math.round(since)} s after incident ${incidentId} was resolved, within the reopen window (${call.integration.reopenWindowSeconds} s)`;
      await this.actions.reopen(incidentId, `Alert ${alert.dedupKey} ${reason}`, call.context);
    } else {
      return null;
    }
    const { state } = await runOnStream(
      this.store,
      this.groupOf(call, alert),
      alertGroupDecider,
      () => ({
        type: 'ReturnAlert' as const,
        data: { ...this.ref(call, alert), incidentId, rule, reason },
      }),
      call.metadata,
    );
    return state.placements[placementKey(alert.dedupKey, alert.episode)];
  }

  private ref(call: Call, alert: FiringAlert) {
    const { integrationId } = call.integration;
    return {
      integrationId,
      service: alert.service,
      dedupKey: alert.dedupKey,
      episode: alert.episode,
      at: call.at,
    };
  }

  private async resolved(call: Call): Promise<AlertOutcome> {
    const { alert, integration, delivery, at } = call;
    const dedupKey = alert.dedupKey;
    const { events, state } = await this.onAlert(call, {
      type: 'ReceiveResolvedAlert',
      data: {
        integrationId: integration.integrationId,
        dedupKey,
        endedAt: alert.endedAt ?? at,
        deliveryId: delivery.deliveryId,
        receivedAt: at,
      },
    });
    const resolved = events[0];
    if (resolved?.type !== 'AlertResolved' || state.status === 'none') {
      const reason =
        state.status === 'none' ? 'resolved, but no such alert ever fired' : 'already resolved';
      return {
        dedupKey,
        decision: 'ignored',
        reason,
        ...(state.status !== 'none' && state.incidentId ? { incidentId: state.incidentId } : {}),
      };
    }
    const incidentId = resolved.data.incidentId;
    if (incidentId === null)
      return { dedupKey, decision: 'resolved', reason: 'resolved before it joined an incident' };
    const group = await runOnStream(
      this.store,
      alertGroupStreamId(integration.integrationId, state.service),
      alertGroupDecider,
      () => ({
        type: 'ResolveGroupAlert' as const,
        data: {
          integrationId: integration.integrationId,
          service: state.service,
          dedupKey,
          at,
          incidentId,
        },
      }),
      call.metadata,
    );
    const last = group.events[0];
    if (last?.type !== 'GroupAlertResolved' || !last.data.allResolved) {
      return {
        dedupKey,
        incidentId,
        decision: 'resolved',
        reason: 'alert resolved; other alerts of the incident still fire',
      };
    }
    const summary = `All alerts resolved: ${last.data.resolvedDedupKeys.join(', ')}`.slice(0, 2000);
    if (integration.autoResolve !== 'none') {
      await this.actions.settle(incidentId, integration.autoResolve, summary, call.context);
    }
    const outcome =
      integration.autoResolve === 'none'
        ? 'left open (autoResolve none)'
        : `incident ${integration.autoResolve === 'resolve' ? 'resolved' : 'mitigated'}`;
    return { dedupKey, incidentId, decision: 'resolved', reason: `${summary}; ${outcome}` };
  }
}
