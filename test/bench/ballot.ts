/**
 * W-ballot, run by test/bench/run.ts against its server on real PostgreSQL, for a sealed secret
 * ballot (10 candidates, choose 3: 21 indicators, 53 range proofs per ballot):
 *
 * - casts: DEPUTIES deputies each casting one sealed ballot over HTTP through the same client
 *   pool as the baselines (casts/s, p50, p99). The ballots are sealed beforehand by this load
 *   generator (the phones' work, printed per ballot); every timed cast is the server checking
 *   all the ballot's proofs, then the roll update and the box row in one transaction;
 * - counting: close (the aggregate is fixed), each teller's device reads the box, checks every
 *   ballot and recomputes the aggregate, and posts its partial decryption (printed: the teller's
 *   work, and the server checking it); publish (decrypt the sums, tally, write the result).
 *
 * Deputies and tellers are inserted with SQL and their tokens signed with the server's
 * TOKEN_SECRET, as a login would sign them (a login per deputy would mostly measure scrypt).
 */
import { randomBytes } from 'node:crypto';
import type { BallotMarks, BallotSpec } from '../../runtime/ballot/index.ts';
import { aggregate, makeTellerKey, partialDecrypt, sealBallot, verifySealedBallot, type SealedBallot } from '../../runtime/ballot/sealed/index.ts';
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

const DEPUTIES = 100;
const CANDIDATES = Array.from({ length: 10 }, (_, i) => ({ id: `c${String(i + 1).padStart(2, '0')}`, title: `候选项目${i + 1}` }));

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

const random = (n: number) => new Uint8Array(randomBytes(n));

function must(r: { status: number; json: Record<string, unknown> }, status: number, what: string): Record<string, unknown> {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** A sealed ballot with two tellers whose keys this generator holds, open. */
async function openSealedBallot(deps: BallotBenchDeps, title: string, tellers: Array<{ id: string; token: string }>): Promise<{ id: string; secrets: string[] }> {
  const created = must(await deps.call('/ballots', deps.staff, { title, spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 3 }, electorate: 'DEPUTIES', tellers: tellers.map((t) => t.id) }), 201, 'create ballot');
  const ballot = created.ballot as { id: string; tellerContext: string };
  const secrets: string[] = [];
  for (const t of tellers) {
    const { secret, key } = makeTellerKey(random, ballot.tellerContext);
    must(await deps.call(`/ballots/${ballot.id}/teller-key`, t.token, key), 200, 'teller key');
    secrets.push(secret);
  }
  must(await deps.call(`/ballots/${ballot.id}/open`, deps.staff, {}), 200, 'open ballot');
  return { id: ballot.id, secrets };
}

function marks(i: number): BallotMarks {
  return Object.fromEntries(CANDIDATES.filter((_, c) => (i + c) % 4 === 0).slice(0, 3).map((c) => [c.id, 'APPROVE']));
}

export async function ballotBench(deps: BallotBenchDeps, baselineTps: number): Promise<void> {
  const client = new pg.Pool({ connectionString: deps.dbUrl, max: 2 });
  try {
    const voters = await addDeputies(client, 1, DEPUTIES);
    const tellerIds = ['bt-teller-1', 'bt-teller-2'];
    await client.query(`insert into users (county_id, id, username, display_name, password_hash) select 'demo', id, id, id, '!no-password' from unnest($1::text[]) as id`, [tellerIds]);
    await client.query(`insert into user_roles (county_id, user_id, role) select 'demo', id, 'staff' from unnest($1::text[]) as id`, [tellerIds]);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const signFor = (id: string) => sign({ sub: id, cty: 'demo', exp }, deps.secret, 'HS256');
    const tokens = await Promise.all(voters.map(signFor));
    const tellers = await Promise.all(tellerIds.map(async (id) => ({ id, token: await signFor(id) })));
    const ballot = await openSealedBallot(deps, 'W-ballot 加密投票', tellers);
    const box0 = must(await deps.call(`/ballots/${ballot.id}/box`, tellers[0]!.token), 200, 'box');
    const spec = box0.spec as BallotSpec;
    const [jointKey, context] = [box0.jointKey as string, box0.context as string];

    // The phones' work, not timed as casts: seal every deputy's ballot here.
    const sealStart = performance.now();
    const sealed: SealedBallot[] = voters.map((_, i) => sealBallot(spec, jointKey, marks(i), random, context));
    const sealMs = (performance.now() - sealStart) / voters.length;

    const run = await deps.pool(
      tokens.map((token, i) => ({ token, i })),
      deps.clients,
      async ({ token, i }) => {
        must(await deps.call(`/ballots/${ballot.id}/votes`, token, { sealed: sealed[i] }), 201, 'cast');
      },
    );
    const rate = voters.length / run.seconds;
    console.log(`W-ballot sealed casts over HTTP (10 candidates, choose 3; every cast's 53 proofs checked), ${deps.clients} clients, ${voters.length} deputies:`);
    console.log(`  sealing on the "phone": ${sealMs.toFixed(0)} ms per ballot (load generator)`);
    console.log(`  ${rate.toFixed(1)} casts/s, p50 ${deps.percentile(run.ms, 50).toFixed(1)} ms, p99 ${deps.percentile(run.ms, 99).toFixed(1)} ms`);
    console.log(`  ratio to pgbench -N TPS: ${(rate / baselineTps).toFixed(3)}`);

    const closeMs = await timed(async () => must(await deps.call(`/ballots/${ballot.id}/close`, deps.staff, {}), 200, 'close'));
    // Each teller's device: read the box, check every ballot, recompute the aggregate, decrypt, post.
    let checkMs = 0;
    let postMs = 0;
    for (const [n, t] of tellers.entries()) {
      const t0 = performance.now();
      const box = must(await deps.call(`/ballots/${ballot.id}/box`, t.token), 200, 'box');
      const ballots = (box.ballots as Array<{ sealed: SealedBallot }>).map((b) => b.sealed);
      for (const b of ballots) if (!verifySealedBallot(spec, jointKey, b, context).ok) throw new Error('a ballot in the box does not verify');
      const agg = aggregate(spec, ballots);
      const share = partialDecrypt(ballot.secrets[n]!, agg, random, context);
      checkMs += performance.now() - t0;
      postMs += await timed(async () => must(await deps.call(`/ballots/${ballot.id}/decryption`, t.token, share), 200, 'decryption'));
    }
    let returned = 0;
    const publishMs = await timed(async () => {
      const r = must(await deps.call(`/ballots/${ballot.id}/publish`, deps.staff, {}), 200, 'publish');
      returned = (r.result as { tally: { returned: number } }).tally.returned;
    });
    console.log(`  close (fix the aggregate of ${voters.length}): ${closeMs.toFixed(0)} ms`);
    console.log(`  a teller's device: read the box, check ${voters.length} ballots, recompute the aggregate, decrypt: ${(checkMs / tellers.length).toFixed(0)} ms; the server checking a decryption: ${(postMs / tellers.length).toFixed(0)} ms`);
    console.log(`  publish (decrypt the sums of ${returned} ballots, tally, write the result, step the process): ${publishMs.toFixed(0)} ms`);
  } finally {
    await client.end();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
