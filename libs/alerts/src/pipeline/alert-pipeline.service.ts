import { Inject, Injectable } from '@nestjs/common';
import type { EventMetadata } from '@sitrep/event-store';
import { incidentDecider, incidentStreamId, ResponsePlanCatalog } from '@sitrep/incident';
import { metadataOf, type CommandContext } from '@sitrep/messaging';
import type { AlertOutcome, IntegrationSettings } from '../alert-pipeline.port';
import { alertGroupStreamId, alertStreamId, deterministicUuid } from '../alert-streams';
import type { QueuedAlert } from '../normalized-alert';
import {
  alertDecider,
  alertGroupDecider,
  decideAutoResolve,
  decidePlacement,
  type AlertCommand,
  type FiringAlert,
  type FiringEpisode,
  type Placed,
  type PlacementFacts,
  type PlacementStep,
} from '../domain';
import { AlertIncidentActions, contextOf, type PlansInForce } from './alert-incident.actions';
import type { StreamSession } from './stream-session';
import { changeNoteText, isOpenFor, type ChangeOutcome } from './change-notes';
import type { ChangeDetail } from '../sources/pagerduty/pagerduty-change';

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

  /**
   * A change (PagerDuty change event) as a note on each open incident of its service, by the
   * integration: context for whoever is working them ("deploy X at 14:02").
   */
  async noteChange(
    session: StreamSession,
    integration: IntegrationSettings,
    change: ChangeDetail,
    candidates: readonly string[],
    delivery: Delivery,
  ): Promise<ChangeOutcome> {
    const { service } = change;
    if (!service) return { notedOn: [], reason: 'the change names no service' };
    const actions = new AlertIncidentActions(session, this.plans);
    const context = contextOf(integration, delivery.deliveryId);
    const notedOn: string[] = [];
    for (const incidentId of candidates) {
      if (!isOpenFor(await actions.current(incidentId), service)) continue;
      const noteId = deterministicUuid(`change#${delivery.deliveryId}#${incidentId}`);
      const at = delivery.receivedAt.toISOString();
      await actions.note(incidentId, noteId, changeNoteText(change), at, context);
      notedOn.push(incidentId);
    }
    const reason =
      notedOn.length > 0
        ? `noted on the open incidents of service "${service}"`
        : `no open incident of service "${service}"`;
    return { service, notedOn, reason };
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
    const facts = await this.placementFacts(call, alert);
    const { placed, steps } = decidePlacement(this.episodeOf(call, alert), facts);
    for (const step of steps) await this.carryOut(call, alert, step);
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

  private episodeOf(call: Call, alert: FiringAlert): FiringEpisode {
    const { integrationId } = call.integration;
    const { service, dedupKey, episode, previousIncidentId } = alert;
    return {
      integrationId,
      service,
      dedupKey,
      episode,
      previousIncidentId,
      at: call.at,
      settings: call.integration,
      newIncidentId: deterministicUuid(`${alertStreamId(integrationId, dedupKey)}#${episode}`),
    };
  }

  /** The previous incident, the group and the group's incident, read in that order. */
  private async placementFacts(call: Call, alert: FiringAlert): Promise<PlacementFacts> {
    const { actions, session } = call;
    const previousId = alert.previousIncidentId;
    const previous = previousId === null ? null : await actions.current(previousId);
    const group = await session.state(this.groupOf(call, alert), alertGroupDecider);
    const current = group.current?.incidentId ?? null;
    const groupIncident = current === null ? null : await actions.current(current);
    return { previous, group, groupIncident };
  }

  private async carryOut(call: Call, alert: FiringAlert, step: PlacementStep): Promise<void> {
    const { actions, at, context } = call;
    switch (step.type) {
      case 'ReopenIncident':
        return actions.reopen(step.incidentId, step.reason, at, context);
      case 'RecordPlacement':
        await call.session.run(
          this.groupOf(call, alert),
          alertGroupDecider,
          () => step.command,
          call.metadata,
        );
        return;
      case 'OpenIncident':
        return actions.open(call.integration, call.alert, step.incidentId, at, context);
      case 'LinkIncident':
        return actions.link(step.incidentId, step.linkedTo, step.text, at, context);
      default:
        return unknownStep(step);
    }
  }

  private groupOf(call: Call, alert: FiringAlert) {
    return alertGroupStreamId(call.integration.integrationId, alert.service);
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
    const { reason, settle } = decideAutoResolve(group.events, {
      autoResolve: integration.autoResolve,
      incident: await call.actions.current(incidentId),
    });
    if (settle) await call.actions.settle(settle, call.at, call.context);
    return { dedupKey, incidentId, decision: 'resolved', reason };
  }
}

function unknownStep(step: never): never {
  throw new Error(`Not a placement step: ${String((step as { type?: unknown }).type)}`);
}
