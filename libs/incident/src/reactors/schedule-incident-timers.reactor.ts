import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { foldKeyedRows, type Projection, type TableNames } from '@sitrep/messaging';
import { TimerStore } from '@sitrep/timers';
import type { IncidentEvent } from '../domain';
import { incidentIdOf, isIncidentStreamEvent } from '../incident-stream';
import { evolveSchedule, type IncidentSchedule } from '../read-models/schedule/incident-schedule';
import { timerChanges, type PlannedTimer } from './incident-timers';
import { incidentTimerScheduleTable } from './incident-timer-schedule.table';

/**
 * Keeps the durable timers of the standing process in step with each incident: huddle due and
 * overdue for the running timebox, the next internal update, each open action's due time. A
 * projection, so it runs on either transport, commits with its checkpoint, and ignores a
 * redelivered event (its schedule rows remember the last stream position they applied).
 */
@Injectable()
export class ScheduleIncidentTimersReactor implements Projection {
  readonly name = 'incident-timers';
  readonly tables = [incidentTimerScheduleTable];
  readonly handles = isIncidentStreamEvent;
  private readonly timers = new TimerStore();

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const t = tables[incidentTimerScheduleTable.name];
    const ids = [...new Set(events.map((e) => incidentIdOf(e.streamId)))];
    const stored = await tx.query<{
      incident_id: string;
      schedule: IncidentSchedule;
      last_position: string;
    }>(`SELECT * FROM ${t} WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id FOR UPDATE`, [
      ids,
    ]);
    const current = new Map(
      stored.map((r) => [
        r.incident_id,
        { row: r.schedule, lastPosition: Number(r.last_position) },
      ]),
    );
    const changed = foldKeyedRows<IncidentSchedule>(
      current,
      events,
      (e) => incidentIdOf(e.streamId),
      (s, e) =>
        evolveSchedule(s, { type: e.type, data: e.data } as IncidentEvent, e.streamPosition),
    );
    if (changed.size === 0) return;
    const entries = [...changed.entries()];
    const changes = entries.map(([id, v]) => timerChanges(current.get(id)?.row ?? null, v.row));
    await this.timers.cancelAll(
      tx,
      changes.flatMap((c) => c.cancel),
    );
    await this.timers.scheduleAll(tx, changes.flatMap((c) => c.schedule).map(asTimer));
    await tx.query(
      `INSERT INTO ${t} (incident_id, schedule, last_position)
       SELECT * FROM unnest($1::uuid[], $2::jsonb[], $3::bigint[])
       ON CONFLICT (incident_id) DO UPDATE SET schedule = EXCLUDED.schedule, last_position = EXCLUDED.last_position`,
      [
        entries.map(([id]) => id),
        entries.map(([, v]) => JSON.stringify(v.row)),
        entries.map(([, v]) => v.lastPosition),
      ],
    );
  }
}

function asTimer(t: PlannedTimer) {
  return { ...t, dueAt: new Date(t.dueAt) };
}
