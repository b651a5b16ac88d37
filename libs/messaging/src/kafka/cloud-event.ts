import type { EventMetadata, RecordedEvent } from '@sitrep/event-store';

/**
 * An event of the log as a CloudEvents 1.0 structured-mode JSON message.
 *
 * `type` is `sitrep.<EventType>` (CloudEvents asks for a producer prefix so types from different
 * systems do not collide on a shared bus); `fromCloudEvent` strips it again. Positions the spec's
 * 32-bit integer cannot hold (global position, the xid8 transaction id) travel as decimal strings.
 */
export interface SitrepCloudEvent {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
  schemaversion: number;
  streamposition: number;
  globalposition: string;
  transactionid: string;
  correlationid?: string;
  causationid?: string;
  actor?: string;
  /** `metadata.source`: where the command came from (the CloudEvents `source` is the producer). */
  origin?: string;
  /** Any other metadata, as a JSON object in a string (extensions cannot be objects). */
  metadata?: string;
}

export const CLOUD_EVENT_TYPE_PREFIX = 'sitrep.';
export const DEFAULT_CLOUD_EVENT_SOURCE = '/sitrep/event-store';

const MAPPED_METADATA = {
  correlationId: 'correlationid',
  causationId: 'causationid',
  actor: 'actor',
  source: 'origin',
} as const;

export function toCloudEvent(
  event: RecordedEvent,
  source: string = DEFAULT_CLOUD_EVENT_SOURCE,
): SitrepCloudEvent {
  const cloudEvent: SitrepCloudEvent = {
    specversion: '1.0',
    id: event.eventId,
    type: `${CLOUD_EVENT_TYPE_PREFIX}${event.type}`,
    source,
    subject: event.streamId,
    time: event.recordedAt.toISOString(),
    datacontenttype: 'application/json',
    data: event.data,
    schemaversion: event.schemaVersion,
    streamposition: event.streamPosition,
    globalposition: String(event.globalPosition),
    transactionid: event.transactionId,
  };
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    if (value === undefined) continue;
    const extension = MAPPED_METADATA[key as keyof typeof MAPPED_METADATA];
    if (extension && typeof value === 'string') cloudEvent[extension] = value;
    else rest[key] = value;
  }
  if (Object.keys(rest).length > 0) cloudEvent.metadata = JSON.stringify(rest);
  return cloudEvent;
}

/** Parses a message value (string, Buffer or already-parsed object) back into a RecordedEvent. */
export function fromCloudEvent(json: string | Buffer | Record<string, unknown>): RecordedEvent {
  const ce = (
    typeof json === 'string' || Buffer.isBuffer(json) ? JSON.parse(json.toString()) : json
  ) as Record<string, unknown>;
  if (ce.specversion !== '1.0')
    throw new InvalidCloudEventError(`unsupported specversion ${String(ce.specversion)}`);
  const type = requireString(ce, 'type');
  const metadata: EventMetadata =
    typeof ce.metadata === 'string' ? (JSON.parse(ce.metadata) as EventMetadata) : {};
  for (const [key, extension] of Object.entries(MAPPED_METADATA)) {
    if (typeof ce[extension] === 'string') metadata[key] = ce[extension];
  }
  return {
    globalPosition: Number(requireString(ce, 'globalposition')),
    streamId: requireString(ce, 'subject'),
    streamPosition: Number(ce.streamposition),
    eventId: requireString(ce, 'id'),
    type: type.startsWith(CLOUD_EVENT_TYPE_PREFIX)
      ? type.slice(CLOUD_EVENT_TYPE_PREFIX.length)
      : type,
    schemaVersion: Number(ce.schemaversion ?? 1),
    data: (ce.data ?? {}) as Record<string, unknown>,
    metadata,
    recordedAt: new Date(requireString(ce, 'time')),
    transactionId: requireString(ce, 'transactionid'),
  };
}

function requireString(ce: Record<string, unknown>, attribute: string): string {
  const value = ce[attribute];
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidCloudEventError(`attribute '${attribute}' is missing or not a string`);
  }
  return value;
}

export class InvalidCloudEventError extends Error {
  constructor(reason: string) {
    super(`not a Sitrep CloudEvent: ${reason}`);
  }
}
