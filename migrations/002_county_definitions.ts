import { sql, type Kysely } from 'kysely';

/**
 * County customisation: an overlay (JSON Merge Patch) per region and process, and the
 * immutable published versions each county's new instances start on.
 */
const statements = [
  sql`create table overlays (
    region_id text not null references regions(id),
    definition_id text not null,
    patch jsonb not null,
    updated_by text,
    updated_at timestamptz not null,
    primary key (region_id, definition_id)
  )`,
  sql`create table definition_versions (
    county_id text not null references regions(id),
    definition_id text not null,
    version int not null,
    hash text not null references definitions(hash),
    published_by text,
    published_at timestamptz not null,
    primary key (county_id, definition_id, version)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table definition_versions`.execute(db);
  await sql`drop table overlays`.execute(db);
}
