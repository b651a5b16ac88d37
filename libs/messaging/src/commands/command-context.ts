import type { EventMetadata } from '@sitrep/event-store';

/** Who asks, on behalf of which request, and (from If-Match) at which version. */
export interface CommandContext {
  actor: string;
  correlationId?: string;
  /** The event or timer that caused this command, when it did not come from a request. */
  causationId?: string;
  /** Where the command came from: `api` unless said otherwise (e.g. `timer`, `notifier`). */
  source?: string;
  expectedVersion?: number;
}

export function metadataOf(context: CommandContext): EventMetadata {
  return {
    actor: context.actor,
    source: context.source ?? 'api',
    ...(context.correlationId ? { correlationId: context.correlationId } : {}),
    ...(context.causationId ? { causationId: context.causationId } : {}),
  };
}
