import type { Decider } from '@sitrep/domain';
import type { AlertCommand } from './alert.commands';
import { coalesceAlertEvents, decideAlert } from './alert.decide';
import type { AlertEvent } from './alert.events';
import { evolveAlert, initialAlertState, type AlertState } from './alert.state';
import type { StreamOptions } from './stream-options';

/** Events appended to an alert or group stream between two snapshots of its state. */
export const ALERT_SNAPSHOT_EVERY = 500;

export const alertDecider = {
  decide: decideAlert,
  evolve: evolveAlert,
  initialState: initialAlertState,
  coalesce: coalesceAlertEvents,
  // An alert that keeps firing (or flapping) for months repeats into its stream all along.
  snapshot: { schema: 'alert@1', every: ALERT_SNAPSHOT_EVERY },
  // Alert streams are the alert processor's own: nobody else appends to them.
  soleWriter: true,
} satisfies Decider<AlertCommand, AlertEvent, AlertState> & StreamOptions<AlertEvent, AlertState>;
