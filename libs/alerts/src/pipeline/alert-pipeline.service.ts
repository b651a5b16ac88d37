import { Inject, Injectable } from '@nestjs/common';
import type { EventMetadata } from '@sitrep/event-store';
import { incidentDecider, incidentStreamId, ResponsePlanCatalog } from '@sitrep/incident';
import { metadataOf, type CommandContext } from '@sitrep/messaging';
import type { AlertOutcome, IntegrationSettings } from '../alert-pipeline.port';
import type { QueuedAlert } from '../normalized-alert';
import {
  alertDecider,
  alertGroupDecider,
  placementKey,
  type AlertCommand,
  type FiringAlert,
  type Placed,
} from '../domain';
import { AlertIncidentActions, contextOf, type PlansInForce } from './alert-incident.actions';
import { alertGroupStreamId, alertStreamId, deterministicUuid } from './alert-streams';
import type { StreamSession } from './stream-session';

type Delivery = { deliveryId: string; receivedAt: Date };
type Call = {
  session: StreamSession;
  actions: AlertIncidentActions;
  integration: IntegrationSettings;
  alert: QueuedAlert;
  delivery: Delivery;
  at: string;
  context: CommandContext;
  metadata: EventMetadata;
};

/** One accepted delivery's alerts, with the integration they came through. */
export interface IngestItem {
  integration: IntegrationSettings;
  alerts: readonly QueuedAlert[];
}

const DECISION_OF: Record<Placed['rule'], AlertOutcome['decision']> = {
  opened: 'opened',
  'new-after-reopen-window': 'opened',
  grouped: 'joined',
  'still-open': 'joined',
  reopened: 'reopened',
};

/**
 * Alerts → incidents, decided in a session (see AlertProcessor): each alert has its stream
 * (dedup), each integration+service a grouping stream (which incident, and when all its alerts
 * resolved); incident commands follow. The session stages every event; the processor appends
 * them with the deliveries' outcomes in one transaction.
 */
@Injectable()
export class AlertPipelineService {
  constructor(@Inject(ResponsePlanCatalog) private readonly plans: PlansInForce) {}

  /**
   * Loads in three reads what a batch will look at: its alert streams, then their grouping
   * streams, then the incidents those point to. Whatever is missed is read on first use.
   */
  async prepare(session: StreamSession, items: readonly IngestItem[]): Promise<void> {
    const alertIds = new Map<string, { integrationId: string; service: string }>();
    for (const { integration, alerts } of items) {
      for (const alert of alerts) {
        alertIds.set(alertStreamId(integration.integrationId, alert.dedupKey), {
          integrationId: integration.integrationId,
          service: alert.service ?? '',
        });
      }
    }
    await session.load(alertIds.keys(), alertDecider);
    const groupIds = new Set<string>();
    const incidentIds = new Set<string>();
    for (const [streamId, alert] of alertIds) {
      const state = await session.state(streamId, alertDecider);
      const service = state.status === 'none' ? alert.service : state.service;
      groupIds.add(alertGroupStreamId(alert.integrationId, service));
      if (state.status !== 'none' && state.incidentId) incidentIds.add(state.incidentId);
    }
    await session.load(groupIds, alertGroupDecider);
    for (const groupId of groupIds) {
      const current = (await session.state(groupId, alertGroupDecider)).current;
      if (current) incidentIds.add(current.incidentId);
    }
    await session.load([...incidentIds].map(incidentStreamId), incidentDecider);
  }

  async ingest(
    session: StreamSession,
    integration: IntegrationSettings,
    alerts: readonly QueuedAlert[],
    delivery: Delivery,
  ): Promise<AlertOutcome[]> {
    const actions = new AlertIncidentActions(session, this.plans);
    const outcomes: AlertOutcome[] = [];
    for (const alert of alerts) {
      const context = contextOf(integration, delivery.deliveryId);
      const call: Call = {
        session,
        actions,
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
    return call.session.run(streamId, alertDecider, () => command, call.metadata);
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
        payloadHash: alert.payloadHash,
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
    const before = await call.session.state(groupId, alertGroupDecider);
    const current = before.current?.incidentId ?? null;
    const openIncidentId =
      current && call.actions.isOpen(await call.actions.current(current)) ? current : null;
    const { state } = await call.session.run(
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
      await call.actions.open(
        call.integration,
        call.alert,
        placed.incidentId,
        call.at,
        call.context,
      );
      if (linkedTo) {
        const text = `Opened by alert ${alert.dedupKey}, which belonged to incident ${linkedTo}; that incident was resolved longer ago than the reopen window (${call.integration.reopenWindowSeconds} s).`;
        await call.actions.link(placed.incidentId, linkedTo, text, call.at, call.context);
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
    const incident = await call.actions.current(incidentId);
    let rule: 'still-open' | 'reopened';
    let reason: string;
    if (incident.status !== 'none' && call.actions.isOpen(incident)) {
      rule = 'still-open';
      reason = `fired again while incident ${incidentId} is still open`;
    } else if (incident.status === 'resolved') {
      const since = (Date.parse(call.at) - Date.parse(incident.resolution.at)) / 1000;
      if (since > call.integration.reopenWindowSeconds) return null;
      rule = 'reopened';
      reason = `fired again ${Math.round(since)} s after incident ${incidentId} was resolved, within the reopen window (${call.integration.reopenWindowSeconds} s)`;
      await call.actions.reopen(
        incidentId,
        `Alert ${alert.dedupKey} ${reason}`,
        call.at,
        call.context,
      );
    } else {
      return null;
    }
    const { state } = await call.session.run(
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
    const group = await call.session.run(
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
      await call.actions.settle(
        incidentId,
        integration.autoResolve,
        summary,
        call.at,
        call.context,
      );
    }
    const outcome =
      integration.autoResolve === 'none'
        ? 'left open (autoResolve none)'
        : `incident ${integration.autoResolve === 'resolve' ? 'resolved' : 'mitigated'}`;
    return { dedupKey, incidentId, decision: 'resolved', reason: `${summary}; ${outcome}` };
  }
}
