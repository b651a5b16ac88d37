import type { RecordedEvent } from '@sitrep/event-store';
import { foldKeyedRows, type VersionedRow } from './keyed-rows';

const event = (streamId: string, streamPosition: number, n: number): RecordedEvent => ({
  globalPosition: streamPosition,
  streamId,
  streamPosition,
  eventId: `${streamId}-${streamPosition}`,
  type: 'Counted',
  schemaVersion: 1,
  data: { n },
  metadata: {},
  recordedAt: new Date(0),
  transactionId: '1',
});

const sum = (row: number | null, e: RecordedEvent) => (row ?? 0) + (e.data.n as number);

describe('folding a batch into one row per key', () => {
  it('folds each key in stream order and returns only changed rows', () => {
    const current = new Map<string, VersionedRow<number>>([['b', { row: 100, lastPosition: 1 }]]);
    const changed = foldKeyedRows(
      current,
      [event('a', 1, 1), event('a', 2, 2), event('c', 1, 5)],
      (e) => e.streamId,
      sum,
    );
    expect([...changed.entries()]).toEqual([
      ['a', { row: 3, lastPosition: 2 }],
      ['c', { row: 5, lastPosition: 1 }],
    ]);
  });

  it('ignores events at or below the row position: a redelivery changes nothing', () => {
    const current = new Map([['a', { row: 3, lastPosition: 2 }]]);
    expect(
      foldKeyedRows(current, [event('a', 1, 1), event('a', 2, 2)], (e) => e.streamId, sum).size,
    ).toBe(0);
    expect(
      foldKeyedRows(current, [event('a', 2, 2), event('a', 3, 4)], (e) => e.streamId, sum).get('a'),
    ).toEqual({
      row: 7,
      lastPosition: 3,
    });
  });

  it('skips events the evolve function does not turn into a row', () => {
    expect(
      foldKeyedRows(
        new Map(),
        [event('a', 1, 1)],
        (e) => e.streamId,
        () => null,
      ).size,
    ).toBe(0);
  });
});
