/**
 * One page of a process's register (台账) and the number of rows it has, in one statement.
 * No lock (a read).
 *
 * Shape: `base` is the county's instances of the process (top-level ones; every one for a
 * child-only process such as 民生实事项目) that the caller may see and that pass the filters;
 * `page` sorts them and cuts the page; names (users, units) and the due date / overdue flag of
 * the instance's tasks and its child processes' are then looked up for the page's rows only —
 * unless the sort or a filter needs them for every row, then in `base`.
 *
 * Indexes: instances_register (county_id, definition_id, created_at desc, id) where parent_id is
 * null (migration 010) serves the default order (newest first) of a top-level register;
 * instances_list (county_id, definition_id, updated_at desc) a child-only one; the due/overdue
 * lookups of a page's rows use instances_parent (county_id, parent_id) and tasks_instance
 * (county_id, instance_id), the grouped pass for a due/overdue sort or filter scans the
 * county's tasks (tasks_instance's leading column); names the primary keys of users and units. A search, a filter on the context
 * or a sort on a column reads every row of the process (a scan of the county's rows of that
 * definition): the context is data of the package, so it has no index of its own.
 *
 * Measured with EXPLAIN ANALYZE (test/bench/register-explain.ts on the database `npm run bench`
 * keeps with BENCH_ONLY=register BENCH_KEEP_DB=1): PostgreSQL, 12,000 suggestions (6,000 with a
 * serial number, ~1.3 kB of snapshot each) and their tasks, staff, 50 rows per page, best of 3,
 * on the shared 2-core box with a load average of ~15 (other work running; idle it is several
 * times faster — a bare count of the 12,000 rows took 3–150 ms depending on the moment):
 * - first page, newest first: 18 ms; page 200 (offset 9,950): 18 ms
 * - search by serial number (十八届一次-00042): 34 ms; by a deputy's name: 61 ms
 * - sort by serial number: 29 ms; by due date (every row's tasks): 56 ms
 * - unit filter + overdue: 42 ms; a unit clerk's first page (the visibility set): 48 ms
 * Tried and dropped: reading each row's context once through a LATERAL … OFFSET 0 (to avoid
 * extracting from the snapshot two or three times) was 2–3× slower in alternating runs (the
 * snapshots are small enough to be stored inline, so each extraction is cheap); computing the
 * due date per row with a lookup for every row (356 ms) instead of one grouped pass (`treeAll`).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor, RegisterColumn, RegisterSpec } from '../../engine/index.ts';
import type { Database } from '../schema.ts';
import { maySeeInstanceAmongSql } from '../task-access.ts';

export interface RegisterFilterValues {
  term?: string;
  session?: string;
  year?: number;
  category?: string;
  unit?: string;
  /** A top-level state id of the process: the instances in it or in one of its children. */
  state?: string;
  overdue?: boolean;
  /** True: 重点督办 items only; false: the others. */
  key?: boolean;
  /** Words of the search box, looked for in the register's search columns. */
  q?: string;
  /** Only these instances (a statistic's drill-down, runtime/store/statistics.ts). */
  ids?: string[];
}

export interface RegisterQuery {
  countyId: string;
  definitionId: string;
  /** True for a child-only process: its instances are never top-level. */
  childProcess: boolean;
  actor: Actor;
  spec: RegisterSpec;
  filters: RegisterFilterValues;
  /** A column key; default: newest first. */
  sort?: string;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  lang: 'zh' | 'en';
  /** The process's top-level state ids in the order of the machine, for sorting by state. */
  stateOrder: string[];
  /** The county's time zone, for the year filter on the start time. */
  timeZone: string;
}

export interface RegisterRow {
  id: string;
  title: string;
  state: string;
  definition_hash: string;
  created_at: Date;
  due_at: Date | null;
  overdue: boolean;
  /** Per column key: its raw text (path kinds) or names (user/unit kinds). */
  cells: Record<string, string | null>;
}

const SAFE_PATH = /^context(\.[A-Za-z0-9_]+)+$/;

/** `i.snapshot->'machine'->'context'` then the path's keys, as jsonb (`#>`) or text (`#>>`). */
function at(path: string, asText: boolean): RawBuilder<unknown> {
  if (!SAFE_PATH.test(path)) throw new Error(`register path ${path} is not a context path`);
  const keys = path.split('.').slice(1).join(',');
  return sql.raw(`(i.snapshot->'machine'->'context' ${asText ? '#>>' : '#>'} '{${keys}}')`);
}

/** A jsonb value as a list (a scalar is a list of one; null, missing or an object: none). */
function asList(path: string): RawBuilder<unknown> {
  const v = at(path, false);
  return sql`(case jsonb_typeof(${v}) when 'array' then ${v} when 'string' then jsonb_build_array(${v}) else '[]'::jsonb end)`;
}

function nameExpr(col: RegisterColumn, q: RegisterQuery): RawBuilder<unknown> {
  const path = col.path as string;
  const sep = q.lang === 'zh' ? '、' : ', ';
  const unitName = q.lang === 'zh' ? sql`u.name` : sql`coalesce(u.name_en, u.name)`;
  switch (col.kind) {
    case 'user':
      return sql`(select u.display_name from users u where u.county_id = ${q.countyId} and u.id = ${at(path, true)})`;
    case 'users':
      return sql`(select string_agg(coalesce(u.display_name, e.v), ${sep} order by e.n) from jsonb_array_elements_text(${asList(path)}) with ordinality e(v, n)
        left join users u on u.county_id = ${q.countyId} and u.id = e.v)`;
    case 'unit':
      return sql`(select ${unitName} from units u where u.county_id = ${q.countyId} and u.id = ${at(path, true)})`;
    case 'units':
      return sql`(select string_agg(coalesce(${unitName}, e.v), ${sep} order by e.n) from jsonb_array_elements_text(${asList(path)}) with ordinality e(v, n)
        left join units u on u.county_id = ${q.countyId} and u.id = e.v)`;
    default:
      return at(path, true);
  }
}

const NAME_KINDS = new Set(['user', 'users', 'unit', 'units']);

/**
 * The due date of the open tasks and the overdue flag of all tasks of every instance of the
 * process and of their child processes, as one grouped pass over the county's tasks — for a
 * sort or filter that needs them on every row (a lookup per row cost 356 ms at 12,000).
 */
const treeAll = (countyId: string, definitionId: string) => sql`left join (
    select coalesce(x.parent_id, t.instance_id) as root_id,
      min(t.due_at) filter (where t.status = 'open') as due_at, coalesce(bool_or(t.overdue), false) as overdue
    from tasks t join instances x on x.county_id = t.county_id and x.id = t.instance_id
    where t.county_id = ${countyId} and (x.definition_id = ${definitionId} or x.parent_id is not null)
    group by 1
  ) tree on tree.root_id = i.id`;

/** The due date of the open tasks and the overdue flag of all tasks of the instance `i` and of its child processes. */
const tree = (countyId: string) => sql`left join lateral (
    select min(t.due_at) filter (where t.status = 'open') as due_at, coalesce(bool_or(t.overdue), false) as overdue
    from tasks t
    where t.county_id = ${countyId} and t.instance_id in (select i.id union all select c.id from instances c where c.county_id = ${countyId} and c.parent_id = i.id)
  ) tree on true`;

function likePattern(words: string): string {
  return `%${words.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
}

export async function selectRegisterPage(db: Kysely<Database>, q: RegisterQuery): Promise<{ total: number; rows: RegisterRow[] }> {
  const cols = q.spec.columns;
  const byKey = new Map(cols.map((c) => [c.key, c]));
  const f = q.filters;
  const spec = q.spec.filters ?? {};
  const sortCol = q.sort ? byKey.get(q.sort) : undefined;
  const needTreeInBase = f.overdue !== undefined || sortCol?.kind === 'due' || sortCol?.kind === 'overdue';

  const where: RawBuilder<unknown>[] = [
    sql`i.county_id = ${q.countyId}`,
    sql`i.definition_id = ${q.definitionId}`,
    q.childProcess ? sql`true` : sql`i.parent_id is null`,
    maySeeInstanceAmongSql(q.actor, q.countyId, 'i'),
  ];
  if (f.term !== undefined && spec.term) where.push(sql`${at(spec.term, true)} = ${f.term}`);
  if (f.session !== undefined && spec.session) where.push(sql`${at(spec.session, true)} = ${f.session}`);
  if (f.category !== undefined && spec.category) where.push(sql`${at(spec.category, true)} = ${f.category}`);
  if (f.unit !== undefined && spec.unit) where.push(sql`${asList(spec.unit)} @> jsonb_build_array(${f.unit}::text)`);
  if (f.year !== undefined) {
    where.push(spec.year ? sql`${at(spec.year, false)} = to_jsonb(${f.year}::int)` : sql`extract(year from i.created_at at time zone ${q.timeZone}) = ${f.year}`);
  }
  if (f.state !== undefined) where.push(sql`(i.state = ${f.state} or i.state like ${`${f.state}.%`})`);
  if (f.key !== undefined && spec.key) {
    const inKey = sql`${at(spec.key.path, true)} in (${sql.join(spec.key.values)})`;
    where.push(f.key ? sql`coalesce(${inKey}, false)` : sql`not coalesce(${inKey}, false)`);
  }
  if (f.ids !== undefined) where.push(sql`i.id in (select jsonb_array_elements_text(${JSON.stringify(f.ids)}::jsonb))`);
  if (f.overdue !== undefined) where.push(sql`coalesce(tree.overdue, false) = ${f.overdue}`);
  if (f.q) {
    const pattern = likePattern(f.q);
    const searched = (q.spec.search ?? ['title']).map((key) => byKey.get(key)).filter((c): c is RegisterColumn => c !== undefined);
    const any = searched.map((c) => {
      if (c.kind === 'title') return sql`i.title ilike ${pattern}`;
      if (c.kind === 'user') {
        return sql`${at(c.path as string, true)} in (select u.id from users u where u.county_id = ${q.countyId} and u.display_name ilike ${pattern})`;
      }
      return sql`${at(c.path as string, true)} ilike ${pattern}`;
    });
    where.push(any.length > 0 ? sql`(${sql.join(any, sql` or `)})` : sql`false`);
  }

  // The sort key of a column: numbers as numbers, states in the machine's order, names by name.
  const sortExpr = (c: RegisterColumn): RawBuilder<unknown> => {
    switch (c.kind) {
      case 'title':
        return sql`i.title`;
      case 'state':
        return sql`array_position(${sql.raw(`array[${q.stateOrder.map((s) => `'${s.replace(/'/g, "''")}'`).join(',') || "''"}]::text[]`)}, split_part(split_part(i.state, ',', 1), '.', 1))`;
      case 'created':
        return sql`i.created_at`;
      case 'due':
        return sql`tree.due_at`;
      case 'overdue':
        return sql`coalesce(tree.overdue, false)`;
      case 'number':
        return sql`(case when jsonb_typeof(${at(c.path as string, false)}) = 'number' then (${at(c.path as string, true)})::numeric end)`;
      default:
        return NAME_KINDS.has(c.kind ?? 'text') ? nameExpr(c, q) : at(c.path as string, true);
    }
  };
  const dir = q.order === 'asc' ? sql`asc` : sql`desc`;
  // The sort key leaves `base` as `sort_key`; ties go newest first, then by id, so pages never overlap.
  const sortKey = sortCol ? sortExpr(sortCol) : sql`i.created_at`;
  const order = (alias: string) =>
    sortCol
      ? sql`${sql.ref(`${alias}.sort_key`)} ${dir} nulls last, ${sql.ref(`${alias}.created_at`)} desc, ${sql.ref(`${alias}.id`)}`
      : sql`${sql.ref(`${alias}.created_at`)} ${dir}, ${sql.ref(`${alias}.id`)} ${dir}`;

  const cells = cols
    .filter((c) => c.path !== undefined)
    .map((c) => sql`${NAME_KINDS.has(c.kind ?? 'text') ? nameExpr(c, q) : at(c.path as string, true)} as ${sql.ref(`c_${c.key}`)}`);

  const result = await sql<Record<string, unknown>>`
    with base as (
      select i.id, i.created_at, ${sortKey} as sort_key${needTreeInBase ? sql`, tree.due_at, coalesce(tree.overdue, false) as overdue` : sql``}
      from instances i ${needTreeInBase ? (q.childProcess ? tree(q.countyId) : treeAll(q.countyId, q.definitionId)) : sql``}
      where ${sql.join(where, sql` and `)}
    ),
    page as (
      select * from base order by ${order('base')} limit ${q.limit} offset ${q.offset}
    ),
    counted as (select count(*) as total from base)
    select counted.total, i.id, i.title, i.state, i.definition_hash, i.created_at, tree.due_at, tree.overdue
      ${cells.length > 0 ? sql`, ${sql.join(cells)}` : sql``}
    from counted left join (
      page join instances i on i.county_id = ${q.countyId} and i.id = page.id
      ${needTreeInBase ? sql`cross join lateral (select page.due_at, page.overdue) tree` : tree(q.countyId)}
    ) on true
    order by ${order('page')}`.execute(db);
  const total = Number(result.rows[0]?.total ?? 0);
  return { total, rows: result.rows.filter((r) => r.id !== null && r.id !== undefined).map((r) => ({
    id: r.id as string,
    title: r.title as string,
    state: r.state as string,
    definition_hash: r.definition_hash as string,
    created_at: new Date(r.created_at as string),
    due_at: r.due_at === null || r.due_at === undefined ? null : new Date(r.due_at as string),
    overdue: Boolean(r.overdue),
    cells: Object.fromEntries(cols.filter((c) => c.path !== undefined).map((c) => [c.key, (r[`c_${c.key}`] as string | null) ?? null])),
  })) };
}
