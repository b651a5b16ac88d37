import type { CommandContext } from '@sitrep/messaging';
import type { ConfirmIncidentRequest, DeclareIncidentRequest } from './lifecycle.request.dto';

/*
 * The lifecycle commands that read the plan in force before deciding, so they have handlers of
 * their own; every other incident command is an IncidentRequest (shared/incident-request.ts).
 */

/** The server picks the id. */
export class DeclareIncidentCommand {
  constructor(
    readonly request: DeclareIncidentRequest,
    readonly context: CommandContext,
  ) {}
}

/** Step 0: something might be wrong. The server picks the id, as for a declaration. */
export class OpenPotentialIncidentCommand {
  constructor(
    readonly request: DeclareIncidentRequest,
    readonly context: CommandContext,
  ) {}
}

export class ConfirmIncidentCommand {
  constructor(
    readonly incidentId: string,
    readonly request: ConfirmIncidentRequest,
    readonly context: CommandContext,
  ) {}
}
