import { sql, type Kysely } from 'kysely';

/**
 * The task actions (issue 16 item 3; runtime/engine/task-actions.ts, runtime/store/task-actions.ts):
 *
 * - `tasks.delegate_id`, `tasks.delegated_by`: 委托 — the user acting for the holder on this one
 *   task until the holder takes it back, and the holder who named them. One delegation per task
 *   at a time; the record of every delegation and revocation (who, whom, why, when) is the
 *   instance's history (`task.delegated`, `task.delegationRevoked` in instance_events). The
 *   access rule (task-access.ts) lets the delegate act; the inbox finds a delegate's tasks by the
 *   partial index `tasks_delegate` (few rows: only open delegated tasks).
 * - `tasks.urge_count`: 催办 — how many times the office urged the task's holder, counted where
 *   the task is (the inbox shows it; sql/urge-counts.ts adds them up per unit), beside each
 *   `task.urged` event of the history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tasks add column delegate_id text`.execute(db);
  await sql`alter table tasks add column delegated_by text`.execute(db);
  await sql`alter table tasks add column urge_count int not null default 0`.execute(db);
  await sql`create index tasks_delegate on tasks (county_id, delegate_id) where delegate_id is not null and status = 'open'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tasks_delegate`.execute(db);
  await sql`alter table tasks drop column urge_count`.execute(db);
  await sql`alter table tasks drop column delegated_by`.execute(db);
  await sql`alter table tasks drop column delegate_id`.execute(db);
}
