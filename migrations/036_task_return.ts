import { sql, type Kysely } from 'kysely';

/**
 * 加签 and 撤回 (issue 16 item 3; runtime/store/task-return.ts).
 *
 * `task_signers`: a signer added to a task by its holder. `before`: the countersign task (a row
 * of `tasks`, so the signer's inbox shows it) opens at once and the holder cannot complete
 * until it is answered. `after`: the signer waits (status `waiting`) until the holder
 * completes; the completion is then held here (`held`: the outcome and form data) and the
 * countersign task opens; 同意 applies the held completion through the engine, 不同意 leaves
 * the holder's task open. Index: the primary key; task_signers_task serves "the signers of
 * this task" (every completion of a task whose state declares 加签, and the task page);
 * task_signers_countersign serves "the signer row of this countersign task".
 *
 * `task_restore_points`: for a task whose state declares 撤回, its completion keeps the
 * instance as it was before (snapshot, state, the tasks then open, the timers then pending),
 * keyed by the instance version the completion wrote (= the seq of its instance_events row).
 * A withdrawal is allowed only while the instance is still at that version. Index: the
 * primary key (county_id, instance_id, seq); task_restore_points_task serves "the last
 * completion of this task".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table task_signers (
    county_id text not null references regions(id),
    id text not null,
    instance_id text not null,
    task_id text not null,
    signer_id text not null,
    added_by text not null,
    place text not null check (place in ('before', 'after')),
    status text not null check (status in ('waiting', 'open', 'agreed', 'disagreed', 'cancelled')),
    countersign_task_id text,
    held jsonb,
    reason text,
    opinion text,
    created_at timestamptz not null,
    answered_at timestamptz,
    primary key (county_id, id),
    foreign key (county_id, instance_id) references instances (county_id, id),
    foreign key (county_id, task_id) references tasks (county_id, id)
  )`.execute(db);
  await sql`create index task_signers_task on task_signers (county_id, task_id)`.execute(db);
  await sql`create unique index task_signers_countersign on task_signers (county_id, countersign_task_id)`.execute(db);
  await sql`create table task_restore_points (
    county_id text not null references regions(id),
    instance_id text not null,
    seq integer not null,
    task_id text not null,
    completed_by text not null,
    snapshot jsonb not null,
    state text not null,
    open_task_ids jsonb not null,
    timers jsonb not null,
    at timestamptz not null,
    primary key (county_id, instance_id, seq),
    foreign key (county_id, instance_id) references instances (county_id, id)
  )`.execute(db);
  await sql`create index task_restore_points_task on task_restore_points (county_id, task_id, seq)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table task_restore_points`.execute(db);
  await sql`drop table task_signers`.execute(db);
}
