import type { Severity } from '../../domain';
import type { CommandContext } from '../shared/command-context';

export interface DeclareIncidentInput {
  title: string;
  severity: Severity;
  description?: string;
  services: string[];
  reportedBy?: string;
  /** The response plan to run under; the default plan when absent. */
  responsePlanId?: string;
}

export class DeclareIncidentCommand {
  constructor(
    readonly input: DeclareIncidentInput,
    readonly context: CommandContext,
  ) {}
}
