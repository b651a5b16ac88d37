import type { Decider } from '@sitrep/domain';
import type { AlertGroupCommand } from './alert-group.commands';
import { coalesceAlertGroupEvents, decideAlertGroup } from './alert-group.decide';
import type { AlertGroupEvent } from './alert-group.events';
import { ALERT_SNAPSHOT_EVERY } from './alert.decider';
import {
  applyAlertGroupEvent,
  evolveAlertGroup,
  initialAlertGroupState,
  type AlertGroupState,
} from './alert-group.state';
import type { StreamOptions } from './stream-options';

export { MAX_JOINS_PER_EVENT } from './alert-group.decide';

export const alertGroupDecider = {
  decide: decideAlertGroup,
  evolve: evolveAlertGroup,
  initialState: initialAlertGroupState,
  coalesce: coalesceAlertGroupEvents,
  // A group's state grows with its open incidents: events change it in place, never copying it.
  applyInPlace: applyAlertGroupEvent,
  // A group's stream grows with every alert of its service, for ever: a worker that starts
  // folds it from a snapshot (a plain-JSON AlertGroupState), not from the service's first alert.
  snapshot: { schema: 'alert-group@1', every: ALERT_SNAPSHOT_EVERY },
  // Grouping streams are the alert processor's own: nobody else appends to them.
  soleWriter: true,
} satisfies Decider<AlertGroupCommand, AlertGroupEvent, AlertGroupState> &
  StreamOptions<AlertGroupEvent, AlertGroupState>;
