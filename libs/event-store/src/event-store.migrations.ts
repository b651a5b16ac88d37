import { sqlMigration } from '@sitrep/platform';

/**
 * The event log and the readers' checkpoints. Plain SQL and plpgsql only: the same statements run
 * on PostgreSQL 15 and on embedded PGlite.
 */
const CreateEventStore = sqlMigration(
  'EventStore1764201600000',
  [
    `CREATE TABLE events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id text NOT NULL,
      stream_position bigint NOT NULL,
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      schema_version int NOT NULL DEFAULT 1,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL DEFAULT '{}',
      recorded_at timestamptz NOT NULL DEFAULT now(),
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      CONSTRAINT events_stream_position_unique UNIQUE (stream_id, stream_position),
      CONSTRAINT events_stream_position_positive CHECK (stream_position > 0)
    )`,
    // readAll walks the log in (transaction, position) order from a checkpoint.
    `CREATE INDEX events_transaction_order ON events (transaction_id, global_position)`,
    // A correction is a new event: history is never rewritten, not even by a stray migration.
    `CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'events are append-only: % on events is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
    END
    $$`,
    `CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`,
    `CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()`,
    // Append lives in a function only so that its plan is cached per connection: planning the
    // statement costs more than executing it, and it runs once per command.
    `CREATE FUNCTION append_events(
      p_stream_id text,
      p_event_ids uuid[],
      p_types text[],
      p_schema_versions int[],
      p_data jsonb[],
      p_metadata jsonb[],
      p_expected_version bigint
    ) RETURNS TABLE (version_before bigint, last_stream_position bigint, last_global_position bigint)
    LANGUAGE plpgsql AS $$
    BEGIN
      RETURN QUERY
      WITH current_version AS (
        SELECT coalesce(max(e.stream_position), 0) AS version FROM events e WHERE e.stream_id = p_stream_id
      ),
      appended AS (
        INSERT INTO events (stream_id, stream_position, event_id, type, schema_version, data, metadata)
        SELECT p_stream_id, c.version + n.ordinality, n.event_id, n.type, n.schema_version, n.data, n.metadata
        FROM current_version c,
          unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata) WITH ORDINALITY
            AS n(event_id, type, schema_version, data, metadata, ordinality)
        WHERE p_expected_version IS NULL OR c.version = p_expected_version
        ORDER BY n.ordinality
        RETURNING events.stream_position, events.global_position
      )
      SELECT c.version,
        (SELECT max(a.stream_position) FROM appended a),
        (SELECT max(a.global_position) FROM appended a)
      FROM current_version c;
    END
    $$`,
    `CREATE TABLE checkpoints (
      name text PRIMARY KEY,
      transaction_id xid8 NOT NULL,
      global_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
  [
    `DROP TABLE checkpoints`,
    `DROP FUNCTION append_events(text, uuid[], text[], int[], jsonb[], jsonb[], bigint)`,
    `DROP TABLE events`,
    `DROP FUNCTION events_are_append_only()`,
  ],
);

/**
 * Most commands append exactly one event. append_event is append_events for that case with scalar
 * parameters: no array literals to build in the client or to parse and unnest in the server, which
 * is most of what an append costs besides the INSERT itself. Same check, same unique constraint.
 */
const AppendOneEvent = sqlMigration(
  'EventStoreAppendOne1764202500000',
  [
    `CREATE FUNCTION append_event(
      p_stream_id text,
      p_event_id uuid,
      p_type text,
      p_schema_version int,
      p_data jsonb,
      p_metadata jsonb,
      p_expected_version bigint,
      OUT version_before bigint,
      OUT last_stream_position bigint,
      OUT last_global_position bigint
    ) LANGUAGE plpgsql AS $$
    BEGIN
      SELECT coalesce(max(e.stream_position), 0) INTO version_before
      FROM events e WHERE e.stream_id = p_stream_id;
      -- A mismatch returns version_before with null positions, as append_events does.
      IF p_expected_version IS NOT NULL AND version_before <> p_expected_version THEN
        RETURN;
      END IF;
      INSERT INTO events (stream_id, stream_position, event_id, type, schema_version, data, metadata)
      VALUES (p_stream_id, version_before + 1, p_event_id, p_type, p_schema_version, p_data, p_metadata)
      RETURNING events.stream_position, events.global_position
        INTO last_stream_position, last_global_position;
    END
    $$`,
  ],
  [`DROP FUNCTION append_event(text, uuid, text, int, jsonb, jsonb, bigint)`],
);

/**
 * Folded states of long streams at a version (see snapshot-store.ts): derived data, rewritten as
 * streams grow and safe to delete (readers then fold from the first event).
 */
const StreamSnapshots = sqlMigration(
  'StreamSnapshots1765238400000',
  [
    `CREATE TABLE stream_snapshots (
      stream_id text PRIMARY KEY,
      schema text NOT NULL,
      version bigint NOT NULL CHECK (version > 0),
      state jsonb NOT NULL,
      taken_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
  ['DROP TABLE stream_snapshots'],
);

export const eventStoreMigrations = [CreateEventStore, AppendOneEvent, StreamSnapshots] as const;

/** The unique constraint a concurrent append to the same stream position runs into. */
export const STREAM_POSITION_CONSTRAINT = 'events_stream_position_unique';
