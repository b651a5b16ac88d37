import { DeciderSpecification } from '@sitrep/testing';
import type { AlertCommand } from './alert.commands';
import { alertDecider } from './alert.decider';
import type { AlertEvent, AlertFired, AlertRepeated, AttachRule } from './alert.events';
import { REMEMBERED_DELIVERIES } from './alert.state';

const spec = DeciderSpecification.for<
  AlertCommand,
  AlertEvent,
  ReturnType<typeof alertDecider.initialState>
>(alertDecider);

const key = { integrationId: 'int-1', dedupKey: 'HighErrorRate' };
const incidentId = '11111111-1111-4111-8111-111111111111';
const nextIncidentId = '22222222-2222-4222-8222-222222222222';

const firing = (deliveryId: string, payloadHash = 'hash-1') =>
  ({
    type: 'ReceiveFiringAlert',
    data: {
      ...key,
      severity: 'SEV2',
      summary: 'High error rate',
      service: 'checkout',
      labels: { env: 'prod' },
      startedAt: '2026-01-01T10:00:00.000Z',
      deliveryId,
      payloadHash,
      receivedAt: '2026-01-01T10:00:05.000Z',
    },
  }) satisfies AlertCommand;

const fired = (episode = 1, deliveryId = 'd1'): AlertFired => ({
  type: 'AlertFired',
  data: { ...firing(deliveryId).data, episode },
});
const attached = (episode = 1, rule: AttachRule = 'opened', to = incidentId): AlertEvent => ({
  type: 'AlertAttachedToIncident',
  data: {
    ...key,
    episode,
    incidentId: to,
    rule,
    reason: `because ${rule}`,
    deliveryId: 'd1',
    attachedAt: '2026-01-01T10:00:05.000Z',
  },
});
const resolving = (deliveryId: string): AlertCommand => ({
  type: 'ReceiveResolvedAlert',
  data: {
    ...key,
    endedAt: '2026-01-01T10:30:00.000Z',
    deliveryId,
    receivedAt: '2026-01-01T10:30:02.000Z',
  },
});
const resolved = (deliveryId = 'd9', to: string | null = incidentId): AlertEvent => ({
  type: 'AlertResolved',
  data: {
    ...key,
    incidentId: to,
    endedAt: '2026-01-01T10:30:00.000Z',
    deliveryId,
    receivedAt: '2026-01-01T10:30:02.000Z',
  },
});
const attach = (episode: number, rule: AttachRule, to = incidentId): AlertCommand => ({
  type: 'AttachAlertToIncident',
  data: {
    episode,
    incidentId: to,
    rule,
    reason: `because ${rule}`,
    deliveryId: 'd1',
    attachedAt: '2026-01-01T10:00:05.000Z',
  },
});
const repeated = (
  count: number,
  deliveryId: string,
  payloadChanged = false,
  to: string | null = incidentId,
): AlertRepeated => ({
  type: 'AlertRepeated',
  data: {
    ...key,
    incidentId: to,
    count,
    payloadChanged,
    payloadHash: payloadChanged ? 'hash-2' : 'hash-1',
    deliveryId,
    receivedAt: '2026-01-01T10:00:05.000Z',
  },
});

describe('an alert stream', () => {
  describe('when nothing fired yet', () => {
    it('the first firing starts episode 1', () => {
      spec
        .given([])
        .when(firing('d1'))
        .then([fired(1)]);
    });

    it('a resolution for an alert that never fired changes nothing', () => {
      spec.given([]).when(resolving('d2')).thenNothing();
    });

    it('no incident can be attached', () => {
      spec.given([]).when(attach(1, 'opened')).thenNothing();
    });
  });

  describe('when the alert fires and belongs to an incident', () => {
    const history = [fired(1), attached(1)];

    it('the same alert again is counted against its incident', () => {
      spec
        .given(history)
        .when(firing('d2'))
        .then([repeated(2, 'd2')]);
    });

    it('the count keeps growing with each delivery', () => {
      spec
        .given([...history, repeated(2, 'd2')])
        .when(firing('d3'))
        .then([repeated(3, 'd3')]);
    });

    it('a changed payload is recorded as such (an update)', () => {
      spec
        .given(history)
        .when(firing('d2', 'hash-2'))
        .then([repeated(2, 'd2', true)]);
    });

    it('a redelivered delivery id changes nothing', () => {
      spec
        .given([...history, repeated(2, 'd2')])
        .when(firing('d2'))
        .thenNothing();
      spec.given(history).when(firing('d1')).thenNothing();
    });

    it('a resolution resolves it, naming its incident', () => {
      spec
        .given(history)
        .when(resolving('d9'))
        .then([resolved('d9')]);
    });

    it('a second attach of the episode changes nothing', () => {
      spec
        .given(history)
        .when(attach(1, 'grouped', nextIncidentId))
        .thenNothing();
    });
  });

  describe('when the alert fires but its incident is not decided yet', () => {
    it('a concurrent delivery is counted without an incident', () => {
      spec
        .given([fired(1)])
        .when(firing('d2'))
        .then([repeated(2, 'd2', false, null)]);
    });

    it('the episode is attached once, with the rule that placed it', () => {
      spec
        .given([fired(1)])
        .when(attach(1, 'grouped'))
        .then([attached(1, 'grouped')]);
    });

    it('an attach decided for another episode changes nothing', () => {
      spec
        .given([fired(1)])
        .when(attach(2, 'opened'))
        .thenNothing();
    });

    it('a resolution before it joined an incident names none', () => {
      spec
        .given([fired(1)])
        .when(resolving('d9'))
        .then([resolved('d9', null)]);
    });
  });

  describe('when the alert has resolved', () => {
    const history = [fired(1), attached(1), resolved('d9')];
    const refired = (deliveryId: string): AlertEvent => ({
      type: 'AlertRefired',
      data: { ...fired(2, deliveryId).data, previousIncidentId: incidentId },
    });

    it('firing again starts the next episode, remembering the incident before', () => {
      spec
        .given(history)
        .when(firing('d10'))
        .then([refired('d10')]);
    });

    it('a second resolution changes nothing', () => {
      spec.given(history).when(resolving('d11')).thenNothing();
    });

    it('a redelivered resolution or firing changes nothing', () => {
      spec.given(history).when(resolving('d9')).thenNothing();
      spec.given(history).when(firing('d1')).thenNothing();
    });

    it('no incident can be attached to the resolved episode', () => {
      spec
        .given(history)
        .when(attach(1, 'opened', nextIncidentId))
        .thenNothing();
    });

    it('refiring within the reopen window is attached back to its incident as reopened', () => {
      spec
        .given([...history, refired('d10')])
        .when(attach(2, 'reopened'))
        .then([attached(2, 'reopened')]);
    });

    it('refiring after the reopen window is attached to a new incident', () => {
      spec
        .given([...history, refired('d10')])
        .when(attach(2, 'new-after-reopen-window', nextIncidentId))
        .then([attached(2, 'new-after-reopen-window', nextIncidentId)]);
    });

    it('the refired episode resolves against its new incident', () => {
      spec
        .given([...history, refired('d10'), attached(2, 'new-after-reopen-window', nextIncidentId)])
        .when(resolving('d12'))
        .then([resolved('d12', nextIncidentId)]);
    });
  });
});

describe('repeats appended together', () => {
  const history = [fired(1), attached(1)];
  const fold = (events: readonly AlertEvent[]) =>
    events.reduce(alertDecider.evolve, alertDecider.initialState());

  it('two repeats become one: the later one, counting both deliveries', () => {
    expect(alertDecider.coalesce(repeated(2, 'd2'), repeated(3, 'd3'))).toEqual({
      type: 'AlertRepeated',
      data: { ...repeated(3, 'd3').data, deliveryIds: ['d2', 'd3'] },
    });
  });

  it('a merged repeat merges on, keeping every delivery oldest first', () => {
    const merged = alertDecider.coalesce(repeated(2, 'd2'), repeated(3, 'd3'))!;
    const again = alertDecider.coalesce(merged, repeated(4, 'd4'))!;
    expect(again.data).toMatchObject({
      count: 4,
      deliveryId: 'd4',
      deliveryIds: ['d2', 'd3', 'd4'],
    });
    const both = alertDecider.coalesce(
      merged,
      alertDecider.coalesce(repeated(4, 'd4'), repeated(5, 'd5'))!,
    );
    expect(both!.data).toMatchObject({ count: 5, deliveryIds: ['d2', 'd3', 'd4', 'd5'] });
  });

  it('a payload that changed in any of them is a change; the hash is the latest', () => {
    // d2 changed the payload to hash-2; d3 repeats hash-2 unchanged.
    const sameAsBefore: AlertEvent = {
      type: 'AlertRepeated',
      data: { ...repeated(3, 'd3').data, payloadHash: 'hash-2' },
    };
    const changedFirst = alertDecider.coalesce(repeated(2, 'd2', true), sameAsBefore);
    expect(changedFirst!.data).toMatchObject({ payloadChanged: true, payloadHash: 'hash-2' });
    const changedLast = alertDecider.coalesce(repeated(2, 'd2'), repeated(3, 'd3', true));
    expect(changedLast!.data).toMatchObject({ payloadChanged: true, payloadHash: 'hash-2' });
    const neither = alertDecider.coalesce(repeated(2, 'd2'), repeated(3, 'd3'));
    expect(neither!.data).toMatchObject({ payloadChanged: false, payloadHash: 'hash-1' });
  });

  it('a repeat is kept as it is next to anything but a repeat', () => {
    const others = [fired(1), attached(1), resolved('d9')];
    for (const other of others) {
      expect(alertDecider.coalesce(other, repeated(2, 'd2'))).toBeNull();
      expect(alertDecider.coalesce(repeated(2, 'd2'), other)).toBeNull();
    }
  });

  it('folds to the state the repeats one by one give', () => {
    const oneByOne: AlertEvent[] = [
      repeated(2, 'd2'),
      repeated(3, 'd3', true),
      repeated(4, 'd4', true),
    ];
    const merged = oneByOne.reduce((a, b) => alertDecider.coalesce(a, b)!);
    expect(fold([...history, merged])).toEqual(fold([...history, ...oneByOne]));
    expect(fold([...history, merged])).toMatchObject({
      count: 4,
      payloadHash: 'hash-2',
      deliveries: ['d1', 'd2', 'd3', 'd4'],
    });
  });

  it('every delivery a merged repeat counts is remembered, so none of them counts again', () => {
    const merged = alertDecider.coalesce(repeated(2, 'd2'), repeated(3, 'd3'))!;
    spec
      .given([...history, merged])
      .when(firing('d2'))
      .thenNothing();
    spec
      .given([...history, merged])
      .when(firing('d3'))
      .thenNothing();
    spec
      .given([...history, merged])
      .when(firing('d4'))
      .then([repeated(4, 'd4')]);
  });

  it('remembers at most the latest REMEMBERED_DELIVERIES deliveries', () => {
    const deliveryIds = Array.from({ length: REMEMBERED_DELIVERIES + 20 }, (_, n) => `r${n}`);
    const many: AlertEvent = {
      type: 'AlertRepeated',
      data: { ...repeated(deliveryIds.length + 1, deliveryIds.at(-1)!).data, deliveryIds },
    };
    const state = fold([...history, many]);
    expect(state).toMatchObject({
      count: deliveryIds.length + 1,
      deliveries: deliveryIds.slice(-REMEMBERED_DELIVERIES),
    });
  });
});

describe('a firing and its attach appended together', () => {
  const fold = (events: readonly AlertEvent[]) =>
    events.reduce(alertDecider.evolve, alertDecider.initialState());
  const attachment = (rule: AttachRule, to = incidentId) => ({
    incidentId: to,
    rule,
    reason: `because ${rule}`,
    attachedAt: '2026-01-01T10:00:05.000Z',
  });

  it('become the firing carrying its attachment', () => {
    expect(alertDecider.coalesce(fired(1), attached(1))).toEqual({
      type: 'AlertFired',
      data: { ...fired(1).data, attachment: attachment('opened') },
    });
  });

  it('a refiring keeps the incident before and carries its new one', () => {
    const refired: AlertEvent = {
      type: 'AlertRefired',
      data: { ...fired(2).data, previousIncidentId: incidentId },
    };
    const merged = alertDecider.coalesce(refired, attached(2, 'reopened'));
    expect(merged).toEqual({
      type: 'AlertRefired',
      data: { ...refired.data, attachment: attachment('reopened') },
    });
    const history = [fired(1), attached(1), resolved('d9')];
    expect(fold([...history, merged!])).toEqual(
      fold([...history, refired, attached(2, 'reopened')]),
    );
  });

  it('fold to the state the two give one by one', () => {
    const merged = alertDecider.coalesce(fired(1), attached(1, 'grouped'))!;
    expect(fold([merged])).toEqual(fold([fired(1), attached(1, 'grouped')]));
    expect(fold([merged])).toMatchObject({ status: 'firing', incidentId });
  });

  it('leave the episode attached: a second attach changes nothing, a repeat names the incident', () => {
    const merged = alertDecider.coalesce(fired(1), attached(1))!;
    spec
      .given([merged])
      .when(attach(1, 'grouped', nextIncidentId))
      .thenNothing();
    spec
      .given([merged])
      .when(firing('d2'))
      .then([repeated(2, 'd2')]);
  });

  it('are kept apart unless the attach is of the same episode and delivery, right after', () => {
    const otherDelivery: AlertEvent = {
      type: 'AlertAttachedToIncident',
      data: {
        ...(attached(1) as Extract<AlertEvent, { type: 'AlertAttachedToIncident' }>).data,
        deliveryId: 'd7',
      },
    };
    const merged = alertDecider.coalesce(fired(1), attached(1))!;
    expect(alertDecider.coalesce(fired(1), attached(2))).toBeNull();
    expect(alertDecider.coalesce(fired(1), otherDelivery)).toBeNull();
    expect(alertDecider.coalesce(attached(1), fired(1))).toBeNull();
    expect(alertDecider.coalesce(merged, attached(1))).toBeNull();
    expect(alertDecider.coalesce(resolved('d9'), attached(1))).toBeNull();
  });
});
