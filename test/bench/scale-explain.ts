/**
 * The statements behind the scale bench's reads (test/bench/scale.ts), explained on a kept store:
 *
 *   npx tsx test/bench/scale-explain.ts postgres://…/bench_scale_<pid> [inbox|page|register|dashboard]
 *
 * Serves each read once in process (the app's routes on app.request, as staff of the demo
 * county) to warm up, then again with every statement it sends captured, and prints for each
 * statement EXPLAIN (ANALYZE, BUFFERS)'s execution time, best of 3, slowest first, with the plan
 * of the slowest.
 */
import pg from 'pg';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, openPostgres } from '../../runtime/store/index.ts';
import { createApp } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: scale-explain.ts <database url of a kept scale store> [inbox|page|register|dashboard]');
const only = process.argv[3];
const captured: Array<{ text: string; values: unknown[] }> = [];
let capturing = false;
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
  const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
  if (capturing) {
    const text = typeof config === 'string' ? config : config.text;
    if (!/^\s*(begin|commit|rollback|set |select pg_advisory)/i.test(text)) captured.push({ text, values: (typeof config === 'string' ? values : config.values) ?? [] });
  }
  return original.apply(this, args);
};

const handle = openPostgres(url, 2);
const db = handle.db;
const rt = createRuntime({ clock: { now: () => new Date() } });
await rt.registry.registerFiles(db, readPackages());
const app = createApp({ db, dbKind: handle.kind, secret: 'explain-secret-explain-secret-explain', clock: { now: () => new Date() }, extra: (api) => mountWorkRoutes(api, { db, rt }) });
const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: 'demo' }) });
const token = ((await login.json()) as { token: string }).token;
const get = async (path: string) => {
  const res = await app.request(`/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  await res.text();
};
const client = new pg.Client({ connectionString: url });
await client.connect();
const someId = (await client.query<{ id: string }>(`select id from instances where county_id = 'demo' and definition_id = 'suggestion' and parent_id is null order by md5(id) limit 1`)).rows[0]!.id;
const reads: Record<string, string> = {
  inbox: '/tasks',
  page: `/instances/${encodeURIComponent(someId)}`,
  register: `/register?definition=suggestion&q=${encodeURIComponent('道路')}`,
  dashboard: '/statistics/suggestion?period=year:2026',
};
for (const [name, path] of Object.entries(reads)) {
  if (only && name !== only) continue;
  await get(path);
  captured.length = 0;
  capturing = true;
  const t = performance.now();
  await get(path);
  const wall = performance.now() - t;
  capturing = false;
  const explained: Array<{ ms: number; text: string; plan: string }> = [];
  for (const s of captured) {
    let best = Infinity;
    let plan = '';
    for (let i = 0; i < 3; i++) {
      const r = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.text}`, s.values);
      const lines = r.rows.map((x) => x['QUERY PLAN']);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(lines[lines.length - 1] ?? '')?.[1]);
      if (ms < best) {
        best = ms;
        plan = lines.join('\n');
      }
    }
    explained.push({ ms: best, text: s.text, plan });
  }
  explained.sort((a, b) => b.ms - a.ms);
  const sum = explained.reduce((a, e) => a + e.ms, 0);
  console.log(`${name} (GET /api${path}): ${wall.toFixed(1)} ms in process, ${explained.length} statements, ${sum.toFixed(1)} ms of execution in all`);
  for (const e of explained.slice(0, 5)) console.log(`  ${e.ms.toFixed(2)} ms  ${e.text.replace(/\s+/g, ' ').slice(0, 160)}`);
  if (explained[0]) console.log(explained[0].plan.replace(/^/gm, '    '));
}
await client.end();
await handle.close();
