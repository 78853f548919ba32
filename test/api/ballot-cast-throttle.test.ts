/**
 * The limit on invalid sealed casts (runtime/store/cast-throttle.ts): 5 failed sealed ballots by
 * one deputy on one ballot within 10 minutes, then 429 TOO_MANY_INVALID_CASTS with Retry-After
 * and a Chinese message before anything of the ballot is looked at; nothing reaches the box;
 * other deputies cast as usual; the count lives in the database, so a second server process
 * (a second pool on PostgreSQL) refuses too; a burst in parallel gets 5 checks, not 50; a body
 * larger than the layout allows is 413 unread. The clock is simulated: no sleeping.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { ballotLayout, sealedCastMaxBytes, type SealedBallot } from '../../runtime/ballot/sealed/index.ts';
import type { BallotSpec } from '../../runtime/ballot/types.ts';
import { CAST_THROTTLE } from '../../runtime/store/index.ts';
import { createApp } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';
import { addDeputies, type TestDeputy } from '../support/deputies.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

// Proof checks of ~0.4 s each on a loaded 2-core box, on two databases.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const CANDIDATES = [
  { id: 'p1', title: '城区老旧小区加装电梯' },
  { id: 'p2', title: '农村饮用水提质工程' },
  { id: 'p3', title: '中小学校园AED全覆盖' },
];

/**
 * A sealed ballot whose last proof fails (two of its responses swapped): the right shape, and
 * the most expensive kind of failure, since every proof before it is checked first.
 */
const tampered = (s: SealedBallot): SealedBallot => {
  const last = s.proofs.at(-1)!;
  return { ...s, proofs: [...s.proofs.slice(0, -1), { c: last.c, s: [last.s[1]!, last.s[0]!, ...last.s.slice(2)] }] };
};

type Answer = { status: number; body: any; retryAfter: string | null; ms: number };

describeEachDatabase('invalid sealed casts are limited per deputy per ballot', (open) => {
  const handles: TestHandle[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0)) await h.close();
  });

  async function setup(count: number): Promise<{ h: TestHandle; w: WorkApp; staff: string; deputies: TestDeputy[]; sealed: SealedBallots; id: string }> {
    const h = await open();
    handles.push(h);
    const w = await workApp(h, '2026-01-15T01:00:00Z');
    await h.db.deleteFrom('deputies').where('county_id', '=', 'demo').execute();
    const deputies = await addDeputies(h.db, { countyId: 'demo', count, prefix: 'gd', clock: w.clock });
    const staff = await w.login('staff');
    const sealed = new SealedBallots(w, await tellersOf(w));
    const id = await sealed.createOpen(staff, { title: '民生实事项目票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 2 }, electorate: 'DEPUTIES' });
    return { h, w, staff, deputies, sealed, id };
  }

  /** A cast through `app` (the test's server, or a second one), with the Retry-After header and the time taken. */
  async function cast(app: WorkApp['app'], token: string, id: string, body: unknown): Promise<Answer> {
    const started = performance.now();
    const res = await app.request(`/api/ballots/${id}/votes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after'), ms: Math.round(performance.now() - started) };
  }

  it('5 invalid casts → 429 with Retry-After before any check, in every server process; nothing in the box; others cast; the lock ends after 10 minutes', async () => {
    const { h, w, staff, deputies, sealed, id } = await setup(4);
    const [a, b, c] = deputies as [TestDeputy, TestDeputy, TestDeputy];
    expect(CAST_THROTTLE).toEqual({ threshold: 5, windowSeconds: 600, lockSeconds: 600 });

    const bad = tampered(await sealed.seal(a.token, id, { p1: 'APPROVE' }));
    const failed: Answer[] = [];
    for (let i = 0; i < 5; i++) failed.push(await cast(w.app, a.token, id, { sealed: bad }));
    expect(failed.map((r) => [r.status, r.body.error.code])).toEqual(Array(5).fill([422, 'INVALID_SEALED_BALLOT']));

    // The sixth is refused before any proof is checked, even a valid ballot. (A ballot of the
    // wrong shape is still 422 at the shape check, which costs no more than the refusal.)
    const valid = await sealed.seal(a.token, id, { p1: 'APPROVE' });
    const refused = await cast(w.app, a.token, id, { sealed: valid });
    expect([refused.status, refused.body.error.code, refused.retryAfter]).toEqual([429, 'TOO_MANY_INVALID_CASTS', '600']);
    expect(refused.body.error.message).toMatch(/^您提交的加密选票多次未通过核验，请 10 分钟后再试/);
    expect(refused.body.error.details).toEqual({ retryAfterSeconds: 600 });
    expect((await cast(w.app, a.token, id, { sealed: { v: 1, ciphertexts: [], proofs: [] } })).body.error.details.errors[0].pointer).toBe('/sealed/ciphertexts');
    console.log(`invalid cast (proofs checked): ${failed.map((r) => r.ms).join(', ')} ms; refused (429): ${refused.ms} ms`);

    // Another server process (a second pool on PostgreSQL; a second app on PGlite) refuses too:
    // the count is in the database. Two minutes later the wait is two minutes shorter.
    const other = h.reopen ? await h.reopen() : h;
    const second = createApp({ db: other.db, dbKind: other.kind, secret: 'test-secret', clock: w.clock, extra: (api) => mountWorkRoutes(api, { db: other.db, rt: w.rt }) });
    w.clock.advance(120_000);
    const elsewhere = await cast(second, a.token, id, { sealed: valid });
    expect([elsewhere.status, elsewhere.retryAfter]).toEqual([429, '480']);

    // Nothing of deputy a is in the box, nor on the roll.
    const box = (await w.call(staff, 'GET', `/ballots/${id}/box`)).body;
    expect(box.ballots).toEqual([]);
    expect((await w.call(staff, 'GET', `/ballots/${id}`)).body.ballot.turnout).toBe(0);

    // Deputy b casts as usual, on either server: one deputy cannot lock out another.
    const byB = await cast(second, b.token, id, { sealed: await sealed.seal(b.token, id, { p2: 'APPROVE' }) });
    expect(byB.status, JSON.stringify(byB.body)).toBe(201);
    // Deputy c fails four times, then casts: a ballot that holds gives its check back.
    const badC = tampered(await sealed.seal(c.token, id, { p3: 'OPPOSE' }));
    for (let i = 0; i < 4; i++) expect((await cast(w.app, c.token, id, { sealed: badC })).status).toBe(422);
    const byC = await cast(w.app, c.token, id, { sealed: await sealed.seal(c.token, id, { p3: 'OPPOSE' }) });
    expect(byC.status, JSON.stringify(byC.body)).toBe(201);
    // Having voted, a further cast is 409 before any check (and counts nothing).
    expect((await cast(w.app, c.token, id, { sealed: badC })).body.error.code).toBe('ALREADY_VOTED');

    // Once the 10 minutes are over, deputy a casts.
    w.clock.advance(480_000);
    const late = await cast(w.app, a.token, id, { sealed: valid });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    expect((await w.call(staff, 'GET', `/ballots/${id}/box`)).body.ballots).toHaveLength(3);

    // Close forgets the counts: they would only say who once sent a bad ballot.
    expect(await h.db.selectFrom('ballot_cast_throttle').select('deputy_id').execute()).not.toEqual([]);
    const result = await sealed.closeAndPublish(staff, id);
    expect(result.tally).toMatchObject({ returned: 3 });
    expect(await h.db.selectFrom('ballot_cast_throttle').select('deputy_id').execute()).toEqual([]);
  });

  it('a burst of 12 invalid casts at once by one deputy gets 5 proof checks and 7 refusals; the count is per ballot', async () => {
    const { w, staff, deputies, sealed, id } = await setup(2);
    const [a] = deputies as [TestDeputy];
    const bad = tampered(await sealed.seal(a.token, id, { p1: 'APPROVE' }));
    const burst = await Promise.all(Array.from({ length: 12 }, () => cast(w.app, a.token, id, { sealed: bad })));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(422), ...Array(7).fill(429)]);
    // The same deputy on another ballot is not locked.
    const other = await sealed.createOpen(staff, { title: '县城公交线路优化方案表决', spec: { kind: 'FOR_AGAINST', candidates: [{ id: 'x', title: '方案一' }] }, electorate: 'DEPUTIES' });
    const fine = await cast(w.app, a.token, other, { sealed: await sealed.seal(a.token, other, { x: 'APPROVE' }) });
    expect(fine.status, JSON.stringify(fine.body)).toBe(201);
  });

  it('bounds a cast’s body by the layout (413 unread above it); bad shapes are 422 before the limit and not counted', async () => {
    const { w, deputies, sealed, id } = await setup(1);
    const [a] = deputies as [TestDeputy];
    const facts = await sealed.ballotFacts(a.token, id);
    const limit = sealedCastMaxBytes(ballotLayout(facts.spec as BallotSpec));
    const real = JSON.stringify({ sealed: await sealed.seal(a.token, id, { p1: 'APPROVE', p2: 'APPROVE' }) });
    // The bound is the real size plus an eighth and 1 KiB.
    expect(Buffer.byteLength(real)).toBeLessThan(limit);
    expect(limit).toBeLessThan(Buffer.byteLength(real) * 1.2 + 1024);
    // Bad shapes are refused at the shape check (no group arithmetic) and not counted.
    for (let i = 0; i < 8; i++) {
      const r = await cast(w.app, a.token, id, { sealed: { v: 1, ciphertexts: [{ a: 'x', b: 'y' }], proofs: [] } });
      expect([r.status, r.body.error.details.errors[0].pointer]).toEqual([422, '/sealed/ciphertexts']);
    }
    const padded = `{"sealed": ${' '.repeat(limit)}1}`;
    for (let i = 0; i < 6; i++) {
      const r = await cast(w.app, a.token, id, padded);
      expect([r.status, r.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    }
    expect((await cast(w.app, a.token, id, real)).status).toBe(201);
  });
});
