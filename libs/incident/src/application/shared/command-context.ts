import type { EventMetadata } from '@sitrep/event-store';

/** Who asks, on behalf of which request, and (from If-Match) at which version. */
export interface CommandContext {
  actor: string;
  correlationId?: string;
  expectedVersion?: number;
}

export function metadataOf(context: CommandContext): EventMetadata {
  return {
    actor: context.actor,
    source: 'api',
    ...(context.correlationId ? { correlationId: context.correlationId } : {}),
  };
}
