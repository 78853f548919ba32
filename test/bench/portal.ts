/**
 * W-portal, run by test/bench/run.ts against its server on real PostgreSQL: the county grows
 * to 10,000 suggestion instances (the bench's own, cloned with their tasks), then Chromium
 * opens the inbox and the process designer as staff and admin. Printed: milliseconds from
 * navigation start until the first useful content is on screen (the first inbox task, the
 * first state box of the diagram), beside the same-run baseline of the app's login screen
 * (the app booting with no data). Needs Debian's chromium; says so and stops when it is
 * missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const CHROMIUM = '/usr/lib/chromium/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function columns(client: pg.Pool, table: string): Promise<string[]> {
  const r = await client.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name = $1 order by ordinal_position`, [table]);
  return r.rows.map((row) => row.column_name);
}

/** Copies the county's top-level instances (and their tasks) until there are `target` of them. */
async function growTo(client: pg.Pool, target: number): Promise<number> {
  const count = async () => Number((await client.query<{ n: string }>(`select count(*) as n from instances where county_id = 'demo' and parent_id is null`)).rows[0]?.n ?? 0);
  const have = await count();
  if (have >= target) return have;
  const copies = Math.ceil((target - have) / have);
  const ic = await columns(client, 'instances');
  const tc = await columns(client, 'tasks');
  const pick = (cols: string[], overrides: Record<string, string>, prefix = '') => cols.map((c) => overrides[c] ?? `${prefix}${c}`).join(', ');
  await client.query(
    `insert into instances (${ic.join(', ')})
     select ${pick(ic, { id: `id || '-c' || g` })} from instances, generate_series(1, ${copies}) g
     where county_id = 'demo' and parent_id is null`,
  );
  await client.query(
    `insert into tasks (${tc.join(', ')})
     select ${pick(tc, { id: `t.id || '-c' || g`, instance_id: `t.instance_id || '-c' || g` }, 't.')}
     from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id, generate_series(1, ${copies}) g
     where t.county_id = 'demo' and i.parent_id is null`,
  );
  await client.query('analyze instances; analyze tasks');
  return count();
}

export async function portalBench(deps: { dbUrl: string; baseUrl: string; staff: string; admin: string }): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log('W-portal: skipped, Debian chromium is not installed (apt-get install chromium fonts-wqy-microhei)');
    return;
  }
  const client = new pg.Pool({ connectionString: deps.dbUrl, max: 1 });
  const instances = await growTo(client, 10_000);
  const openTasks = Number((await client.query<{ n: string }>(`select count(*) as n from tasks where county_id = 'demo' and status = 'open'`)).rows[0]?.n ?? 0);
  await client.end();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'cf-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    /** ms from navigation start until `selector` is visible, best of 3 (the first run also warms the server's caches). */
    const time = async (path: string, token: string | null, selector: string): Promise<number> => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        await page.goto(`${deps.baseUrl}/`);
        await page.evaluate((t) => (t ? localStorage.setItem('cf.token', t) : localStorage.removeItem('cf.token')), token);
        await page.goto(`${deps.baseUrl}${path}`);
        await page.locator(selector).first().waitFor({ state: 'visible', timeout: 30_000 });
        runs.push(await page.evaluate(() => performance.now()));
      }
      return Math.min(...runs);
    };
    const baseline = await time('/', null, 'form button[type="submit"]');
    const inbox = await time('/', deps.staff, '.card a');
    const designer = await time('/designer/suggestion', deps.admin, '[data-state]');
    console.log(`W-portal, ${instances} instances and ${openTasks} open tasks in the county (Chromium, 1280×800):`);
    console.log(`  baseline login screen (no data): ${baseline.toFixed(0)} ms`);
    console.log(`  inbox, first task on screen: ${inbox.toFixed(0)} ms (target < 1000)`);
    console.log(`  designer, first state of the diagram on screen: ${designer.toFixed(0)} ms (target < 1000)`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
