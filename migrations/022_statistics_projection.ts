import { sql, type Kysely } from 'kysely';

/**
 * The statistics projection (issue 14, Performance): one small row per instance of a process
 * that a statistics catalogue counts (definitions/<process>/metrics.json: the process and its
 * child process), holding what the catalogues' facts read — `facts`, a jsonb keyed by the
 * context path (`context.submittedAt`, `context.feedback#length`; runtime/statistics/projection.ts)
 * — beside the instance's state, parent and creation time. Written by the step's own statement
 * (runtime/store/sql/step-write.ts, the CTE of sql/statistics-projection-write.ts), so it is
 * exactly as current as the instance; `xid` is the writing transaction
 * (pg_current_xact_id()), so a reader asks only for the rows written since the oldest
 * transaction that was still running at its previous read (sql/statistics-projection-delta.ts).
 *
 * The rows of instances already there are written after the migrations run
 * (`fillStatisticsProjection` in runtime/store/statistics-projection.ts, called by migrate.ts),
 * from the snapshots, by definition; `statistics_projection_shapes` remembers which keys each
 * definition's rows hold, so a start with unchanged catalogues does nothing and a catalogue
 * that reads a new path rewrites that definition's rows once.
 *
 * Indexes: the primary key (county_id, instance_id) serves the step's upsert;
 * statistics_facts_delta (county_id, definition_id, xid) serves "the county's rows of these
 * processes written since xid" (a range scan: nothing or a few rows when nothing changed) and
 * the full read of a county's rows. tasks_open_due (county_id, due_at) where status = 'open'
 * serves the county's overdue open tasks (due_at < now) and its next due time (due_at > now).
 * No foreign key to instances: instances are not deleted by the store (a bench's cleanup
 * deletes both), and the upsert must not look the instance up again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table if not exists statistics_facts (
    county_id text not null,
    instance_id text not null,
    definition_id text not null,
    parent_id text,
    created_at timestamptz not null,
    state text not null,
    facts jsonb not null,
    xid xid8 not null default pg_current_xact_id(),
    primary key (county_id, instance_id)
  )`.execute(db);
  await sql`create index if not exists statistics_facts_delta on statistics_facts (county_id, definition_id, xid)`.execute(db);
  await sql`create table if not exists statistics_projection_shapes (
    definition_id text primary key,
    keys jsonb not null
  )`.execute(db);
  await sql`create index if not exists tasks_open_due on tasks (county_id, due_at) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists tasks_open_due`.execute(db);
  await sql`drop table if exists statistics_projection_shapes`.execute(db);
  await sql`drop table if exists statistics_facts`.execute(db);
}
