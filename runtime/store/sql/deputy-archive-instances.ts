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
 * - supervision-item: a deputy invited to the inspection or inquiry (`workPlan.deputiesInvited`);
 * - deputy-report-back: the deputy reporting back to their voters (`deputyId`).
 * The year is the activity's own date in the county's zone (Asia/Shanghai): a suggestion's
 * submission, a reception's start, the day an issue was received, a supervision item's year or
 * a report-back's (its plan's year; the day shown is its meeting's, once scheduled), else the
 * day the instance was created. A value that is not a date (bad data) falls back to
 * the creation day, so no row makes the statement fail.
 *
 * Index: on a store of many counties instances_list (county_id, definition_id, updated_at desc)
 * narrows to the county's rows of the five processes (on the one-county bench database the
 * planner prefers a sequential scan); the context tests then read each row's snapshot (the
 * context is data of the packages, so it has no index of its own, as for the register's
 * search: sql/register.ts).
 * `opens`: whether the viewer may open the instance's page, by the one rule of task-access.ts.
 *
 * `opens` uses the set form (maySeeInstanceAmongSql): the per-row form (maySeeInstanceSql)
 * walked each row's tree and took 6.2–8.0 s for a deputy in 1,519 rows; the set, 134–268 ms.
 *
 * Measured with test/bench/deputy-archive-explain.ts (PostgreSQL on the shared 2-core box, load
 * average ~21 from other work, so figures are high; best of 5): the demo county with 14,000
 * instances (10,000 suggestions, 2,000 reception days, 2,000 issues over 2024–2026), the deputy's
 * 2026: with 200 deputies named in turn (36 rows) this statement 47 ms (runs 47–355), the whole
 * read model (with points, four quarters' ranks and the ballots) 96 ms; with 5 deputies (1,519
 * rows, the worst case) 138 ms and 319 ms. A plain sequential scan of the county's rows with the
 * context tests alone took 233 ms under the same load: the scan is the cost, as for the
 * register's search.
 */
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../engine/index.ts';
import type { Database } from '../schema.ts';
import { maySeeInstanceAmongSql } from '../task-access.ts';
import { instanceHeadColumns, type InstanceHeadRow } from './instance-head.ts';

export const ARCHIVE_PROCESSES = ['suggestion', 'reception-session', 'constituent-issue', 'inspection-request', 'supervision-item', 'deputy-report-back'] as const;

export interface ArchiveInstanceRow extends InstanceHeadRow {
  created_at: Date;
  /** The activity's county-local date, YYYY-MM-DD. */
  day: string;
  /** lead | cosigner | duty | issue | requester | participant | invited | reporter */
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
          when i.definition_id = 'deputy-report-back' then 'reporter'
          else 'invited'
        end as part,
        case i.definition_id
          when 'suggestion' then i.snapshot->'machine'->'context'->>'submittedAt'
          when 'reception-session' then i.snapshot->'machine'->'context'->>'startsAt'
          when 'constituent-issue' then i.snapshot->'machine'->'context'->>'receivedAt'
          when 'deputy-report-back' then i.snapshot->'machine'->'context'->>'meetingDate'
          else null
        end as at_text,
        case when i.definition_id in ('supervision-item', 'deputy-report-back') and jsonb_typeof(i.snapshot->'machine'->'context'->'year') = 'number'
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
          or (i.definition_id = 'deputy-report-back' and i.snapshot->'machine'->'context'->>'deputyId' = ${deputyId})
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
    select ${instanceHeadColumns('i')}, i.created_at, i.day, i.part, i.context,
      ${maySeeInstanceAmongSql(viewer, countyId, 'i')} as opens
    from dated i
    where case when i.item_year is not null then i.item_year = ${year} else i.day between ${`${year}-01-01`} and ${`${year}-12-31`} end
    order by i.day, i.created_at, i.id`.execute(db);
  return r.rows.map((row) => ({ ...row, context: typeof row.context === 'string' ? JSON.parse(row.context) : row.context, opens: Boolean(row.opens) }));
}
