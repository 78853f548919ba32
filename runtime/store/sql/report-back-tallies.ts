/**
 * Each active deputy's report-backs of their own term (DOMAIN §7.7, 每届至少一次), for the
 * deputies' duty statistics (definitions/deputy-points/metrics.json: reportBackCoverage,
 * reportBackSatisfaction): how many meetings were held (context.heldAt set) among the
 * deputy-report-back instances whose context.termId is the deputy's term, and the voters'
 * results of those meetings (context.result: the satisfaction ballot's counts per item). The
 * term, not the chosen year: coverage is owed once a term.
 *
 * One statement, no lock (a read). Index: instances_list (county_id, definition_id, …) gives the
 * county's report-backs — a few per deputy per term — grouped once by deputy and term; the roll
 * by the deputies primary key (county_id, user_id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ReportBackTallyRow {
  deputy_id: string;
  held: number | string;
  /** The held meetings' results (a ballot result each: {counts: [{candidateId, S, B, U, …}]}). */
  results: unknown;
}

const CTX = sql`i.snapshot->'machine'->'context'`;

export async function selectReportBackTallies(db: Kysely<Database>, countyId: string): Promise<ReportBackTallyRow[]> {
  const r = await sql<ReportBackTallyRow>`
    select d.user_id as deputy_id, coalesce(h.held, 0) as held, coalesce(h.results, '[]'::jsonb) as results
    from deputies d
    left join (
      select ${CTX}->>'deputyId' as deputy_id, ${CTX}->>'termId' as term_id, count(*) as held,
        coalesce(jsonb_agg(${CTX}->'result') filter (where jsonb_typeof(${CTX}->'result') = 'object'), '[]'::jsonb) as results
      from instances i
      where i.county_id = ${countyId} and i.definition_id = 'deputy-report-back' and coalesce(${CTX}->>'heldAt', '') <> ''
      group by 1, 2
    ) h on h.deputy_id = d.user_id and h.term_id = d.term_id
    where d.county_id = ${countyId} and d.active
    order by d.user_id`.execute(db);
  return r.rows.map((row) => ({ ...row, results: typeof row.results === 'string' ? JSON.parse(row.results) : row.results }));
}
