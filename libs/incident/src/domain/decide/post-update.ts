import type { PostUpdate } from '../incident.commands';
import type { UpdatePosted } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { updateAudiences } from '../incident.vocabulary';
import { isoTime, oneOf, requiredId, requiredText, textLimits } from './command-validation';
import { requireExisting, requireStatus, WORKING } from './state-guards';

export function postUpdate(command: PostUpdate, state: IncidentState): UpdatePosted[] {
  const data: UpdatePosted['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    updateId: requiredId('updateId', command.data.updateId),
    audience: oneOf('audience', command.data.audience, updateAudiences),
    body: requiredText('body', command.data.body, textLimits.body),
    postedBy: requiredId('postedBy', command.data.postedBy),
    postedAt: isoTime('postedAt', command.data.postedAt),
  };
  const incident = requireStatus(requireExisting(state, data.incidentId), WORKING);
  if (incident.recorded[`update:${data.updateId}`]) return [];
  return [{ type: 'UpdatePosted', data }];
}
