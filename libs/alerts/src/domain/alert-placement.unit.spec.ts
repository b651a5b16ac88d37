import type { PlaceAlert, ReturnAlert } from './alert-group.commands';
import { alertGroupDecider } from './alert-group.decider';
import type { AlertGroupEvent } from './alert-group.events';
import {
  decidePlacement,
  type EpisodePlacement,
  type FiringEpisode,
  type PlacementFacts,
} from './alert-placement.decide';
import type { IncidentStanding } from './incident-standing';

const old = '11111111-1111-4111-8111-111111111111';
const proposed = '22222222-2222-4222-8222-222222222222';
const other = '33333333-3333-4333-8333-333333333333';
const settings = { groupingWindowSeconds: 300, reopenWindowSeconds: 3600 };
const key = { integrationId: 'int-1', service: 'checkout', dedupKey: 'HighErrorRate' };

/** Given what is on record (the group's stream as events), when the episode fires, then… */
function given(record: {
  previous?: IncidentStanding;
  group?: readonly AlertGroupEvent[];
  groupIncident?: IncidentStanding;
}) {
  const facts: PlacementFacts = {
    previous: record.previous ?? null,
    group: (record.group ?? []).reduce(alertGroupDecider.evolve, alertGroupDecider.initialState()),
    groupIncident: record.groupIncident ?? null,
  };
  return {
    when: (episode: FiringEpisode) => ({
      then: (expected: EpisodePlacement) =>
        expect(decidePlacement(deepFrozen(episode), deepFrozen(facts))).toEqual(expected),
    }),
  };
}

const fires = (at: string, episode = 1): FiringEpisode => ({
  ...key,
  episode,
  previousIncidentId: episode === 1 ? null : old,
  at,
  settings,
  newIncidentId: proposed,
});
const refires = (at: string) => fires(at, 2);

const investigating: IncidentStanding = { status: 'investigating' };
const resolvedAt = (at: string): IncidentStanding => ({ status: 'resolved', resolution: { at } });

/** The group's incident, opened at `at` with the 300 s grouping window. */
const groupOpened = (incidentId: string, at: string): AlertGroupEvent => ({
  type: 'AlertGroupIncidentOpened',
  data: {
    ...key,
    dedupKey: 'DiskFull',
    episode: 1,
    at,
    incidentId,
    windowEndsAt: new Date(Date.parse(at) + 300_000).toISOString(),
    linkedTo: null,
    reason: 'opened by DiskFull',
  },
});

const placing = (
  episode: FiringEpisode,
  openIncidentId: string | null,
): { type: 'RecordPlacement'; command: PlaceAlert } => ({
  type: 'RecordPlacement',
  command: {
    type: 'PlaceAlert',
    data: {
      ...key,
      episode: episode.episode,
      at: episode.at,
      windowSeconds: 300,
      newIncidentId: proposed,
      openIncidentId,
      linkedTo: episode.previousIncidentId,
    },
  },
});
const returning = (
  episode: FiringEpisode,
  rule: ReturnAlert['data']['rule'],
  reason: string,
): { type: 'RecordPlacement'; command: ReturnAlert } => ({
  type: 'RecordPlacement',
  command: {
    type: 'ReturnAlert',
    data: { ...key, episode: episode.episode, at: episode.at, incidentId: old, rule, reason },
  },
});

const openedAnew = (episode: FiringEpisode): EpisodePlacement => ({
  placed: {
    incidentId: proposed,
    rule: 'opened',
    reason: 'no open incident of service "checkout" within 300 s: opened a new one',
  },
  steps: [placing(episode, null), { type: 'OpenIncident', incidentId: proposed }],
});
const openedLinked = (episode: FiringEpisode): EpisodePlacement => ({
  placed: {
    incidentId: proposed,
    rule: 'new-after-reopen-window',
    reason: `incident ${old} resolved longer ago than the reopen window: opened a new incident linked to it`,
  },
  steps: [
    placing(episode, null),
    { type: 'OpenIncident', incidentId: proposed },
    {
      type: 'LinkIncident',
      incidentId: proposed,
      linkedTo: old,
      text: `Opened by alert HighErrorRate, which belonged to incident ${old}; that incident was resolved longer ago than the reopen window (3600 s).`,
    },
  ],
});

describe('the placement of a firing alert episode', () => {
  describe('when the service has no incident', () => {
    it('the first firing opens a new incident with the proposed id', () => {
      const episode = fires('2026-01-01T10:00:00.000Z');
      given({}).when(episode).then(openedAnew(episode));
    });
  });

  describe('when an incident of the service opened at 10:00 with a 300 s grouping window', () => {
    const group = [groupOpened(other, '2026-01-01T10:00:00.000Z')];
    const joins = (episode: FiringEpisode): EpisodePlacement => ({
      placed: {
        incidentId: other,
        rule: 'grouped',
        reason: `grouping: same integration and service "checkout" while incident ${other} is open, within its window (until 2026-01-01T10:05:00.000Z)`,
      },
      steps: [placing(episode, other)],
    });

    it('an alert exactly at the end of the window joins it', () => {
      const episode = fires('2026-01-01T10:05:00.000Z');
      given({ group, groupIncident: investigating }).when(episode).then(joins(episode));
    });

    it('an alert a millisecond past the window opens a new incident', () => {
      const episode = fires('2026-01-01T10:05:00.001Z');
      given({ group, groupIncident: investigating })
        .when(episode)
        .then({
          ...openedAnew(episode),
          steps: [placing(episode, other), openedAnew(episode).steps[1]],
        });
    });

    it('an alert within the window opens a new incident once that one is no longer open', () => {
      const episode = fires('2026-01-01T10:01:00.000Z');
      given({ group, groupIncident: resolvedAt('2026-01-01T10:00:30.000Z') })
        .when(episode)
        .then(openedAnew(episode));
    });

    it('an incident another delivery is still opening counts as open', () => {
      const episode = fires('2026-01-01T10:01:00.000Z');
      given({ group, groupIncident: { status: 'none' } })
        .when(episode)
        .then(joins(episode));
    });
  });

  describe('when the alert refires while its incident is open', () => {
    const group = [groupOpened(old, '2026-01-01T09:00:00.000Z')];

    for (const status of ['triage', 'investigating', 'mitigated'] as const) {
      it(`it goes back to that incident (${status}), long after the grouping window`, () => {
        const episode = refires('2026-01-01T12:00:00.000Z');
        const reason = `fired again while incident ${old} is still open`;
        given({ previous: { status }, group, groupIncident: { status } })
          .when(episode)
          .then({
            placed: { incidentId: old, rule: 'still-open', reason },
            steps: [returning(episode, 'still-open', reason)],
          });
      });
    }
  });

  describe('when the alert refires after its incident was resolved at 10:30 (3600 s reopen window)', () => {
    const previous = resolvedAt('2026-01-01T10:30:00.000Z');
    const reopens = (episode: FiringEpisode, seconds: number): EpisodePlacement => {
      const reason = `fired again ${seconds} s after incident ${old} was resolved, within the reopen window (3600 s)`;
      return {
        placed: { incidentId: old, rule: 'reopened', reason },
        steps: [
          { type: 'ReopenIncident', incidentId: old, reason: `Alert HighErrorRate ${reason}` },
          returning(episode, 'reopened', reason),
        ],
      };
    };

    it('exactly at the end of the reopen window it reopens the incident', () => {
      const episode = refires('2026-01-01T11:30:00.000Z');
      given({ previous }).when(episode).then(reopens(episode, 3600));
    });

    it('within the window the reason counts whole seconds since the resolution', () => {
      const episode = refires('2026-01-01T10:30:41.600Z');
      given({ previous }).when(episode).then(reopens(episode, 42));
    });

    it('a millisecond past the window it opens a new incident linked to the old one', () => {
      const episode = refires('2026-01-01T11:30:00.001Z');
      given({ previous }).when(episode).then(openedLinked(episode));
    });

    it('past the window it joins an open incident of the service instead, without a link', () => {
      const episode = refires('2026-01-01T12:00:00.000Z');
      given({
        previous,
        group: [groupOpened(other, '2026-01-01T11:58:00.000Z')],
        groupIncident: investigating,
      })
        .when(episode)
        .then({
          placed: {
            incidentId: other,
            rule: 'grouped',
            reason: `grouping: same integration and service "checkout" while incident ${other} is open, within its window (until 2026-01-01T12:03:00.000Z)`,
          },
          steps: [placing(episode, other)],
        });
    });
  });

  describe('when the alert refires after its incident was closed or dismissed', () => {
    const closed: IncidentStanding = { status: 'closed' };

    it('a closed incident is not reopened, even within the reopen window: a new one is linked to it', () => {
      const episode = refires('2026-01-01T10:31:00.000Z');
      given({ previous: closed }).when(episode).then(openedLinked(episode));
    });

    it('a dismissed potential incident is not reopened: a new one is linked to it', () => {
      const episode = refires('2026-01-01T10:31:00.000Z');
      given({ previous: { status: 'dismissed' } })
        .when(episode)
        .then(openedLinked(episode));
    });
  });

  describe('when the group already placed the episode (a retried delivery)', () => {
    it('the placement made stands, and opening its incident is asked again', () => {
      const episode = fires('2026-01-01T10:09:00.000Z');
      const made: AlertGroupEvent = {
        type: 'AlertGroupIncidentOpened',
        data: {
          ...key,
          episode: 1,
          at: '2026-01-01T10:00:00.000Z',
          incidentId: proposed,
          windowEndsAt: '2026-01-01T10:05:00.000Z',
          linkedTo: null,
          reason: 'no open incident of service "checkout" within 300 s: opened a new one',
        },
      };
      given({ group: [made], groupIncident: investigating })
        .when(episode)
        .then({
          ...openedAnew(episode),
          steps: [placing(episode, proposed), openedAnew(episode).steps[1]],
        });
    });
  });
});

function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFrozen(child);
  }
  return value;
}
