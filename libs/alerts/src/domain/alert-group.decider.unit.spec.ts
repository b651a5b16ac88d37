import { DeciderSpecification } from '@sitrep/testing';
import type { AlertGroupCommand, PlaceAlert } from './alert-group.commands';
import { alertGroupDecider, MAX_JOINS_PER_EVENT } from './alert-group.decider';
import type { AlertGroupEvent } from './alert-group.events';
import { copyAlertGroupState, placementKey, type AlertGroupState } from './alert-group.state';

const spec = DeciderSpecification.for<AlertGroupCommand, AlertGroupEvent, AlertGroupState>(
  alertGroupDecider,
);

const first = '11111111-1111-4111-8111-111111111111';
const second = '22222222-2222-4222-8222-222222222222';
const ref = (dedupKey: string, at: string, episode = 1) => ({
  integrationId: 'int-1',
  service: 'checkout',
  dedupKey,
  episode,
  at,
});
const place = (
  dedupKey: string,
  at: string,
  over: Partial<PlaceAlert['data']> = {},
): AlertGroupCommand => ({
  type: 'PlaceAlert',
  data: {
    ...ref(dedupKey, at),
    windowSeconds: 300,
    newIncidentId: second,
    openIncidentId: first,
    linkedTo: null,
    ...over,
  },
});
const opened = (dedupKey = 'A', incidentId = first, at = '2026-01-01T10:00:00.000Z') =>
  ({
    type: 'AlertGroupIncidentOpened',
    data: {
      ...ref(dedupKey, at),
      incidentId,
      windowEndsAt: new Date(Date.parse(at) + 300_000).toISOString(),
      linkedTo: null,
      reason: `no open incident of service "checkout" within 300 s: opened a new one`,
    },
  }) satisfies AlertGroupEvent;
const joined = (dedupKey: string, at: string) =>
  ({
    type: 'AlertJoinedGroupIncident',
    data: {
      ...ref(dedupKey, at),
      incidentId: first,
      rule: 'grouped',
      reason: `grouping: same integration and service "checkout" while incident ${first} is open, within its window (until 2026-01-01T10:05:00.000Z)`,
    },
  }) satisfies AlertGroupEvent;
const resolve = (dedupKey: string): AlertGroupCommand => ({
  type: 'ResolveGroupAlert',
  data: {
    integrationId: 'int-1',
    service: 'checkout',
    dedupKey,
    at: '2026-01-01T10:30:00.000Z',
    incidentId: first,
  },
});
const groupResolved = (dedupKey: string, allResolved: boolean, keys: string[] = []) =>
  ({
    type: 'GroupAlertResolved',
    data: { ...resolve(dedupKey).data, allResolved, resolvedDedupKeys: keys },
  }) as AlertGroupEvent;

describe('an alert group (integration and service)', () => {
  describe('when no incident was opened for the service', () => {
    it('the first alert opens one with the proposed id and a grouping window', () => {
      spec
        .given([])
        .when(
          place('A', '2026-01-01T10:00:00.000Z', { newIncidentId: first, openIncidentId: null }),
        )
        .then([opened('A', first)]);
    });
  });

  describe('when an incident of the service is open', () => {
    const history = [opened('A')];

    it('another alert within the window joins it', () => {
      spec
        .given(history)
        .when(place('B', '2026-01-01T10:04:00.000Z'))
        .then([joined('B', '2026-01-01T10:04:00.000Z')]);
    });

    it('another alert after the window opens a new incident', () => {
      spec
        .given(history)
        .when(place('B', '2026-01-01T10:06:00.000Z'))
        .then([opened('B', second, '2026-01-01T10:06:00.000Z')]);
    });

    it('within the window, an incident no longer open is not joined', () => {
      spec
        .given(history)
        .when(place('B', '2026-01-01T10:04:00.000Z', { openIncidentId: null }))
        .then([opened('B', second, '2026-01-01T10:04:00.000Z')]);
    });

    it('a retried placement reuses its decision', () => {
      spec
        .given([...history, joined('B', '2026-01-01T10:04:00.000Z')])
        .when(place('B', '2026-01-01T10:09:00.000Z'))
        .thenNothing();
      spec.given(history).when(place('A', '2026-01-01T10:00:01.000Z')).thenNothing();
    });

    it('the placement made is what a retry reads back', () => {
      const state = [...history, joined('B', '2026-01-01T10:04:00.000Z')].reduce(
        alertGroupDecider.evolve,
        alertGroupDecider.initialState(),
      );
      expect(state.placements[placementKey('A', 1)]).toMatchObject({
        incidentId: first,
        rule: 'opened',
      });
      expect(state.placements[placementKey('B', 1)]).toMatchObject({
        incidentId: first,
        rule: 'grouped',
      });
    });
  });

  describe('when an alert refires after its incident resolved', () => {
    const history = [opened('A'), groupResolved('A', true, ['A'])];

    it('within the reopen window it returns to its incident as reopened', () => {
      spec
        .given(history)
        .when({
          type: 'ReturnAlert',
          data: {
            ...ref('A', '2026-01-01T10:40:00.000Z', 2),
            incidentId: first,
            rule: 'reopened',
            reason: 'r',
          },
        })
        .then([
          {
            type: 'AlertJoinedGroupIncident',
            data: {
              ...ref('A', '2026-01-01T10:40:00.000Z', 2),
              incidentId: first,
              rule: 'reopened',
              reason: 'r',
            },
          },
        ]);
    });

    it('a retried return changes nothing', () => {
      const back = {
        type: 'AlertJoinedGroupIncident',
        data: {
          ...ref('A', '2026-01-01T10:40:00.000Z', 2),
          incidentId: first,
          rule: 'reopened',
          reason: 'r',
        },
      } satisfies AlertGroupEvent;
      spec
        .given([...history, back])
        .when({ type: 'ReturnAlert', data: back.data })
        .thenNothing();
    });

    it('after the reopen window it opens a new incident linked to the old one', () => {
      const at = '2026-01-01T12:00:00.000Z';
      spec
        .given(history)
        .when({
          type: 'PlaceAlert',
          data: {
            ...ref('A', at, 2),
            windowSeconds: 300,
            newIncidentId: second,
            openIncidentId: null,
            linkedTo: first,
          },
        })
        .then([
          {
            type: 'AlertGroupIncidentOpened',
            data: {
              ...ref('A', at, 2),
              incidentId: second,
              windowEndsAt: '2026-01-01T12:05:00.000Z',
              linkedTo: first,
              reason: `incident ${first} resolved longer ago than the reopen window: opened a new incident linked to it`,
            },
          },
        ]);
    });
  });

  describe('when alerts of an incident resolve', () => {
    const history = [opened('A'), joined('B', '2026-01-01T10:04:00.000Z')];

    it('one of two resolving leaves the incident with a firing alert', () => {
      spec
        .given(history)
        .when(resolve('A'))
        .then([groupResolved('A', false)]);
    });

    it('the last one resolving says so, naming every alert', () => {
      spec
        .given([...history, groupResolved('A', false)])
        .when(resolve('B'))
        .then([groupResolved('B', true, ['A', 'B'])]);
    });

    it('the last alert resolved is decided once', () => {
      spec
        .given([...history, groupResolved('A', false), groupResolved('B', true, ['A', 'B'])])
        .when(resolve('B'))
        .thenNothing();
    });

    it('an alert that is not a member changes nothing', () => {
      spec.given(history).when(resolve('C')).thenNothing();
    });

    it('an alert joining after every alert resolved starts the incident’s list afresh', () => {
      const later = '2026-01-01T10:04:30.000Z';
      spec
        .given([
          ...history,
          groupResolved('A', false),
          groupResolved('B', true, ['A', 'B']),
          joined('C', later),
        ])
        .when(resolve('C'))
        .then([groupResolved('C', true, ['C'])]);
    });
  });

  describe('what the state keeps', () => {
    const fold = (events: AlertGroupEvent[]) =>
      events.reduce(alertGroupDecider.evolve, alertGroupDecider.initialState());

    it('forgets an incident and its placements once every alert of it resolved', () => {
      const state = fold([
        opened('A'),
        joined('B', '2026-01-01T10:04:00.000Z'),
        groupResolved('A', false),
        groupResolved('B', true, ['A', 'B']),
      ]);
      expect(state.incidents).toEqual({});
      expect(state.placements).toEqual({});
      expect(state.current).toMatchObject({ incidentId: first });
    });

    it('keeps the placements of the incidents that still fire', () => {
      const state = fold([
        opened('A'),
        groupResolved('A', true, ['A']),
        opened('B', second, '2026-01-01T11:00:00.000Z'),
      ]);
      expect(Object.keys(state.incidents)).toEqual([second]);
      expect(state.placements).toEqual({
        [placementKey('B', 1)]: expect.objectContaining({ incidentId: second, rule: 'opened' }),
      });
    });

    it('changed in place on a copy, it is what the pure fold gives, and the original is untouched', () => {
      const events: AlertGroupEvent[] = [
        opened('A'),
        joined('B', '2026-01-01T10:04:00.000Z'),
        joined('C', '2026-01-01T10:04:30.000Z'),
        groupResolved('A', false),
        groupResolved('B', false),
        groupResolved('C', true, ['A', 'B', 'C']),
        opened('D', second, '2026-01-01T11:00:00.000Z'),
        joined('A', '2026-01-01T11:01:00.000Z'),
        groupResolved('D', false),
      ];
      for (let cut = 0; cut <= events.length; cut += 1) {
        const start = fold(events.slice(0, cut));
        const snapshot = structuredClone(start);
        const draft = copyAlertGroupState(start);
        for (const event of events.slice(cut)) alertGroupDecider.applyInPlace(draft, event);
        expect(draft).toEqual(fold(events));
        expect(start).toEqual(snapshot);
      }
    });

    it('counts the firing alerts of an incident, so the last one resolving is known at once', () => {
      const state = fold([
        opened('A'),
        joined('B', '2026-01-01T10:04:00.000Z'),
        joined('B', '2026-01-01T10:04:10.000Z'), // the same alert placed again: one member
        groupResolved('A', false),
      ]);
      expect(state.incidents[first]).toEqual({
        members: { A: 'resolved', B: 'firing' },
        firing: 1,
      });
    });

    it('stays the size of what fires, however long the history', () => {
      const events: AlertGroupEvent[] = [];
      for (let i = 0; i < 2_000; i += 1) {
        const incidentId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const at = new Date(Date.parse('2026-01-01T10:00:00.000Z') + i * 60_000).toISOString();
        events.push(opened(`alert-${i}`, incidentId, at));
        if (i % 100 !== 0) {
          events.push({
            type: 'GroupAlertResolved',
            data: {
              integrationId: 'int-1',
              service: 'checkout',
              incidentId,
              dedupKey: `alert-${i}`,
              at,
              allResolved: true,
              resolvedDedupKeys: [`alert-${i}`],
            },
          });
        }
      }
      const state = fold(events);
      expect(Object.keys(state.incidents)).toHaveLength(20); // alert-0, alert-100, … still fire
      expect(Object.keys(state.placements)).toHaveLength(20);
    });
  });
});

describe('joins of one incident appended together', () => {
  const fold = (events: readonly AlertGroupEvent[]) =>
    events.reduce(alertGroupDecider.evolve, alertGroupDecider.initialState());
  const coalesceAll = (events: readonly AlertGroupEvent[]) =>
    events.reduce<AlertGroupEvent[]>((out, event) => {
      const merged = out.length > 0 ? alertGroupDecider.coalesce(out.at(-1)!, event) : null;
      if (merged) out[out.length - 1] = merged;
      else out.push(event);
      return out;
    }, []);
  const joins = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      joined(`K${i}`, new Date(Date.parse('2026-01-01T10:01:00.000Z') + i * 1000).toISOString()),
    );

  it('become one event listing each alert with its own rule and reason, oldest first', () => {
    const b = joined('B', '2026-01-01T10:01:00.000Z');
    const c = joined('C', '2026-01-01T10:02:00.000Z');
    const back = { ...c, data: { ...c.data, rule: 'still-open' as const, reason: 'back' } };
    expect(coalesceAll([b, back])).toEqual([
      {
        type: 'AlertsJoinedGroupIncident',
        data: {
          integrationId: 'int-1',
          service: 'checkout',
          incidentId: first,
          joins: [
            { dedupKey: 'B', episode: 1, at: b.data.at, rule: 'grouped', reason: b.data.reason },
            { dedupKey: 'C', episode: 1, at: back.data.at, rule: 'still-open', reason: 'back' },
          ],
        },
      },
    ]);
  });

  it('fold to the state the joins one by one give, changed in place or not', () => {
    const events = [opened('A'), ...joins(7), groupResolved('K3', false), ...joins(2)];
    const merged = coalesceAll(events);
    expect(merged.map((e) => e.type)).toEqual([
      'AlertGroupIncidentOpened',
      'AlertsJoinedGroupIncident',
      'GroupAlertResolved',
      'AlertsJoinedGroupIncident',
    ]);
    expect(fold(merged)).toEqual(fold(events));
    const draft = copyAlertGroupState(alertGroupDecider.initialState());
    for (const event of merged) alertGroupDecider.applyInPlace(draft, event);
    expect(draft).toEqual(fold(events));
    // A and K0..K6 fire, K3 resolved; K0 and K1 joining again are members already.
    expect(fold(merged).incidents[first].firing).toBe(7);
  });

  it('a merged join is a placement made: placing the alert again is a retry', () => {
    const merged = coalesceAll([opened('A'), ...joins(3)]);
    spec.given(merged).when(place('K1', '2026-01-01T10:03:00.000Z')).thenNothing();
  });

  it('list at most MAX_JOINS_PER_EVENT alerts each', () => {
    const merged = coalesceAll(joins(MAX_JOINS_PER_EVENT * 2 + 5));
    expect(
      merged.map((e) => (e.type === 'AlertsJoinedGroupIncident' ? e.data.joins.length : 1)),
    ).toEqual([MAX_JOINS_PER_EVENT, MAX_JOINS_PER_EVENT, 5]);
  });

  it('are kept apart from joins of another incident, openings and resolutions', () => {
    const b = joined('B', '2026-01-01T10:01:00.000Z');
    const elsewhere = { ...b, data: { ...b.data, incidentId: second } };
    expect(alertGroupDecider.coalesce(b, elsewhere)).toBeNull();
    expect(alertGroupDecider.coalesce(opened('A'), b)).toBeNull();
    expect(alertGroupDecider.coalesce(b, opened('A'))).toBeNull();
    expect(alertGroupDecider.coalesce(groupResolved('A', false), b)).toBeNull();
    expect(alertGroupDecider.coalesce(b, groupResolved('A', false))).toBeNull();
  });
});
