import type { CommandContext } from '../shared/command-context';

export class AcknowledgeIncidentCommand {
  constructor(
    readonly incidentId: string,
    readonly context: CommandContext,
  ) {}
}
