import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@sitrep/event-store';
import { incidentStreamId } from '../../incident-stream';
import { IncidentNotFoundError } from '../incident-not-found.error';

/** The raw stream, for replay and audit; `until` replays what was known at that moment. */
export class GetIncidentEventsQuery {
  constructor(
    readonly incidentId: string,
    readonly until?: Date,
  ) {}
}

@QueryHandler(GetIncidentEventsQuery)
export class GetIncidentEventsHandler implements IQueryHandler<
  GetIncidentEventsQuery,
  RecordedEvent[]
> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId, until }: GetIncidentEventsQuery): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(incidentStreamId(incidentId), { until });
    if (events.length === 0) {
      const any = until
        ? await this.store.readStream(incidentStreamId(incidentId), { toPosition: 1 })
        : [];
      if (any.length === 0) throw new IncidentNotFoundError(incidentId);
    }
    return events;
  }
}
