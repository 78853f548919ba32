/**
 * The instances of every process a deputy took part in within one year (their 履职档案,
 * runtime/store/deputy-archive.ts), in one statement. No lock: a read.
 *
 * Who took part, by the process's own context (the paths each package keeps):
 * - suggestion: the lead deputy (`leadDeputyId`) or a co-signer (`coSignerIds`); drafts are not
 *   yet anything done and are left out;
 * - reception-session: a deputy on duty (`deputyIds`);
 * - constituent-issue: a deputy who took the issue up (`deputyIds`);
 * - inspection-request: the requesting deputy (`requesterId`) or a participant (`participantIds`);
 * - supervision-item: a deputy invited to the inspection or inquiry (`workPlan.deputiesInvited`).
 * The year is the activity's own date in the county's zone (Asia/Shanghai): a suggestion's
 * submission, a reception's start, the day an issue was received, a supervision item's year,
 * else the day the instance was created. A value that is not a date (bad data) falls back to
 * the creation day, so no row makes the statement fail.
 *
 * Index: instances_list (county_id, definition_id, updated_at desc) finds the county's rows of
 * the five processes; the context tests then read each row's snapshot (the context is data of
 * the packages, so it has no index of its own, as for the register's search: sql/register.ts).
 * `opens`: whether the viewer may open the instance's page, by the one rule of task-access.ts.
 *
 * Measured (test/api/deputy-archive.test.ts prints it; PostgreSQL 16 on the shared 2-core box,
 * load ~10): a county of 2,060 instances of those processes (2,000 suggestions copied from the
 * year's walk), the deputy's 2026 archive: 9–14 ms for this statement, the whole page 25–40 ms;
 * PGlite 30–60 ms for the statement.
 */
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../engine/index.ts';
import type { Database } from '../schema.ts';
import { maySeeInstanceSql } from '../task-access.ts';

export const ARCHIVE_PROCESSES = ['suggestion', 'reception-session', 'constituent-issue', 'inspection-request', 'supervision-item'] as const;

export interface ArchiveInstanceRow {
  id: string;
  definition_id: string;
  definition_hash: string;
  title: string;
  state: string;
  status: string;
  created_at: Date;
  /** The activity's county-local date, YYYY-MM-DD. */
  day: string;
  /** lead | cosigner | duty | issue | requester | participant | invited */
  part: string;
  context: unknown;
  opens: boolean;
}

export async function selectArchiveInstances(db: Kysely<Database>, countyId: string, deputyId: string, year: number, viewer: Actor): Promise<ArchiveInstanceRow[]> {
  const me = sql`jsonb_build_array(${deputyId}::text)`;
  const iso = `'^\\d{4}-\\d{2}-\\d{2}(T|$)'`;
  const r = await sql<ArchiveInstanceRow>`
    with mine as (
      select i.id, i.county_id, i.created_by, i.definition_id, i.definition_hash, i.title, i.state, i.status, i.created_at,
        i.snapshot->'machine'->'context' as context,
        case
          when i.definition_id = 'suggestion' and i.snapshot->'machine'->'context'->>'leadDeputyId' = ${deputyId} then 'lead'
          when i.definition_id = 'suggestion' then 'cosigner'
          when i.definition_id = 'reception-session' then 'duty'
          when i.definition_id = 'constituent-issue' then 'issue'
          when i.definition_id = 'inspection-request' and i.snapshot->'machine'->'context'->>'requesterId' = ${deputyId} then 'requester'
          when i.definition_id = 'inspection-request' then 'participant'
          else 'invited'
        end as part,
        case i.definition_id
          when 'suggestion' then i.snapshot->'machine'->'context'->>'submittedAt'
          when 'reception-session' then i.snapshot->'machine'->'context'->>'startsAt'
          when 'constituent-issue' then i.snapshot->'machine'->'context'->>'receivedAt'
          else null
        end as at_text,
        case when i.definition_id = 'supervision-item' and jsonb_typeof(i.snapshot->'machine'->'context'->'year') = 'number'
          then (i.snapshot->'machine'->'context'->>'year')::numeric::int else null end as item_year
      from instances i
      where i.county_id = ${countyId}
        and i.definition_id in (${sql.join([...ARCHIVE_PROCESSES])})
        and (
          (i.definition_id = 'suggestion' and i.state <> 'draft' and (
            i.snapshot->'machine'->'context'->>'leadDeputyId' = ${deputyId}
            or coalesce(i.snapshot->'machine'->'context'->'coSignerIds' @> ${me}, false)))
          or (i.definition_id in ('reception-session', 'constituent-issue') and coalesce(i.snapshot->'machine'->'context'->'deputyIds' @> ${me}, false))
          or (i.definition_id = 'inspection-request' and (
            i.snapshot->'machine'->'context'->>'requesterId' = ${deputyId}
            or coalesce(i.snapshot->'machine'->'context'->'participantIds' @> ${me}, false)))
          or (i.definition_id = 'supervision-item' and coalesce(i.snapshot->'machine'->'context'->'workPlan'->'deputiesInvited' @> ${me}, false))
        )
    ), dated as (
      select mine.*,
        case
          when at_text ~ ${sql.raw(iso)} and length(at_text) = 10 then at_text
          when at_text ~ ${sql.raw(iso)} then to_char((at_text::timestamptz) at time zone 'Asia/Shanghai', 'YYYY-MM-DD')
          else to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')
        end as day
      from mine
    )
    select i.id, i.definition_id, i.definition_hash, i.title, i.state, i.status, i.created_at, i.day, i.part, i.context,
      ${maySeeInstanceSql(viewer, 'i')} as opens
    from dated i
    where case when i.item_year is not null then i.item_year = ${year} else i.day between ${`${year}-01-01`} and ${`${year}-12-31`} end
    order by i.day, i.created_at, i.id`.execute(db);
  return r.rows.map((row) => ({ ...row, context: typeof row.context === 'string' ? JSON.parse(row.context) : row.context, opens: Boolean(row.opens) }));
}
