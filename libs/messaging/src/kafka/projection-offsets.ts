import type { Database, Sql } from '@sitrep/platform';

/** Stores the next offsets of several partitions (each partition once), never moving one back. */
const STORE_OFFSETS_SQL = `
INSERT INTO projection_offsets (projection, topic, partition, next_offset)
SELECT $1, $2, p.partition, p.next_offset
  FROM unnest($3::int[], $4::bigint[]) AS p(partition, next_offset)
ON CONFLICT (projection, topic, partition) DO UPDATE
  SET next_offset = GREATEST(projection_offsets.next_offset, excluded.next_offset), updated_at = now()`;

/**
 * The offsets that count: a projection's next offset per partition, kept in PostgreSQL beside its
 * rows and written in the same transaction; Kafka's committed offsets only trail them.
 */
export async function storeOffsets(
  sql: Sql,
  projection: string,
  topic: string,
  next: ReadonlyMap<number, string>,
): Promise<void> {
  await sql.query(STORE_OFFSETS_SQL, [projection, topic, [...next.keys()], [...next.values()]]);
}

/** The stored next offsets of these partitions (a partition never stored is absent). */
export function storedOffsets(
  database: Database,
  projection: string,
  topic: string,
  partitions: readonly number[],
): Promise<Array<{ partition: number; next_offset: string }>> {
  return database.query<{ partition: number; next_offset: string }>(
    `SELECT partition, next_offset::text FROM projection_offsets
      WHERE projection = $1 AND topic = $2 AND partition = ANY($3::int[])`,
    [projection, topic, partitions],
  );
}

/** Each partition's next offset after these chunks (a partition may, in a rebalance, bring two). */
export function nextOffsets(
  parts: ReadonlyArray<{ partition: number; next: string }>,
): Map<number, string> {
  const next = new Map<number, string>();
  for (const { partition, next: offset } of parts) {
    const known = next.get(partition);
    if (known === undefined || BigInt(offset) > BigInt(known)) next.set(partition, offset);
  }
  return next;
}

/** When something was last done, per partition, so it is done at most every `intervalMs`. */
export class PerPartitionInterval {
  private readonly doneAt = new Map<number, number>();

  constructor(private readonly intervalMs: number) {}

  due(partition: number): boolean {
    return Date.now() - (this.doneAt.get(partition) ?? 0) >= this.intervalMs;
  }

  done(partition: number): void {
    this.doneAt.set(partition, Date.now());
  }
}
