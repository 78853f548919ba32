/**
 * The rows of the monthly line (runtime/statistics/monthly.ts): every top-level instance of the
 * process in the county and the period with its registration, submission and conclusion
 * instants (context paths the catalogue declares) and the instants of its child assignments'
 * answer events (instance_events of type `answerEvent`, the engine's own record of each
 * SUBMIT_ANSWER). One statement; no lock (a read of committed rows).
 *
 * Indexes: the county's instances of the definition as in sql/statistics-rows.ts (instances_list
 * (county_id, definition_id, updated_at desc) or a scan: the period is a context value, so the
 * county's rows of the process are read and filtered); each row's children from
 * instances_parent (county_id, parent_id); each child's events from the primary key of
 * instance_events (county_id, instance_id, seq), filtered by type — a child has ~10–30 events,
 * so no index on type is needed (no migration of its own).
 *
 * Measured on PostgreSQL 15 with test/bench/statistics-monthly-explain.ts (its header has the
 * commands): one county, 6,000 suggestions (3,000 in 2026), 6,600 assignments, 79,200 events,
 * ~1.5 kB of context a row; the shared 2-core box at a load average of 21–23 (other agents'
 * suites running): a bare count(*) of the county's suggestions best 5.6 ms, median 10.4 ms;
 * this statement for year:2026 best 148 ms, median 174 ms (3,000 rows, 4,200 answers);
 * readMonthly (the endpoint's work: catalogue, statement, the `submitted` rule per row, months)
 * best 302 ms, median 395 ms; a month's drill-down ids best 258 ms, median 346 ms.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';
import { periodCondition, type PeriodFilter } from './statistics-rows.ts';

export interface MonthlyRowsQuery {
  countyId: string;
  definitionId: string;
  childDefinitionId: string;
  answerEvent: string;
  paths: { registeredAt: string; submittedAt: string; concludedAt: string };
  period: PeriodFilter;
}

export interface StoredMonthlyRow {
  id: string;
  registeredAt: string | null;
  submittedAt: string | null;
  concludedAt: string | null;
  /** Epoch milliseconds of each answer event. */
  answers: number[];
}

const SAFE_PATH = /^context(\.[A-Za-z0-9_]+)+$/;

/** The context value at `path` of the row (as text). */
function at(path: string): RawBuilder<unknown> {
  if (!SAFE_PATH.test(path)) throw new Error(`statistics path ${path} is not a context path`);
  return sql.raw(`(ix.ctx #>> '{${path.split('.').slice(1).join(',')}}')`);
}

export async function selectMonthlyRows(db: Kysely<Database>, q: MonthlyRowsQuery): Promise<StoredMonthlyRow[]> {
  const inPeriod = periodCondition(q.period, at);
  const result = await sql<{ id: string; registered_at: string | null; submitted_at: string | null; concluded_at: string | null; answers: Array<number | string> }>`
    select i.id, ${at(q.paths.registeredAt)} as registered_at, ${at(q.paths.submittedAt)} as submitted_at, ${at(q.paths.concludedAt)} as concluded_at,
      coalesce((
        select jsonb_agg((extract(epoch from e.at) * 1000)::bigint order by e.at)
        from instances c
        join instance_events e on e.county_id = c.county_id and e.instance_id = c.id and e.type = ${q.answerEvent}
        where c.county_id = ${q.countyId} and c.parent_id = i.id and c.definition_id = ${q.childDefinitionId}
      ), '[]'::jsonb) as answers
    from instances i cross join lateral (select i.snapshot #> '{machine,context}' as ctx offset 0) ix
    where i.county_id = ${q.countyId} and i.definition_id = ${q.definitionId} and i.parent_id is null and ${inPeriod}
    order by i.created_at, i.id`.execute(db);
  return result.rows.map((r) => ({ id: r.id, registeredAt: r.registered_at, submittedAt: r.submitted_at, concludedAt: r.concluded_at, answers: r.answers.map(Number) }));
}
