import { Injectable } from '@nestjs/common';
import type { TimelineEntry } from './timeline.entry';

/**
 * Entries another module adds to an incident's timeline, read when the timeline is asked for
 * (the alert decisions: the alerts library depends on this one, never the other way round).
 * Every entry has a contributed kind (`contributedTimelineKinds`); entries of equal times stay in
 * the order given.
 */
export interface TimelineContribution {
  entriesFor(incidentId: string): Promise<TimelineEntry[]>;
}

/**
 * The contributions to the timeline: a module that has entries to add registers its
 * contribution here once, when it starts (IncidentModule exports the one instance).
 */
@Injectable()
export class TimelineContributions implements TimelineContribution {
  private readonly contributions = new Set<TimelineContribution>();

  add(contribution: TimelineContribution): void {
    this.contributions.add(contribution);
  }

  /** Every contribution's entries for the incident, one contribution after the other. */
  async entriesFor(incidentId: string): Promise<TimelineEntry[]> {
    const all = await Promise.all([...this.contributions].map((c) => c.entriesFor(incidentId)));
    return all.flat();
  }
}

const timeOf = (entry: TimelineEntry) => Date.parse(entry.occurredAt);

/**
 * Pure: the incident's own entries, kept in their order, merged with the contributed ones by when
 * they happened; at equal times the incident's own first, then the contributed ones in the order
 * their contribution gave them (positions of different streams say nothing about each other).
 */
export function mergeTimeline(
  own: readonly TimelineEntry[],
  contributed: readonly TimelineEntry[],
): TimelineEntry[] {
  const others = [...contributed].sort((a, b) => timeOf(a) - timeOf(b));
  const merged: TimelineEntry[] = [];
  let i = 0;
  for (const entry of own) {
    while (i < others.length && timeOf(others[i]) < timeOf(entry)) merged.push(others[i++]);
    merged.push(entry);
  }
  return merged.concat(others.slice(i));
}
