import type { RecordDecision } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { DecisionRecorded, ExternalCommunication, RejectedOption } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { decisionKinds, type DecisionKind } from '../incident.vocabulary';
import {
  isoTime,
  list,
  oneOf,
  optionalId,
  requiredId,
  requiredText,
  textLimits,
} from './command-validation';
import { requireExisting, requireStatus, WORKING } from './state-guards';

export const recordDecisionLimits = { maxOptionsRejected: 20, optionMaxLength: 500 } as const;

/** Decisions are never edited: a changed plan is a new decision that supersedes the old one. */
export function recordDecision(command: RecordDecision, state: IncidentState): DecisionRecorded[] {
  const data = validDecision(command.data);
  const incident = requireStatus(requireExisting(state, data.incidentId), WORKING);
  // Checked first: a retried superseding decision would otherwise find its target superseded.
  if (incident.decisions[data.decisionId] !== undefined) return [];
  if (data.supersedes !== undefined) {
    const replaced = incident.decisions[data.supersedes];
    if (replaced === undefined)
      throw incidentErrors.decisionNotFound(data.incidentId, data.supersedes);
    if (replaced.supersededBy !== null) {
      throw incidentErrors.decisionSuperseded(
        data.incidentId,
        data.supersedes,
        replaced.supersededBy,
      );
    }
  }
  return [{ type: 'DecisionRecorded', data }];
}

function validDecision(data: RecordDecision['data']): DecisionRecorded['data'] {
  const kind = oneOf('kind', data.kind, decisionKinds);
  const communication = validCommunication(kind, data.communication);
  const supersedes = optionalId('supersedes', data.supersedes);
  return {
    incidentId: requiredId('incidentId', data.incidentId),
    decisionId: requiredId('decisionId', data.decisionId),
    kind,
    decision: requiredText('decision', data.decision, textLimits.reason),
    rationale: requiredText('rationale', data.rationale, textLimits.summary),
    decidedBy: requiredId('decidedBy', data.decidedBy),
    decidedAt: isoTime('decidedAt', data.decidedAt),
    optionsRejected: validOptionsRejected(data.optionsRejected ?? []),
    ...(communication === undefined ? {} : { communication }),
    ...(supersedes === undefined ? {} : { supersedes }),
  };
}

function validOptionsRejected(value: unknown): RejectedOption[] {
  const { maxOptionsRejected, optionMaxLength } = recordDecisionLimits;
  return list('optionsRejected', value, maxOptionsRejected, (field, item) => {
    const entry = (
      typeof item === 'object' && item !== null ? item : {}
    ) as Partial<RejectedOption>;
    return {
      option: requiredText(`${field}.option`, entry.option, { min: 1, max: optionMaxLength }),
      reason: requiredText(`${field}.reason`, entry.reason, textLimits.reason),
    };
  });
}

/** Saying something outside is only decided once audience, timing and message are settled. */
function validCommunication(kind: DecisionKind, value: unknown): ExternalCommunication | undefined {
  const external = kind === 'communicate-externally';
  if (value === undefined || value === null) {
    if (!external) return undefined;
    throw incidentErrors.invalidCommand('communication', 'is required to communicate externally');
  }
  if (!external) {
    throw incidentErrors.invalidCommand(
      'communication',
      'is only for communicate-externally decisions',
    );
  }
  const entry = (typeof value === 'object' ? value : {}) as Partial<ExternalCommunication>;
  return {
    audience: requiredText('communication.audience', entry.audience, textLimits.label),
    timing: requiredText('communication.timing', entry.timing, textLimits.label),
    message: requiredText('communication.message', entry.message, textLimits.body),
  };
}
