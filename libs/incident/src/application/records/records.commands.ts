import type {
  DecisionKind,
  ExternalCommunication,
  RejectedOption,
  UpdateAudience,
} from '../../domain';
import { IncidentRequest } from '../shared/incident-command.handler';

export class RecordDecisionCommand extends IncidentRequest<{
  decisionId: string;
  kind: DecisionKind;
  decision: string;
  rationale: string;
  decidedBy?: string;
  optionsRejected?: RejectedOption[];
  communication?: ExternalCommunication;
  supersedes?: string;
}> {}

export class AddActionCommand extends IncidentRequest<{
  actionId: string;
  description: string;
  owner: string;
  dueAt?: string;
  decisionId?: string;
}> {}

export class StartActionCommand extends IncidentRequest<{ actionId: string }> {}
export class CompleteActionCommand extends IncidentRequest<{
  actionId: string;
  outcome?: string;
}> {}
export class CancelActionCommand extends IncidentRequest<{ actionId: string; reason: string }> {}

export class PostUpdateCommand extends IncidentRequest<{
  updateId: string;
  audience: UpdateAudience;
  body: string;
}> {}

export class AddNoteCommand extends IncidentRequest<{ noteId: string; text: string }> {}

export class RecordCorrectionCommand extends IncidentRequest<{
  correctionId: string;
  correctsEventId?: string;
  subject?: string;
  whatWasWrong: string;
  correctedValue?: string;
  actuallyHappenedAt: string;
}> {}
