import { sql, type Kysely } from 'kysely';

/**
 * Links between instances of different processes (DOMAIN §8): a constituent issue converted
 * into a suggestion (`key` = "suggestion"), a livelihood idea handed to the year's 民生实事
 * collection (`key` = "livelihoodIdea"). A link is written in the step that makes it
 * (runtime/store/step-writer.ts, effects `startLinked` / `sendLinked`) and read both ways:
 * the source's page shows the target in words and the target's page shows the source; when
 * the target finishes, the store sends `linked.done` to each source in the same transaction.
 *
 * Not parent/child (`instances.parent_id`): a suggestion started from an issue is a case of
 * its own — counted in the suggestion statistics, listed in the register, and it must not
 * share the files or tasks (the citizen's data stays with the station).
 *
 * Index: the primary key serves "the links of a source" (county_id, source_id, …);
 * instance_links_target serves "who linked to this instance" (on its completion and on its page).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table instance_links (
    county_id text not null references regions(id),
    source_id text not null,
    key text not null,
    target_id text not null,
    created_at timestamptz not null default now(),
    primary key (county_id, source_id, key, target_id),
    foreign key (county_id, source_id) references instances (county_id, id),
    foreign key (county_id, target_id) references instances (county_id, id)
  )`.execute(db);
  await sql`create index instance_links_target on instance_links (county_id, target_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table instance_links`.execute(db);
}
