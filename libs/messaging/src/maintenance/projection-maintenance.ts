import type { Admin } from 'kafkajs';
import type { Database, Sql } from '@sitrep/platform';
import {
  LOG_START,
  type CheckpointStore,
  type EventStore,
  type LogPosition,
} from '@sitrep/event-store';
import {
  assertIdentifier,
  physicalName,
  ReadModelCatalog,
  versionOf,
} from '../catalog/read-model-catalog';
import type { Projection, TableNames } from '../projection';
import { kafkaLag, type KafkaLag } from './kafka-lag';
import { replayInto } from './replay-into';

export interface RebuildReport {
  projection: string;
  from: TableNames;
  to: TableNames;
  events: number;
  seconds: number;
}

export interface VerifyReport {
  projection: string;
  table: string;
  live: string;
  /** Rows present or different on one side only. */
  differingRows: number;
  sample: unknown[];
}

export interface ProjectionStatus {
  projection: string;
  tables: TableNames;
  /** In-process transport: its checkpoint and how many committed events lie after it. */
  checkpoint: { globalPosition: number; lagEvents: number } | null;
  /** Kafka transport: how far behind its topic it is, or why that could not be read. */
  kafka?: KafkaLag | { topic: string; error: string };
}

/** Where the CLI reads a projection's Kafka lag from (only when KAFKA_BROKERS is set). */
export interface KafkaLagSource {
  admin: Admin;
  topicOf(projection: Projection): string;
}

/**
 * Rebuild, verify and status for projections, from the event store (never from Kafka, whose
 * retention is finite). A rebuild fills fresh versioned tables while the live ones keep serving,
 * then switches the views over under the catalog lock, so readers never see a half-built model.
 */
export class ProjectionMaintenance {
  private readonly catalog = new ReadModelCatalog();

  constructor(
    private readonly database: Database,
    private readonly events: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly kafka?: KafkaLagSource,
  ) {}

  async rebuild(projection: Projection): Promise<RebuildReport> {
    const started = Date.now();
    const from = await this.database.transaction((tx) => this.catalog.tablesFor(tx, projection));
    const version = Math.max(...Object.values(from).map(versionOf)) + 1;
    const to = Object.fromEntries(projection.tables.map((t) => [t.name, physicalName(t, version)]));
    await this.createFresh(projection, to);
    const bulk = await this.bulkLoad(projection, to);
    const events = await this.database.transaction(async (tx) => {
      await this.catalog.lockForSwitch(tx, projection);
      const rest = await this.catchUpUnderLock(tx, projection, to, bulk.position);
      await this.catalog.switchTo(tx, projection, to);
      for (const old of Object.values(from)) await tx.query(`DROP TABLE ${assertIdentifier(old)}`);
      return bulk.applied + rest;
    });
    return {
      projection: projection.name,
      from,
      to,
      events,
      seconds: (Date.now() - started) / 1000,
    };
  }

  /** Recomputes every read model from the event store and reports rows that differ from the live ones. */
  async verify(projection: Projection): Promise<VerifyReport[]> {
    const scratch = Object.fromEntries(
      projection.tables.map((t) => [t.name, assertIdentifier(`${t.name}_verify`)]),
    );
    await this.createFresh(projection, scratch);
    const bulk = await this.bulkLoad(projection, scratch);
    try {
      return await this.database.transaction(async (tx) => {
        const live = await this.catalog.lockForSwitch(tx, projection);
        await this.catchUpUnderLock(tx, projection, scratch, bulk.position);
        const reports: VerifyReport[] = [];
        for (const table of projection.tables) {
          reports.push(
            await this.compare(
              tx,
              projection.name,
              table.name,
              live[table.name],
              scratch[table.name],
            ),
          );
        }
        return reports;
      });
    } finally {
      await this.dropAll(scratch);
    }
  }

  async status(projection: Projection): Promise<ProjectionStatus> {
    const tables = await this.database.transaction((tx) => this.catalog.tablesFor(tx, projection));
    const name = `projection:${projection.name}`;
    const at = await this.checkpoints.read(name);
    const stored = at.globalPosition > 0;
    const [lag] = stored
      ? await this.database.query<{ n: string }>(
          `SELECT count(*) AS n FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2)`,
          [at.transactionId, at.globalPosition],
        )
      : [{ n: '0' }];
    return {
      projection: projection.name,
      tables,
      checkpoint: stored ? { globalPosition: at.globalPosition, lagEvents: Number(lag.n) } : null,
      ...(this.kafka ? { kafka: await this.kafkaLag(this.kafka, projection) } : {}),
    };
  }

  private async kafkaLag(source: KafkaLagSource, projection: Projection) {
    const topic = source.topicOf(projection);
    try {
      await source.admin.connect();
      return await kafkaLag(this.database, source.admin, projection.name, topic);
    } catch (error) {
      return { topic, error: `Kafka lag unknown: ${(error as Error).message}` };
    }
  }

  private async compare(tx: Sql, projection: string, table: string, live: string, rebuilt: string) {
    const diff = `(TABLE ${assertIdentifier(live)} EXCEPT TABLE ${rebuilt})
                  UNION ALL (TABLE ${rebuilt} EXCEPT TABLE ${assertIdentifier(live)})`;
    const [{ n }] = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM (${diff}) d`);
    const sample = Number(n) > 0 ? await tx.query(`SELECT * FROM (${diff}) d LIMIT 5`) : [];
    return { projection, table, live, differingRows: Number(n), sample };
  }

  /**
   * The last events, applied while live writers wait on the catalog lock. With a single-connection
   * database (embedded PGlite, one process) nothing else can be writing, and the lock's transaction
   * holds the only connection the log could be read on, so there is nothing to catch up.
   */
  private async catchUpUnderLock(
    tx: Sql,
    projection: Projection,
    tables: TableNames,
    from: LogPosition,
  ): Promise<number> {
    if (this.database.maxConnections < 2) return 0;
    return (await replayInto(projection, tables, this.database, this.events, from, tx)).applied;
  }

  /**
   * Replays the whole log into fresh tables with write-ahead logging off (nothing reads them yet,
   * and a crash mid-way only loses a rebuild that is started again), then turns it back on, which
   * writes each table to the log once instead of row by row.
   */
  private async bulkLoad(projection: Projection, tables: TableNames) {
    const physical = Object.values(tables).map(assertIdentifier);
    for (const t of physical) await this.database.query(`ALTER TABLE ${t} SET UNLOGGED`);
    const loaded = await replayInto(projection, tables, this.database, this.events, LOG_START);
    for (const t of physical) await this.database.query(`ALTER TABLE ${t} SET LOGGED`);
    return loaded;
  }

  private async createFresh(projection: Projection, tables: TableNames): Promise<void> {
    await this.dropAll(tables);
    await this.database.transaction(async (tx) => {
      for (const table of projection.tables) {
        for (const statement of table.create(tables[table.name])) await tx.query(statement);
      }
    });
  }

  private async dropAll(tables: TableNames): Promise<void> {
    for (const physical of Object.values(tables)) {
      await this.database.query(`DROP TABLE IF EXISTS ${assertIdentifier(physical)}`);
    }
  }
}
