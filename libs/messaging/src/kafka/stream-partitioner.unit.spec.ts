import { randomBytes } from 'node:crypto';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { murmur2, streamPartitioner } from './stream-partitioner';

const partitions = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));

/** Keys of every length up to 120 bytes: ASCII stream ids, multi-byte text and random bytes. */
function keys(): Array<string | Buffer> {
  const all: Array<string | Buffer> = ['', 'a', 'ab', 'abc', 'abcd', 'incident-42', 'été ☃ 日本'];
  for (let length = 0; length <= 120; length++) {
    all.push(randomBytes(length), `alert-${randomBytes(length).toString('hex')}`.slice(0, length));
  }
  return all;
}

describe('streamPartitioner: Kafka’s default partitioning, computed on 32-bit integers', () => {
  it('puts every key on the partition kafkajs’s default partitioner picks', () => {
    for (const count of [1, 3, 6, 7, 64]) {
      const ours = streamPartitioner();
      const theirs = Partitioners.DefaultPartitioner();
      for (const key of keys()) {
        const args = {
          topic: 't',
          partitionMetadata: partitions(count),
          message: { key, value: 'v' },
        };
        expect({ key, partition: ours(args) }).toEqual({ key, partition: theirs(args) });
      }
    }
  });

  it('hashes like the Java client (murmur2 values from Kafka’s own UtilsTest)', () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('leaves an explicit partition, and a message without a key, to the default partitioner', () => {
    const ours = streamPartitioner();
    const metadata = partitions(6);
    expect(
      ours({
        topic: 't',
        partitionMetadata: metadata,
        message: { key: 'k', value: 'v', partition: 4 },
      }),
    ).toBe(4);
    const unkeyed = ours({ topic: 't', partitionMetadata: metadata, message: { value: 'v' } });
    expect(unkeyed).toBeGreaterThanOrEqual(0);
    expect(unkeyed).toBeLessThan(6);
  });
});
