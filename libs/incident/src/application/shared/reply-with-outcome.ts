import type { Response } from 'express';
import type { ReadYourWrites } from '@sitrep/messaging';
import { etagOf } from './http-versioning';
import type { IncidentCommandResponse } from './incident-command.response';
import type { CommandOutcome } from './run-incident-command';

/**
 * Answers a command once its events are in the local read models (bounded wait), so a client that
 * reads right after writing sees its own write; the ETag carries the new version for If-Match.
 */
export async function replyWithOutcome(
  outcome: CommandOutcome,
  res: Response,
  readModels: ReadYourWrites,
): Promise<IncidentCommandResponse> {
  if (outcome.lastGlobalPosition !== null) {
    await readModels.waitUntilProjected(outcome.lastGlobalPosition);
  }
  res.setHeader('ETag', etagOf(outcome.version));
  return { id: outcome.incidentId, version: outcome.version };
}
