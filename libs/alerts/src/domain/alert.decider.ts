import type { AlertCommand } from './alert.commands';
import { coalesceAlertEvents, decideAlert } from './alert.decide';
import type { AlertEvent } from './alert.events';
import { evolveAlert, initialAlertState, type AlertState } from './alert.state';

/** Events appended to an alert or group stream between two snapshots of its state. */
export const ALERT_SNAPSHOT_EVERY = 500;

export const alertDecider = {
  decide: decideAlert,
  evolve: evolveAlert,
  initialState: initialAlertState,
  coalesce: coalesceAlertEvents,
  // An alert that keeps firing (or flapping) for months repeats into its stream all along.
  snapshot: { schema: 'alert@1', every: ALERT_SNAPSHOT_EVERY },
} satisfies {
  decide: (c: AlertCommand, s: AlertState) => AlertEvent[];
  evolve: (s: AlertState, e: AlertEvent) => AlertState;
  initialState: () => AlertState;
  coalesce: (earlier: AlertEvent, later: AlertEvent) => AlertEvent | null;
  snapshot: { schema: string; every: number };
};
