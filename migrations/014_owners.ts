import { sql, type Kysely } from 'kysely';

/**
 * Who owns what (issue 13, deliverables 3 and 6).
 *
 * `api_definitions.county_id`: the county whose integrator added the package through
 * POST /api/definitions; only that county sees it and adds versions to it. A row already
 * there takes the county of the user who added it when that user id exists in exactly one
 * county; otherwise it stays null, which means "region-wide, owner unknown": every county
 * sees it as before and no county can change it through the API (like a shipped file).
 *
 * `file_refs`: which instance's events name which attachment (any `{fileId}` object in the
 * form data), written in the statement that writes the event (sql/step-write.ts). A file is
 * readable by its uploader and by whoever may see an instance whose documents list it
 * (sql/file-access.ts). Filled here from the events already stored: jsonpath `strict
 * $.**.fileId` finds every fileId at any depth (strict mode: lax would visit each array
 * element twice), joined with the county's files so only real files are recorded.
 *
 * Index: the primary key (county_id, file_id, instance_id) serves "who references file X";
 * nothing looks up by instance alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_definitions add column county_id text references regions(id)`.execute(db);
  await sql`update api_definitions a set county_id = (select min(u.county_id) from users u where u.id = a.added_by)
    where (select count(*) from users u where u.id = a.added_by) = 1`.execute(db);
  await sql`create table file_refs (
    county_id text not null,
    file_id text not null,
    instance_id text not null,
    primary key (county_id, file_id, instance_id),
    foreign key (county_id, file_id) references files (county_id, id) on delete cascade
  )`.execute(db);
  await sql`insert into file_refs (county_id, file_id, instance_id)
    select distinct e.county_id, f.id, e.instance_id
    from instance_events e
    cross join lateral jsonb_path_query(e.data, 'strict $.**.fileId') as ref(v)
    join files f on f.county_id = e.county_id and f.id = ref.v #>> '{}'
    where jsonb_typeof(ref.v) = 'string'
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table file_refs`.execute(db);
  await sql`alter table api_definitions drop column county_id`.execute(db);
}
