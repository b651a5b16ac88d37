import type { CommandContext } from '../shared/command-context';

export class ResolveIncidentCommand {
  constructor(
    readonly incidentId: string,
    readonly resolutionSummary: string,
    readonly context: CommandContext,
  ) {}
}
