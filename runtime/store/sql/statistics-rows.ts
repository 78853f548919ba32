/**
 * The rows the statistics of a process are computed from (runtime/statistics/): every
 * top-level instance of the process in the county and the period, with the facts its
 * catalogue declares (paths into the context), whether it has an open task past due now, and
 * the same for each of its child instances of the answering process. One statement; no lock
 * (a read of committed rows: figures are a snapshot at the statement's start).
 *
 * Indexes: the county's instances of the definition come from instances_register (county_id,
 * definition_id, created_at desc, id) where parent_id is null (migration 010) — the period is a
 * context value (submission date, term, session), so every row of the county's process is read
 * and filtered; each row's children from instances_parent (county_id, parent_id), their open
 * tasks from tasks_instance (county_id, instance_id).
 *
 * Measured (test/bench/statistics-explain.ts, see its header for the command): PostgreSQL 15,
 * one county with 3,000 suggestions in the year (3,600 assignments, ~1.6 kB of snapshot each)
 * among 6,000 of the county: MEASURED_HERE.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';

export interface FactPath {
  path: string;
  as?: 'value' | 'length';
}

export type PeriodFilter =
  | { kind: 'between'; path: string; from: Date; to: Date }
  | { kind: 'equal'; pairs: Array<{ path: string; value: string }> };

export interface StatisticsRowsQuery {
  countyId: string;
  definitionId: string;
  childDefinitionId: string;
  facts: Record<string, FactPath>;
  childFacts: Record<string, FactPath>;
  period: PeriodFilter;
  now: Date;
}

export interface StatisticsRow {
  id: string;
  state: string;
  overdueNow: boolean;
  facts: Record<string, unknown>;
  children: Array<{ id: string; state: string; overdueNow: boolean; facts: Record<string, unknown> }>;
}

const SAFE_PATH = /^context(\.[A-Za-z0-9_]+)+$/;
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** `<alias>.snapshot->'machine'->'context'` then the path's keys (array indexes are keys too). */
function at(alias: string, path: string, asText = false): RawBuilder<unknown> {
  if (!SAFE_PATH.test(path)) throw new Error(`statistics path ${path} is not a context path`);
  const keys = path.split('.').slice(1).join(',');
  return sql.raw(`(${alias}.snapshot->'machine'->'context' ${asText ? '#>>' : '#>'} '{${keys}}')`);
}

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
  const p = q.period;
  const inPeriod =
    p.kind === 'between'
      ? sql`(${at('i', p.path, true)})::timestamptz >= ${p.from} and (${at('i', p.path, true)})::timestamptz < ${p.to}`
      : sql.join(p.pairs.map((x) => sql`${at('i', x.path, true)} = ${x.value}`), sql` and `);
  const overdue = (alias: string) =>
    sql`exists (select 1 from tasks t where t.county_id = ${q.countyId} and t.instance_id = ${sql.ref(`${alias}.id`)} and t.status = 'open' and t.due_at < ${q.now})`;
  const result = await sql<{ id: string; state: string; overdue_now: boolean; facts: Record<string, unknown>; children: StatisticsRow['children'] }>`
    select i.id, i.state, ${overdue('i')} as overdue_now, ${factObject('i', q.facts)} as facts,
      coalesce((
        select jsonb_agg(jsonb_build_object('id', c.id, 'state', c.state, 'overdueNow', ${overdue('c')}, 'facts', ${factObject('c', q.childFacts)}) order by c.created_at, c.id)
        from instances c
        where c.county_id = ${q.countyId} and c.parent_id = i.id and c.definition_id = ${q.childDefinitionId}
      ), '[]'::jsonb) as children
    from instances i
    where i.county_id = ${q.countyId} and i.definition_id = ${q.definitionId} and i.parent_id is null and ${inPeriod}
    order by i.created_at, i.id`.execute(db);
  return result.rows.map((r) => ({ id: r.id, state: r.state, overdueNow: Boolean(r.overdue_now), facts: r.facts, children: r.children }));
}
