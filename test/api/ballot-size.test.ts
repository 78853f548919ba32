/**
 * A sealed ballot whose cast could not reach the server (past the 1 MiB body limit: a ranked
 * layout grows as n²) is refused when it is created, with the reason at the candidates and
 * nothing written; a real-name ballot of the same candidates is fine. A huge ranked list is
 * refused without building its layout.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const candidates = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}`, title: `候选项目${i + 1}` }));

describe.each(databases)('the size of a sealed ballot on $name', ({ open }) => {
  let handle: TestHandle;
  let w: WorkApp;
  afterAll(async () => handle?.close());

  it('refuses a sealed ranked ballot too large to cast (400 at /spec/candidates, nothing written); 20 ranked and a real-name 40 are created', async () => {
    handle = await open();
    w = await workApp(handle);
    const staff = await w.login('staff');
    const count = async () => (await w.call(staff, 'GET', '/ballots')).body.ballots.length as number;
    const before = await count();

    const big = await w.call(staff, 'POST', '/ballots', { title: '排序票决（40项）', spec: { kind: 'CHOOSE_K', candidates: candidates(40), seats: 10, countRule: 'RANKED' }, electorate: 'DEPUTIES' });
    expect(big.status, JSON.stringify(big.body)).toBe(400);
    expect(big.body.error.code).toBe('BALLOT_TOO_LARGE_TO_SEAL');
    expect(big.body.error.details.errors[0].pointer).toBe('/spec/candidates');
    expect(big.body.error.details.errors[0].message).toMatch(/40 个候选项的加密选票约 \d+ KB，超出手机可提交的 1024 KB/);
    expect(await count()).toBe(before);

    const t0 = performance.now();
    const huge = await w.call(staff, 'POST', '/ballots', { title: '排序票决（5000项）', spec: { kind: 'CHOOSE_K', candidates: candidates(5000), seats: 10, countRule: 'RANKED' }, electorate: 'DEPUTIES' });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe('BALLOT_TOO_LARGE_TO_SEAL');
    expect(performance.now() - t0).toBeLessThan(20_000);

    const twenty = await w.call(staff, 'POST', '/ballots', { title: '排序票决（20项）', spec: { kind: 'CHOOSE_K', candidates: candidates(20), seats: 10, countRule: 'RANKED' }, electorate: 'DEPUTIES' });
    expect(twenty.status, JSON.stringify(twenty.body)).toBe(201);
    const named = await w.call(staff, 'POST', '/ballots', { title: '实名排序票决（40项）', secret: false, spec: { kind: 'CHOOSE_K', candidates: candidates(40), seats: 10, countRule: 'RANKED' }, electorate: 'DEPUTIES' });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect(await count()).toBe(before + 2);
  }, 180_000);
});
