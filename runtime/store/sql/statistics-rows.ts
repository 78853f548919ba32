/**
 * The rows the statistics of a process are computed from (runtime/statistics/): every
 * top-level instance of the process in the county and the period, with the facts its
 * catalogue declares (paths into the context), whether it has an open task past due now, and
 * the same for each of its child instances of the answering process. One statement; no lock
 * (a read of committed rows: figures are a snapshot at the statement's start).
 *
 * Indexes: the county's instances of the definition come from instances_list (county_id,
 * definition_id, updated_at desc) or a scan (the planner's choice) — the period is a context
 * value (submission date, term, session), so every row of the county's process is read and
 * filtered; each row's children from instances_parent (county_id, parent_id), their open tasks
 * from tasks_instance (county_id, instance_id). No new index (migration 017 not used): finding
 * the rows is not the cost — an expression index on the submission date would serve only the
 * calendar year — the per-row child aggregation is.
 *
 * Measured on PostgreSQL 15 with test/bench/statistics-explain.ts (its header has the
 * commands; `npx tsx test/bench/statistics-explain.ts postgres://postgres@127.0.0.1:5432/cf_metrics_bench 250`):
 * one county, 6,012 suggestions (3,012 in 2026, the rest in 2025), 6,513 assignments, 50,601
 * tasks, ~1.5 kB of snapshot a row; the shared 2-core box at a load average of 17–25 (other
 * agents' test suites running; a bare count(*) of the county's suggestions took 2–10 ms):
 * - this statement, year 2026: best 265–350 ms, median 290–370 ms (EXPLAIN ANALYZE 268–304 ms,
 *   of it ~70 ms JIT emission; 0.06 ms per suggestion for its children's facts);
 * - readStatistics (GET /api/statistics/suggestion): best 600–720 ms, median 720–770 ms;
 *   readUnitTable: best 460–620 ms; over HTTP: best 626–804 ms, median 850–1,070 ms
 *   (the catalogue's interpretation in JS: ~60–220 ms building fact rows, 120–270 ms JSON Logic
 *   populations, ~10–25 ms figures);
 * - a drill-down page of the register (results A): best 480–550 ms (it recomputes the ids).
 * Tried: reading the context with `snapshot->'machine'->'context'` in every fact (no LATERAL):
 * 600–690 ms for the statement, 2.3× slower; probing one hashed set of the county's overdue
 * open tasks (`id in (select …)`) instead of `exists` per row: 1,600 ms (the plan's cost
 * estimate switched on JIT inlining and optimisation).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { yearsWithin } from '../../statistics/period-dates.ts';
import type { Database } from '../schema.ts';

export interface FactPath {
  path: string;
  as?: 'value' | 'length';
}

/**
 * Which instances a period holds: the instant at `path` in [from, to) — or, `as: 'year'`, the
 * year number at `path` among the years whose 1 July is in [from, to) (a 届次年度 or a term of a
 * catalogue whose instances carry a year: runtime/statistics/period-dates.ts) — or every pair
 * equal (a calendar year of year numbers; 代表建议's term and session).
 */
export type PeriodFilter =
  | { kind: 'between'; path: string; from: Date; to: Date; as?: 'year' }
  | { kind: 'equal'; pairs: Array<{ path: string; value: string }> };

/** The filter as a condition over the row's context values (`text(path)`: the value as text); the monthly rows use it too. */
export function periodCondition(p: PeriodFilter, text: (path: string) => RawBuilder<unknown>): RawBuilder<unknown> {
  if (p.kind === 'equal') return sql.join(p.pairs.map((x) => sql`${text(x.path)} = ${x.value}`), sql` and `);
  if (p.as === 'year') {
    const years = yearsWithin(p);
    // A value that is no year (never written by the forms, which take a 4-digit year) is in no period, not an error.
    const year = sql`(case when ${text(p.path)} ~ '^[0-9]{4}$' then (${text(p.path)})::int end)`;
    return sql`${year} >= ${years.from} and ${year} < ${years.to}`;
  }
  return sql`(${text(p.path)})::timestamptz >= ${p.from} and (${text(p.path)})::timestamptz < ${p.to}`;
}

export interface StatisticsRowsQuery {
  countyId: string;
  definitionId: string;
  childDefinitionId: string;
  facts: Record<string, FactPath>;
  childFacts: Record<string, FactPath>;
  /** The instances each child started by link `key` (its 跟踪办理), and the facts read from them (catalogue `linked`). */
  linked?: { definitionId: string; key: string; facts: Record<string, FactPath> };
  period: PeriodFilter;
  now: Date;
}

export interface StatisticsRow {
  id: string;
  state: string;
  overdueNow: boolean;
  facts: Record<string, unknown>;
  children: Array<{ id: string; state: string; overdueNow: boolean; facts: Record<string, unknown>; linked?: Record<string, unknown> | null }>;
}

const SAFE_PATH = /^context(\.[A-Za-z0-9_]+)+$/;
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The context of row `<alias>` (taken out of the snapshot once per row, as `<alias>x.ctx`), then the path's keys (array indexes are keys too). */
function at(alias: string, path: string, asText = false): RawBuilder<unknown> {
  if (!SAFE_PATH.test(path)) throw new Error(`statistics path ${path} is not a context path`);
  const keys = path.split('.').slice(1).join(',');
  return sql.raw(`(${alias}x.ctx ${asText ? '#>>' : '#>'} '{${keys}}')`);
}

/** `<alias>x.ctx`: the row's context, extracted once (OFFSET 0 keeps the planner from inlining it back into every use). */
const context = (alias: string) => sql.raw(`cross join lateral (select ${alias}.snapshot #> '{machine,context}' as ctx offset 0) ${alias}x`);

function factObject(alias: string, facts: Record<string, FactPath>): RawBuilder<unknown> {
  const pairs = Object.entries(facts).map(([name, f]) => {
    if (!SAFE_KEY.test(name)) throw new Error(`statistics fact name ${name}`);
    const v = at(alias, f.path);
    const value = f.as === 'length' ? sql`to_jsonb(case when jsonb_typeof(${v}) = 'array' then jsonb_array_length(${v}) else 0 end)` : sql`coalesce(${v}, 'null'::jsonb)`;
    return sql`${sql.lit(name)}::text, ${value}`;
  });
  return pairs.length === 0 ? sql`'{}'::jsonb` : sql`jsonb_build_object(${sql.join(pairs)})`;
}

export async function selectStatisticsRows(db: Kysely<Database>, q: StatisticsRowsQuery): Promise<StatisticsRow[]> {
  const inPeriod = periodCondition(q.period, (path) => at('i', path, true));
  const overdue = (alias: string) =>
    sql`exists (select 1 from tasks t where t.county_id = ${q.countyId} and t.instance_id = ${sql.ref(`${alias}.id`)} and t.status = 'open' and t.due_at < ${q.now})`;
  // A child's linked instance (its 跟踪办理) through instance_links' primary key (county_id, source_id, key, …); the first one made.
  const linked = q.linked
    ? sql`, 'linked', (select ${factObject('f', q.linked.facts)} from instance_links l join instances f on f.county_id = l.county_id and f.id = l.target_id ${context('f')}
        where l.county_id = ${q.countyId} and l.source_id = c.id and l.key = ${q.linked.key} and f.definition_id = ${q.linked.definitionId}
        order by f.created_at, f.id limit 1)`
    : sql``;
  const result = await sql<{ id: string; state: string; overdue_now: boolean; facts: Record<string, unknown>; children: StatisticsRow['children'] }>`
    select i.id, i.state, ${overdue('i')} as overdue_now, ${factObject('i', q.facts)} as facts,
      coalesce((
        select jsonb_agg(jsonb_build_object('id', c.id, 'state', c.state, 'overdueNow', ${overdue('c')}, 'facts', ${factObject('c', q.childFacts)}${linked}) order by c.created_at, c.id)
        from instances c ${context('c')}
        where c.county_id = ${q.countyId} and c.parent_id = i.id and c.definition_id = ${q.childDefinitionId}
      ), '[]'::jsonb) as children
    from instances i ${context('i')}
    where i.county_id = ${q.countyId} and i.definition_id = ${q.definitionId} and i.parent_id is null and ${inPeriod}
    order by i.created_at, i.id`.execute(db);
  return result.rows.map((r) => ({ id: r.id, state: r.state, overdueNow: Boolean(r.overdue_now), facts: r.facts, children: r.children }));
}
