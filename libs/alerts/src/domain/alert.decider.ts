import type { AlertCommand } from './alert.commands';
import { coalesceAlertEvents, decideAlert } from './alert.decide';
import type { AlertEvent } from './alert.events';
import { evolveAlert, initialAlertState, type AlertState } from './alert.state';

export const alertDecider = {
  decide: decideAlert,
  evolve: evolveAlert,
  initialState: initialAlertState,
  coalesce: coalesceAlertEvents,
} satisfies {
  decide: (c: AlertCommand, s: AlertState) => AlertEvent[];
  evolve: (s: AlertState, e: AlertEvent) => AlertState;
  initialState: () => AlertState;
  coalesce: (earlier: AlertEvent, later: AlertEvent) => AlertEvent | null;
};
