/**
 * The report-backs of one term (DOMAIN §7.7), one row per deputy of the term: each active
 * deputy of the county whose term is `termId`, with their report-back instances of that term
 * (context.termId) — how many, how many were held (context.heldAt set: the meeting took place),
 * and the latest one's state, meeting day and result. One statement, no lock: a read model.
 *
 * Index: deputies by its primary key prefix (county_id); instances_list (county_id,
 * definition_id, updated_at desc) gives the county's report-backs, joined on the deputy id in
 * their context — a few hundred deputies and as many instances per term, one range scan each.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ReportBackRow {
  deputy_id: string;
  name: string;
  delegation: string | null;
  planned: number | string;
  held: number | string;
  instance_id: string | null;
  state: string | null;
  meeting_date: string | null;
  result: unknown;
  result_words: string | null;
  result_words_en: string | null;
}

const CTX = sql`i.snapshot->'machine'->'context'`;

export async function reportBackRows(db: Kysely<Database>, countyId: string, termId: string): Promise<ReportBackRow[]> {
  const rows = await sql<ReportBackRow>`
    select d.user_id as deputy_id, d.name, d.delegation,
      (select count(*) from instances i where i.county_id = d.county_id and i.definition_id = 'deputy-report-back'
        and ${CTX}->>'deputyId' = d.user_id and ${CTX}->>'termId' = ${termId}) as planned,
      (select count(*) from instances i where i.county_id = d.county_id and i.definition_id = 'deputy-report-back'
        and ${CTX}->>'deputyId' = d.user_id and ${CTX}->>'termId' = ${termId} and coalesce(${CTX}->>'heldAt', '') <> '') as held,
      l.id as instance_id, l.state, l.meeting_date, l.result, l.result_words, l.result_words_en
    from deputies d
      join users u on u.county_id = d.county_id and u.id = d.user_id
      left join lateral (
        select i.id, i.state, ${CTX}->>'meetingDate' as meeting_date, ${CTX}->'result' as result,
          ${CTX}->>'resultWords' as result_words, ${CTX}->>'resultWords_en' as result_words_en
        from instances i
        where i.county_id = d.county_id and i.definition_id = 'deputy-report-back'
          and ${CTX}->>'deputyId' = d.user_id and ${CTX}->>'termId' = ${termId}
        order by (coalesce(${CTX}->>'heldAt', '') <> '') desc, i.created_at desc, i.id
        limit 1
      ) l on true
    where d.county_id = ${countyId} and d.active and u.active and d.term_id = ${termId}
    order by d.name, d.user_id`.execute(db);
  return rows.rows;
}

/** Deputies among `deputyIds` who already have a report-back of `termId` not yet archived (one statement, no lock). */
export async function openReportBacks(db: Kysely<Database>, countyId: string, termId: string, deputyIds: readonly string[]): Promise<string[]> {
  if (deputyIds.length === 0) return [];
  const rows = await sql<{ deputy_id: string }>`
    select distinct ${CTX}->>'deputyId' as deputy_id from instances i
    where i.county_id = ${countyId} and i.definition_id = 'deputy-report-back' and i.status = 'active'
      and ${CTX}->>'termId' = ${termId} and ${CTX}->>'deputyId' in (${sql.join(deputyIds.map((d) => sql`${d}`))})`.execute(db);
  return rows.rows.map((r) => r.deputy_id);
}
