/**
 * W-ballot, run by test/bench/run.ts against its server on real PostgreSQL:
 *
 * - casts: 1,000 deputies each casting once over HTTP through the same client pool as the
 *   baselines (casts/s, p50, p99); every cast is a roll update plus a pending row, and every
 *   20th cast also moves a batch to the box;
 * - close: a ballot whose 10,000 votes are already cast (written straight into the roll and
 *   the pending pool, as 10,000 casts would leave them) is closed over HTTP: all pending votes
 *   move to the box in shuffled order, the box is counted, the ballot list hashed, the result
 *   written. Printed in ms.
 *
 * Deputies are inserted with SQL and their tokens signed with the server's TOKEN_SECRET, as a
 * login would sign them (a login per deputy would mostly measure scrypt).
 */
import { randomBytes } from 'node:crypto';
import { sign } from 'hono/jwt';
import pg from 'pg';

export interface BallotBenchDeps {
  dbUrl: string;
  secret: string;
  clients: number;
  call: (path: string, token: string | null, body?: unknown) => Promise<{ status: number; json: Record<string, unknown> }>;
  pool: <T>(items: T[], n: number, work: (item: T) => Promise<void>) => Promise<{ ms: number[]; seconds: number }>;
  percentile: (sorted: number[], p: number) => number;
  staff: string;
}

const CANDIDATES = Array.from({ length: 15 }, (_, i) => ({ id: `c${String(i + 1).padStart(2, '0')}`, title: `候选项目${i + 1}` }));

async function addDeputies(client: pg.Pool, from: number, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `bd${String(from + i).padStart(5, '0')}`);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await client.query(`insert into users (county_id, id, username, display_name, password_hash) select 'demo', id, id, id, '!no-password' from unnest($1::text[]) as id`, [chunk]);
    await client.query(`insert into user_roles (county_id, user_id, role) select 'demo', id, 'deputy' from unnest($1::text[]) as id`, [chunk]);
    await client.query(`insert into deputies (county_id, user_id, name) select 'demo', id, id from unnest($1::text[]) as id`, [chunk]);
  }
  return ids;
}

async function openBallot(deps: BallotBenchDeps, title: string): Promise<string> {
  const created = await deps.call('/ballots', deps.staff, { title, spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 12 }, electorate: 'DEPUTIES' });
  if (created.status !== 201) throw new Error(`create ballot: ${created.status} ${JSON.stringify(created.json)}`);
  const id = (created.json.ballot as { id: string }).id;
  const opened = await deps.call(`/ballots/${id}/open`, deps.staff, {});
  if (opened.status !== 200) throw new Error(`open ballot: ${opened.status} ${JSON.stringify(opened.json)}`);
  return id;
}

function marks(i: number): Record<string, string> {
  return Object.fromEntries(CANDIDATES.filter((_, c) => (i + c) % 5 !== 0).slice(0, 12).map((c) => [c.id, 'APPROVE']));
}

export async function ballotBench(deps: BallotBenchDeps, baselineTps: number): Promise<void> {
  const client = new pg.Pool({ connectionString: deps.dbUrl, max: 2 });
  try {
    // Casts: 1,000 deputies over HTTP.
    const voters = await addDeputies(client, 1, 1000);
    // As the server signs them: issued now, token version 0 (new users), within its 12 h lifetime.
    const iat = Math.floor(Date.now() / 1000);
    const tokens = await Promise.all(voters.map((id) => sign({ sub: id, cty: 'demo', ver: 0, iat, exp: iat + 3600 }, deps.secret, 'HS256')));
    const castBallot = await openBallot(deps, 'W-ballot 投票');
    const run = await deps.pool(
      tokens.map((token, i) => ({ token, i })),
      deps.clients,
      async ({ token, i }) => {
        const r = await deps.call(`/ballots/${castBallot}/votes`, token, { marks: marks(i) });
        if (r.status !== 201) throw new Error(`cast: ${r.status} ${JSON.stringify(r.json)}`);
      },
    );
    const rate = voters.length / run.seconds;
    console.log(`W-ballot casts over HTTP, ${deps.clients} clients, ${voters.length} deputies:`);
    console.log(`  ${rate.toFixed(0)} casts/s, p50 ${deps.percentile(run.ms, 50).toFixed(1)} ms, p99 ${deps.percentile(run.ms, 99).toFixed(1)} ms`);
    console.log(`  ratio to pgbench -N TPS: ${(rate / baselineTps).toFixed(2)}`);
    const closeSmall = await timed(() => deps.call(`/ballots/${castBallot}/close`, deps.staff, {}));
    console.log(`  close + tally of ${voters.length} votes: ${closeSmall.toFixed(0)} ms`);

    // Close: 10,000 votes already cast.
    await addDeputies(client, 1001, 9000);
    const big = await openBallot(deps, 'W-ballot 计票');
    await client.query(`update ballot_voters set voted = true where county_id = 'demo' and ballot_id = $1 and deputy_id like 'bd%'`, [big]);
    for (let i = 0; i < 10_000; i += 1000) {
      const rows = Array.from({ length: 1000 }, (_, j) => [randomBytes(16).toString('hex'), randomBytes(8).toString('hex'), JSON.stringify(marks(i + j))]);
      await client.query(
        `insert into ballot_pending (county_id, ballot_id, id, receipt, marks)
         select 'demo', $1, r.id, r.receipt, r.marks::jsonb from unnest($2::text[], $3::text[], $4::text[]) as r(id, receipt, marks)`,
        [big, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
      );
    }
    let returned = 0;
    const ms = await timed(async () => {
      const r = await deps.call(`/ballots/${big}/close`, deps.staff, {});
      if (r.status !== 200) throw new Error(`close: ${r.status} ${JSON.stringify(r.json)}`);
      returned = ((r.json.result as { tally: { returned: number } }).tally).returned;
    });
    console.log(`  close + tally of ${returned} votes (move to the box shuffled, count, hash the list, write the result): ${ms.toFixed(0)} ms`);
  } finally {
    await client.end();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
