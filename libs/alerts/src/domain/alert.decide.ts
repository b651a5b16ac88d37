import type { AlertCommand, AttachAlertToIncident, ReceiveFiringAlert } from './alert.commands';
import type { AlertEvent, AlertRepeated } from './alert.events';
import type { AlertState } from './alert.state';

/**
 * Pure. The first `AlertFired` of a stream is what makes one incident out of many identical
 * deliveries: it is appended with 'no-stream', and every loser reloads and sees the alert firing.
 */
export function decideAlert(command: AlertCommand, state: AlertState): AlertEvent[] {
  switch (command.type) {
    case 'ReceiveFiringAlert':
      return receiveFiring(command, state);
    case 'ReceiveResolvedAlert': {
      const d = command.data;
      if (state.status !== 'firing' || state.deliveries.includes(d.deliveryId)) return [];
      return [{ type: 'AlertResolved', data: { ...d, incidentId: state.incidentId } }];
    }
    case 'AttachAlertToIncident':
      return attach(command, state);
    default:
      return unknownCommand(command);
  }
}

function receiveFiring(command: ReceiveFiringAlert, state: AlertState): AlertEvent[] {
  const d = command.data;
  if (state.status === 'none') return [{ type: 'AlertFired', data: { ...d, episode: 1 } }];
  if (state.deliveries.includes(d.deliveryId)) return [];
  if (state.status === 'resolved') {
    const data = { ...d, service: state.service, episode: state.episode + 1 };
    return [{ type: 'AlertRefired', data: { ...data, previousIncidentId: state.incidentId } }];
  }
  return [
    {
      type: 'AlertRepeated',
      data: {
        integrationId: state.integrationId,
        dedupKey: state.dedupKey,
        incidentId: state.incidentId,
        count: state.count + 1,
        payloadChanged: d.payloadHash !== state.payloadHash,
        payloadHash: d.payloadHash,
        deliveryId: d.deliveryId,
        receivedAt: d.receivedAt,
      },
    },
  ];
}

/** Only the firing episode it was decided for; a second attach of that episode changes nothing. */
function attach(command: AttachAlertToIncident, state: AlertState): AlertEvent[] {
  const d = command.data;
  if (state.status !== 'firing' || state.episode !== d.episode || state.incidentId !== null) {
    return [];
  }
  const key = { integrationId: state.integrationId, dedupKey: state.dedupKey };
  return [{ type: 'AlertAttachedToIncident', data: { ...key, ...d } }];
}

function unknownCommand(command: never): never {
  throw new Error(`Not an alert command: ${String((command as { type?: unknown }).type)}`);
}

/**
 * Pure. Two events about to be appended together, one after the other, as one event where the
 * pair says nothing the one does not (null: keep both). Either way the stream folds to the same
 * state, and each alert of a storm costs one event on its stream:
 * - repeats become one repeat counting every delivery of both;
 * - a firing and the attach of its episode for the same delivery become the firing with its
 *   `attachment`.
 */
export function coalesceAlertEvents(earlier: AlertEvent, later: AlertEvent): AlertEvent | null {
  if (earlier.type === 'AlertRepeated' && later.type === 'AlertRepeated') {
    const counted = (e: AlertRepeated) => e.data.deliveryIds ?? [e.data.deliveryId];
    return {
      type: 'AlertRepeated',
      data: {
        ...later.data,
        payloadChanged: earlier.data.payloadChanged || later.data.payloadChanged,
        deliveryIds: [...counted(earlier), ...counted(later)],
      },
    };
  }
  if (
    (earlier.type === 'AlertFired' || earlier.type === 'AlertRefired') &&
    later.type === 'AlertAttachedToIncident' &&
    earlier.data.attachment === undefined &&
    earlier.data.episode === later.data.episode &&
    earlier.data.deliveryId === later.data.deliveryId
  ) {
    const { incidentId, rule, reason, attachedAt } = later.data;
    const attachment = { incidentId, rule, reason, attachedAt };
    return earlier.type === 'AlertFired'
      ? { type: 'AlertFired', data: { ...earlier.data, attachment } }
      : { type: 'AlertRefired', data: { ...earlier.data, attachment } };
  }
  return null;
}
