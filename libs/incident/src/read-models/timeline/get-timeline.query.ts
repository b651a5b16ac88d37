import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@sitrep/platform';
import { contributedTimelineKinds, type TimelineEntry, type TimelineKind } from './timeline.entry';
import { mergeTimeline, TimelineContributions } from './timeline-contributions';
import { timelineTable } from './timeline.table';
import { incidentListTable } from '../incident-list/incident-list.table';
import { IncidentNotFoundError } from '../incident-not-found.error';

export class GetTimelineQuery {
  constructor(
    readonly incidentId: string,
    readonly kinds: TimelineKind[] = [],
  ) {}
}

interface TimelineRecord {
  incident_id: string;
  position: string;
  event_id: string;
  type: string;
  kind: TimelineKind;
  occurred_at: Date;
  recorded_at: Date;
  actor: string;
  summary: string;
  details: Record<string, unknown>;
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery, TimelineEntry[]> {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly contributions: TimelineContributions,
  ) {}

  /** The incident's own entries and the contributed ones (alert decisions), in time order. */
  async execute({ incidentId, kinds }: GetTimelineQuery): Promise<TimelineEntry[]> {
    const rows = await this.db.query<TimelineRecord>(
      `SELECT * FROM ${timelineTable.name}
        WHERE incident_id = $1 AND (cardinality($2::text[]) = 0 OR kind = ANY($2))
        ORDER BY occurred_at, position`,
      [incidentId, kinds],
    );
    if (rows.length === 0) await this.assertExists(incidentId);
    const own = rows.map((r) => ({
      incidentId: r.incident_id,
      position: Number(r.position),
      eventId: r.event_id,
      type: r.type,
      kind: r.kind,
      occurredAt: r.occurred_at.toISOString(),
      recordedAt: r.recorded_at.toISOString(),
      actor: r.actor,
      summary: r.summary,
      details: r.details,
    }));
    const wanted = (kind: TimelineKind) => kinds.length === 0 || kinds.includes(kind);
    // Contributed entries have contributed kinds only: a filter without one needs none of them.
    if (!contributedTimelineKinds.some(wanted)) return own;
    const contributed = await this.contributions.entriesFor(incidentId);
    return mergeTimeline(
      own,
      contributed.filter((e) => wanted(e.kind)),
    );
  }

  private async assertExists(incidentId: string): Promise<void> {
    const [row] = await this.db.query(
      `SELECT 1 FROM ${incidentListTable.name} WHERE incident_id = $1`,
      [incidentId],
    );
    if (!row) throw new IncidentNotFoundError(incidentId);
  }
}
