import type { AlertGroupCommand } from './alert-group.commands';
import { decideAlertGroup } from './alert-group.decide';
import type { AlertGroupEvent } from './alert-group.events';
import {
  evolveAlertGroup,
  initialAlertGroupState,
  type AlertGroupState,
} from './alert-group.state';

export const alertGroupDecider = {
  decide: decideAlertGroup,
  evolve: evolveAlertGroup,
  initialState: initialAlertGroupState,
} satisfies {
  decide: (c: AlertGroupCommand, s: AlertGroupState) => AlertGroupEvent[];
  evolve: (s: AlertGroupState, e: AlertGroupEvent) => AlertGroupState;
  initialState: () => AlertGroupState;
};
