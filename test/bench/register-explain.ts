/**
 * EXPLAIN ANALYZE of the register's statement (runtime/store/sql/register.ts) on a bench
 * database kept with BENCH_KEEP_DB=1: `npx tsx test/bench/register-explain.ts postgres://…/bench_w1_NNN`.
 * Prints the plan's execution time for the cases whose figures sql/register.ts records.
 */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Actor } from '../../runtime/engine/index.ts';
import { readPackages } from '../../runtime/definition-files.ts';
import type { Database } from '../../runtime/store/index.ts';
import { registerSpec } from '../../runtime/store/register-query.ts';
import { selectRegisterPage, type RegisterQuery } from '../../runtime/store/sql/register.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: register-explain.ts <database url>');
const pool = new pg.Pool({ connectionString: url, max: 1 });
let captured: CompiledQuery | undefined;
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (e) => void (captured = e.query as CompiledQuery) });
const pkg = readPackages().find((p) => p.id === 'suggestion')!;
const staff: Actor = { id: 'demo-staff', roles: ['staff'], unitId: null };
const unit: Actor = { id: 'demo-unit1', roles: ['unit'], unitId: 'unit-housing' };
const base: RegisterQuery = {
  countyId: 'demo', definitionId: 'suggestion', childProcess: false, actor: staff, spec: registerSpec(pkg), filters: {},
  order: 'desc', limit: 50, offset: 0, lang: 'zh', stateOrder: Object.keys(pkg.machine.states), timeZone: 'Asia/Shanghai',
};
const cases: Array<[string, Partial<RegisterQuery>]> = [
  ['first page, newest first', {}],
  ['page 200 (offset 9,950)', { offset: 9950 }],
  ['search by serial number', { filters: { q: '十八届一次-00042' } }],
  ['search by the lead deputy’s name', { filters: { q: '李秀英' } }],
  ['sort by serial number', { sort: 'serialNo', order: 'asc' }],
  ['sort by due date (tasks of every row)', { sort: 'due', order: 'asc' }],
  ['filter unit + overdue', { filters: { unit: 'unit-housing', overdue: false } }],
  ['unit clerk, first page', { actor: unit }],
];
for (const [name, change] of cases) {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await selectRegisterPage(db, { ...base, ...change });
    const q = captured!;
    const plan = await pool.query(`explain (analyze, format json) ${q.sql}`, q.parameters as unknown[]);
    times.push((plan.rows[0]['QUERY PLAN'][0] as { 'Execution Time': number })['Execution Time']);
    if (i === 0) console.log(`${name}: ${r.total} rows`);
  }
  console.log(`  execution ${Math.min(...times).toFixed(1)} ms (best of 3; ${times.map((t) => t.toFixed(1)).join(', ')})`);
}
await db.destroy();
