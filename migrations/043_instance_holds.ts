import { sql, type Kysely } from 'kysely';

/**
 * Which open list holds an instance (issue 16 item 2): a suggestion stands on at most one
 * open 交办会 or year-end closing list at a time. The list's submission (the engine's
 * `holdEach` effect, runtime/store/instance-holds.ts) writes one row per listed suggestion
 * under its `scope` ("meetingList" for both kinds of list), so the rule lives in SQL: the
 * primary key (county_id, scope, target_id) admits one holder per suggestion.
 *
 * A row whose holder no longer runs (the list was approved or cancelled) is stale and is
 * taken over by the next list that names the suggestion, in the same statement
 * (INSERT … ON CONFLICT DO UPDATE … WHERE the holder is not active): nothing needs to
 * release holds when a list finishes, however it finishes. At most one row per suggestion
 * and scope, so stale rows stay few (a county registers a few hundred suggestions a year).
 *
 * Concurrency: two lists saved at once naming the same suggestion both try to insert its key;
 * the second waits on the first's uncommitted row, then sees the conflict with a running
 * holder and does not update: its save is refused in words and rolled back whole.
 *
 * Index: the primary key serves "who holds these suggestions"; instance_holds_holder serves
 * "the suggestions this list holds" (dropping those a resubmitted list no longer names).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table instance_holds (
    county_id text not null references regions(id),
    scope text not null,
    target_id text not null,
    holder_id text not null,
    held_at timestamptz not null,
    primary key (county_id, scope, target_id),
    foreign key (county_id, target_id) references instances (county_id, id),
    foreign key (county_id, holder_id) references instances (county_id, id)
  )`.execute(db);
  await sql`create index instance_holds_holder on instance_holds (county_id, holder_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table instance_holds`.execute(db);
}
