import type { RecordNotificationAcknowledged } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { NotificationAcknowledged } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId, requiredText, textLimits } from './command-validation';
import { requireExisting } from './state-guards';

/**
 * Acknowledgements arrive from outside whenever people answer, even after the incident is closed:
 * they are recorded in any status. The first one from a contact counts.
 */
export function recordNotificationAcknowledged(
  command: RecordNotificationAcknowledged,
  state: IncidentState,
): NotificationAcknowledged[] {
  const data: NotificationAcknowledged['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    contact: requiredText('contact', command.data.contact, textLimits.label),
    acknowledgedAt: isoTime('acknowledgedAt', command.data.acknowledgedAt),
  };
  const { notifications } = requireExisting(state, data.incidentId);
  if (!notifications.requested.some((contact) => contact.name === data.contact)) {
    throw incidentErrors.unknownContact(data.incidentId, data.contact);
  }
  if (notifications.acknowledged[data.contact] !== undefined) return [];
  return [{ type: 'NotificationAcknowledged', data }];
}
