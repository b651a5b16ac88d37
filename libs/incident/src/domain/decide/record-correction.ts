import type { RecordCorrection } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { CorrectionRecorded } from '../incident.events';
import type { IncidentState } from '../incident.state';
import {
  isoTime,
  optionalId,
  optionalText,
  requiredId,
  requiredText,
  textLimits,
} from './command-validation';
import { requireExisting } from './state-guards';

/**
 * The record must stay fixable after the wash-up, so corrections are accepted in any status. The
 * domain cannot see event ids (the store assigns them): the handler checks `correctsEventId`.
 */
export function recordCorrection(
  command: RecordCorrection,
  state: IncidentState,
): CorrectionRecorded[] {
  const data = validCorrection(command.data);
  const incident = requireExisting(state, data.incidentId);
  if (incident.recorded[`correction:${data.correctionId}`]) return [];
  return [{ type: 'CorrectionRecorded', data }];
}

function validCorrection(data: RecordCorrection['data']): CorrectionRecorded['data'] {
  const correctsEventId = optionalId('correctsEventId', data.correctsEventId);
  const subject = optionalText('subject', data.subject, textLimits.label.max);
  if (correctsEventId === undefined && subject === undefined) {
    throw incidentErrors.invalidCommand('subject', 'or correctsEventId must say what is corrected');
  }
  const correctedValue = optionalText(
    'correctedValue',
    data.correctedValue,
    textLimits.summary.max,
  );
  return {
    incidentId: requiredId('incidentId', data.incidentId),
    correctionId: requiredId('correctionId', data.correctionId),
    ...(correctsEventId === undefined ? {} : { correctsEventId }),
    ...(subject === undefined ? {} : { subject }),
    whatWasWrong: requiredText('whatWasWrong', data.whatWasWrong, textLimits.summary),
    ...(correctedValue === undefined ? {} : { correctedValue }),
    actuallyHappenedAt: isoTime('actuallyHappenedAt', data.actuallyHappenedAt),
    recordedBy: requiredId('recordedBy', data.recordedBy),
    recordedAt: isoTime('recordedAt', data.recordedAt),
  };
}
