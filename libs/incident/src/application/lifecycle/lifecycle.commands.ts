import type { Severity } from '../../domain';
import type { DeclareIncidentInput } from '../declare-incident/declare-incident.command';
import type { CommandContext } from '../shared/command-context';
import { IncidentRequest } from '../shared/incident-command.handler';

/** Step 0: something might be wrong. The server picks the id, as for a declaration. */
export class OpenPotentialIncidentCommand {
  constructor(
    readonly input: DeclareIncidentInput,
    readonly context: CommandContext,
  ) {}
}

export class ConfirmIncidentCommand extends IncidentRequest<{ responsePlanId?: string }> {}
export class DismissPotentialIncidentCommand extends IncidentRequest<{ reason: string }> {}
export class MitigateIncidentCommand extends IncidentRequest<{ summary: string }> {}
export class CloseIncidentCommand extends IncidentRequest<{
  washUpReference?: string;
  washUpSummary?: string;
}> {}
export class ReopenIncidentCommand extends IncidentRequest<{ reason: string }> {}
export class ChangeSeverityCommand extends IncidentRequest<{
  severity: Severity;
  reason: string;
}> {}
