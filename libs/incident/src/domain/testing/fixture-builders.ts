import type { IncidentCommand } from '../incident.commands';
import type { IncidentEvent } from '../incident.events';

/* For the fixtures: a builder per command or event type, defaults overridden field by field. */

type CommandOf<T extends IncidentCommand['type']> = Extract<IncidentCommand, { type: T }>;
type EventOf<T extends IncidentEvent['type']> = Extract<IncidentEvent, { type: T }>;

export function command<T extends IncidentCommand['type']>(
  type: T,
  defaults: CommandOf<T>['data'],
): (data?: Partial<CommandOf<T>['data']>) => CommandOf<T> {
  return (data = {}) => ({ type, data: { ...defaults, ...data } }) as unknown as CommandOf<T>;
}

export function event<T extends IncidentEvent['type']>(
  type: T,
  defaults: EventOf<T>['data'],
): (data?: Partial<EventOf<T>['data']>) => EventOf<T> {
  return (data = {}) => ({ type, data: { ...defaults, ...data } }) as unknown as EventOf<T>;
}
