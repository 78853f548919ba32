/**
 * Deputies' performance points (issue 15 item 4, §8 participation events) over HTTP, on PGlite and
 * PostgreSQL: a year of deputy 王建国's work across processes — suggestions as lead and as
 * co-signer driven through the engine, one made a key item, one proposal revised so `registered`
 * is entered twice, a withdrawn one, the 民生实事 ballot — plus his own claims reviewed in two
 * steps (one rejected, one corrected), yields exactly the entries and the total the rule table
 * gives; a county overlay changes a value for new entries only; bad input is a 4xx with nothing
 * written; the quarterly ranking of 200 deputies matches an independent computation, and a
 * published table stays as published.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { addDeputies } from '../support/deputies.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { suggestionDriver } from '../support/suggestion-driver.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';
import { Authenticator } from '../../server/auth.ts';

type Json = any;
const D1 = 'demo-deputy1';
const D2 = 'demo-deputy2';
const D3 = 'demo-deputy3';

const candidate = (id: string, name: string) => ({
  id,
  name,
  domain: 'HOUSING',
  content: `${name}：建设内容详见可行性研究报告。`,
  totalInvestment: 1200,
  fundingSource: 'COUNTY_BUDGET',
  responsibleUnitId: 'unit-housing',
  completionDate: '2026-11-30',
});
const IDEA = { domain: 'HEALTH', need: '群众反映看病难。', proposerType: 'CITIZEN', proposerName: '赵敏', contact: '13800000000', channel: 'STATION', title: '乡镇卫生院设备更新' };

async function entryCount(w: WorkApp): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from point_entries`.execute(w.handle.db);
  return Number(r.rows[0]!.n);
}

/** The livelihood vote to its ballot, deputies 1–3 casting (4 and 5 stay away). */
async function ballotYear(w: WorkApp) {
  const { token, act } = taskDriver(w);
  const started = await w.call(await token('staff'), 'POST', '/definitions/livelihood-vote/instances', { data: { year: 2026, seats: 2, collectionEnd: '2026-04-30' } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const vote = started.body.id as string;
  await act('staff', vote, 'RECORD_IDEA', IDEA);
  await act('staff', vote, 'CLOSE_COLLECTION');
  await act('staff', vote, 'SHORTLIST', {});
  await act('staff', vote, 'PROPOSE_CANDIDATES', { candidates: [candidate('01', '老旧小区改造'), candidate('02', '公共场所AED配置'), candidate('03', '小学课后托管服务')] });
  await act('leader', vote, 'APPROVE_LIST', { opinion: '同意提请大会票决。' });
  await act('staff', vote, 'ADOPT_VOTING_RULES', { adoptedOn: '2026-05-10', reportDelivered: true });
  const ballots = (await w.call(await token('staff'), 'GET', `/ballots?instance=${vote}`)).body.ballots as Array<{ id: string; status: string }>;
  const id = ballots.find((b) => b.status === 'ready')!.id;
  const sealed = new SealedBallots(w, await tellersOf(w));
  await sealed.prepare(await token('staff'), id);
  await sealed.open(await token('staff'), id);
  const auth = new Authenticator({ db: w.handle.db, secret: 'test-secret', clock: w.clock });
  for (const deputy of [D1, D2, D3]) {
    const t = await auth.issueToken({ id: deputy, countyId: 'demo' });
    expect((await sealed.cast(t, id, { '01': 'APPROVE', '02': 'APPROVE' })).status).toBe(201);
  }
  await sealed.closeAndPublish(await token('staff'), id);
  return vote;
}

describe.each(databases)('deputies’ points ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('a year across processes yields exactly the rule table’s entries and total; an overlay applies to new entries only; bad input writes nothing', { timeout: 600_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-02-02T01:00:00Z');
    const { token, act, start, forget } = suggestionDriver(w.call, (u) => w.login(u));
    const rules: Json = (await w.call(await token('deputy1'), 'GET', '/points/rules')).body;
    const points = (code: string) => rules.rules.find((r: Json) => r.code === code).points as number;
    expect(rules.version).toBe(0);
    expect(rules.rules.map((r: Json) => r.code)).toContain('STATION_RECEPTION');
    for (const r of rules.rules) expect([r.title, r.title_en, rules.units[r.unit].title].every((t: string) => t.length > 0)).toBe(true);

    // S1 (February): 王建国 leads, 李秀英 and 张伟 co-sign; registered, then made a key item (主任会议成员领衔督办).
    const s1 = await start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH', coSignerIds: [D2, D3] });
    expect(await entryCount(w)).toBe(0); // submitted is not registered
    await act('staff', s1, 'ACCEPT', { categoryCode: 'EDU_SCI_CULT_HEALTH_SPORT' });
    await act('staff', s1, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'KEY_CHAIR' });
    await act('staff', s1, 'APPROVE_ASSIGNMENT', {});

    // S2 (March): 李秀英 leads, 王建国 co-signs; its assignment is revised, so `registered` is entered twice: still one entry per cause.
    w.clock.set('2026-03-10T02:00:00Z');
    forget();
    const s2 = await start('deputy2', { origin: 'RECESS', sourceCode: 'CONSTITUENT', coSignerIds: [D1] });
    await act('staff', s2, 'ACCEPT', { categoryCode: 'TRANSPORT_POST_TELECOM' });
    await act('staff', s2, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-education', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', s2, 'REVISE', { comment: '请改由教育局主办。' });
    await act('staff', s2, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-education', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', s2, 'APPROVE_ASSIGNMENT', {});

    // S3: returned and withdrawn, never registered: no points.
    const s3 = await start('deputy1', { origin: 'RECESS', sourceCode: 'OTHER' });
    await act('staff', s3, 'RETURN_TO_DEPUTY', { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' });
    await act('deputy1', s3, 'WITHDRAW');

    // May: the 民生实事 ballot, deputies 1–3 cast.
    w.clock.set('2026-05-12T02:00:00Z');
    forget();
    await ballotYear(w);

    // June: his own claims (F6.1), reviewed in two steps by two people.
    w.clock.set('2026-06-15T02:00:00Z');
    forget();
    let d1 = await token('deputy1');
    let staff = await token('staff');
    let admin = await token('admin'); // admin holds staff too: the 复核 by another person
    const claim = async (body: Json) => {
      const r = await w.call(d1, 'POST', '/points/claims', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as Json;
    };
    const actOn = (t: string, id: string, body: Json) => w.call(t, 'POST', `/points/entries/${id}/actions`, body);
    const reception = await claim({ ruleCode: 'STATION_RECEPTION', date: '2026-06-08', quantity: 2, description: '在城关代表联络站接待选民两次。', linkedEntity: { instanceId: s2 } });
    expect([reception.state, reception.stateTitle, reception.points]).toEqual(['pendingReview', '待初审', 2 * points('STATION_RECEPTION')]);
    const training = await claim({ ruleCode: 'TRAINING', date: '2026-06-09', description: '参加代表培训。' });
    const grid = await claim({ ruleCode: 'GRID_VISIT', date: '2026-06-10', quantity: 3, description: '网格走访三次。' });

    // A deputy cannot review; 初审 by staff; the same person cannot 复核.
    expect((await actOn(d1, reception.id, { action: 'APPROVE' })).status).toBe(403);
    expect((await actOn(staff, reception.id, { action: 'APPROVE' })).body.state).toBe('pendingConfirm');
    const same = await actOn(staff, reception.id, { action: 'CONFIRM' });
    expect([same.status, same.body.error.code]).toEqual([403, 'SAME_REVIEWER']);
    expect((await actOn(admin, reception.id, { action: 'CONFIRM' })).body.state).toBe('confirmed');
    const rejected = await actOn(staff, training.id, { action: 'REJECT', reason: '缺少签到材料。' });
    expect([rejected.body.state, rejected.body.stateTitle, rejected.body.rejectReason]).toEqual(['rejected', '未通过', '缺少签到材料。']);
    await actOn(staff, grid.id, { action: 'APPROVE' });
    await actOn(admin, grid.id, { action: 'CONFIRM' });
    const corrected = await actOn(admin, grid.id, { action: 'CORRECT', quantity: 2, reason: '其中一次为重复登记。' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect([corrected.body.points, corrected.body.quantity]).toEqual([2 * points('GRID_VISIT'), 2]);
    expect(corrected.body.history.map((h: Json) => [h.actionTitle, h.toState])).toEqual([
      ['登记', 'draft'],
      ['提交审核', 'pendingReview'],
      ['初审通过', 'pendingConfirm'],
      ['复核确认', 'confirmed'],
      ['更正', 'confirmed'],
    ]);
    expect(corrected.body.history[4].data).toEqual({ reason: '其中一次为重复登记。', before: { quantity: 3, points: 3 * points('GRID_VISIT') }, after: { quantity: 2, points: 2 * points('GRID_VISIT') } });

    // The automatic entries wait for the office's 复核 (DOMAIN §7.3: they skip to pendingConfirm).
    const queue = (await w.call(staff, 'GET', '/points/review?state=pendingConfirm')).body.entries as Json[];
    const autos = queue.filter((e) => e.source === 'AUTO');
    expect(autos.map((e) => `${e.deputyId} ${e.ruleCode}`).sort()).toEqual(
      [
        `${D1} SUGGESTION_SUBMITTED`, `${D2} SUGGESTION_COSIGNED`, `${D3} SUGGESTION_COSIGNED`, `${D1} SUGGESTION_KEY`,
        `${D2} SUGGESTION_SUBMITTED`, `${D1} SUGGESTION_COSIGNED`,
        `${D1} BALLOT_ATTENDED`, `${D2} BALLOT_ATTENDED`, `${D3} BALLOT_ATTENDED`,
      ].sort(),
    );
    for (const e of autos) expect((await actOn(staff, e.id, { action: 'CONFIRM' })).status).toBe(200);

    // The year of 王建国, each entry with its cause in words, and the total from the rule table.
    const mine: Json = (await w.call(d1, 'GET', '/points/mine?year=2026')).body;
    const expected: Array<[string, number]> = [
      ['SUGGESTION_SUBMITTED', points('SUGGESTION_SUBMITTED')],
      ['SUGGESTION_KEY', points('SUGGESTION_KEY')],
      ['SUGGESTION_COSIGNED', points('SUGGESTION_COSIGNED')],
      ['BALLOT_ATTENDED', points('BALLOT_ATTENDED')],
      ['STATION_RECEPTION', 2 * points('STATION_RECEPTION')],
      ['GRID_VISIT', 2 * points('GRID_VISIT')],
    ];
    const confirmed = mine.entries.filter((e: Json) => e.state === 'confirmed');
    expect(confirmed.map((e: Json) => [e.ruleCode, e.points]).sort()).toEqual([...expected].sort());
    expect(mine.total).toBe(expected.reduce((s, [, p]) => s + p, 0));
    expect(mine.entries.find((e: Json) => e.ruleCode === 'TRAINING').state).toBe('rejected');
    const submitted = confirmed.find((e: Json) => e.ruleCode === 'SUGGESTION_SUBMITTED');
    expect(submitted.cause.zh).toBe('领衔提出的建议《关于RESEARCH的建议》已受理登记');
    expect(submitted.occurredOn).toBe('2026-02-02');
    expect(confirmed.find((e: Json) => e.ruleCode === 'BALLOT_ATTENDED').cause.zh).toMatch(/^参加民生实事项目票决《/);
    expect((await w.call(await token('deputy4'), 'GET', '/points/mine?year=2026')).body.total).toBe(0); // stayed away, signed nothing

    // A county overlay raises SUGGESTION_SUBMITTED to 4: the next registration gets 4, the old entries keep 3.
    const before = await entryCount(w);
    const badOverlay = await w.call(admin, 'PUT', '/points/rules/overlay', { overlay: { rules: { TRAINING: { auto: [{ process: 'suggestion', state: 'registered', deputies: { path: 'context.leadDeputyId' }, cause: 'x', cause_en: 'x' }] } } } });
    expect([badOverlay.status, badOverlay.body.error.code]).toEqual([400, 'INVALID_OVERLAY']);
    expect((await w.call(admin, 'PUT', '/points/rules/overlay', { overlay: { rules: { SUGGESTION_SUBMITTED: { points: 'many' } } } })).status).toBe(400);
    expect((await w.call(staff, 'PUT', '/points/rules/overlay', { overlay: {} })).status).toBe(403);
    const pendingClaim = await claim({ ruleCode: 'STATION_RECEPTION', date: '2026-06-12', description: '接待选民。' });
    const saved = await w.call(admin, 'PUT', '/points/rules/overlay', { overlay: { rules: { SUGGESTION_SUBMITTED: { points: 4 }, STATION_RECEPTION: { points: 3 } } } });
    expect(saved.body).toEqual({ version: 1 });
    w.clock.set('2026-07-06T02:00:00Z');
    forget();
    [d1, staff, admin] = [await token('deputy1'), await token('staff'), await token('admin')];
    const s4 = await start('deputy1', { origin: 'RECESS', sourceCode: 'INSPECTION' });
    await act('staff', s4, 'ACCEPT', { categoryCode: 'EDU_SCI_CULT_HEALTH_SPORT' });
    const after: Json = (await w.call(d1, 'GET', '/points/mine?year=2026')).body;
    const submittedEntries = after.entries.filter((e: Json) => e.ruleCode === 'SUGGESTION_SUBMITTED').map((e: Json) => [e.occurredOn, e.points, e.ruleVersion]);
    expect(submittedEntries.sort()).toEqual([['2026-02-02', 3, 0], ['2026-07-06', 4, 1]]);
    // The claim made before the change keeps the value it was given, through its review.
    await actOn(staff, pendingClaim.id, { action: 'APPROVE' });
    expect((await actOn(admin, pendingClaim.id, { action: 'CONFIRM' })).body.points).toBe(5);
    expect((await claim({ ruleCode: 'STATION_RECEPTION', date: '2026-07-01', description: '接待选民。' })).points).toBe(3);
    expect(await entryCount(w)).toBe(before + 3);

    // Bad input: a clear 4xx and nothing written.
    const count = await entryCount(w);
    const events = Number((await sql<{ n: number }>`select count(*)::int as n from point_entry_events`.execute(w.handle.db)).rows[0]!.n);
    const base = { ruleCode: 'TRAINING', date: '2026-07-01', description: '培训。' };
    const bad: Array<[Json, number]> = [
      [{ ...base, ruleCode: 'NO_SUCH_RULE' }, 400],
      [{ ...base, ruleCode: 'SUGGESTION_SUBMITTED' }, 400], // written by the process itself, not claimable
      [{ ...base, ruleCode: 'constructor' }, 400],
      [{ ...base, ruleCode: '__proto__' }, 400],
      [{ ...base, date: '2026-02-30' }, 400],
      [{ ...base, date: '2026-12-01' }, 400], // not yet happened
      [{ ...base, quantity: 0 }, 400],
      [{ ...base, quantity: 1.5 }, 400],
      [{ ...base, description: '培训\u0000。' }, 400],
      [{ ...base, description: '' }, 400],
      [{ ...base, description: 'x'.repeat(2001) }, 400],
      [{ ...base, extra: 1 }, 400],
      [{ ...base, evidence: [{ fileId: 'no-such-file' }] }, 400],
      [{ ...base, evidence: 'photo.jpg' }, 400],
      [{ ...base, linkedEntity: { instanceId: 'no-such-instance' } }, 400],
      [{ ...base, submit: 'yes' }, 400],
      [[base], 400],
    ];
    for (const [body, status] of bad) {
      const r = await w.call(d1, 'POST', '/points/claims', body);
      expect([r.status, typeof r.body.error?.code], JSON.stringify(body).slice(0, 80)).toEqual([status, 'string']);
    }
    expect((await w.call(staff, 'POST', '/points/claims', base)).status).toBe(403); // staff are not deputies
    expect((await actOn(staff, reception.id, { action: 'FLY' })).status).toBe(400);
    expect((await actOn(staff, reception.id, { action: 'REJECT' })).status).toBe(400); // no reason
    expect((await actOn(staff, reception.id, { action: 'APPROVE' })).status).toBe(422); // already confirmed
    expect((await actOn(staff, 'no-such-entry', { action: 'APPROVE' })).status).toBe(404);
    expect((await w.call(await token('deputy2'), 'GET', `/points/entries/${reception.id}`)).status).toBe(404); // another deputy's
    for (const q of ['year=abc', 'year=2026&year=2027', 'yr=2026', 'year=1999']) expect((await w.call(d1, 'GET', `/points/mine?${q}`)).status, q).toBe(400);
    for (const q of ['year=2026', 'year=2026&quarter=5', 'year=2026&quarter=1&x=1']) expect((await w.call(staff, 'GET', `/points/ranking?${q}`)).status, q).toBe(400);
    expect((await w.call(staff, 'POST', '/points/publications', { year: 2026, quarter: 0 })).status).toBe(400);
    expect(await entryCount(w)).toBe(count);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from point_entry_events`.execute(w.handle.db)).rows[0]!.n)).toBe(events);
  });

  it('ranks 200 deputies per quarter in the county, per delegation and per group as an independent computation does; a publication stays as published', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-10-08T01:00:00Z');
    const many = await addDeputies(handle.db, { countyId: 'demo', count: 200, prefix: 'pt', clock: w.clock });
    const delegations = ['城关代表团', '梅李代表团', '海虞代表团', '虞山代表团'];
    const groups = ['第一代表小组', '第二代表小组', '第三代表小组'];
    for (const [i, d] of many.entries()) {
      await sql`update deputies set delegation = ${i % 7 === 6 ? null : delegations[i % 4]!}, deputy_group = ${groups[i % 3]!} where county_id = 'demo' and user_id = ${d.id}`.execute(handle.db);
    }
    // Entries for the year in every state, by a seeded generator; only confirmed ones of the quarter count.
    const states = ['draft', 'pendingReview', 'pendingConfirm', 'confirmed', 'confirmed', 'confirmed', 'rejected'] as const;
    const entries = fc.sample(
      fc.record({ d: fc.integer({ min: 0, max: 199 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), points: fc.integer({ min: -5, max: 12 }), s: fc.integer({ min: 0, max: states.length - 1 }) }),
      { numRuns: 1500, seed: 20261008 },
    );
    const rows = entries.map((e, i) => ({
      county_id: 'demo',
      id: `pe-${i}`,
      deputy_id: many[e.d]!.id,
      rule_code: 'GRID_VISIT',
      source: 'CLAIM' as const,
      state: states[e.s]!,
      occurred_on: `2026-${String(e.month).padStart(2, '0')}-${String(e.day).padStart(2, '0')}`,
      quantity: 1,
      rule_points: e.points,
      points: e.points,
      rule_version: 0,
      evidence: '[]',
      created_at: new Date(),
      updated_at: new Date(),
    }));
    for (let i = 0; i < rows.length; i += 250) await handle.db.insertInto('point_entries').values(rows.slice(i, i + 250)).execute();

    const staff = await w.login('staff');
    const roster = (await sql<{ user_id: string; delegation: string | null; deputy_group: string | null }>`select user_id, delegation, deputy_group from deputies where county_id = 'demo'`.execute(handle.db)).rows;
    // Independent: a deputy's rank is 1 + the number of deputies (of the same set) with strictly more points.
    const independent = (quarter: number) => {
      const total = new Map(roster.map((d) => [d.user_id, 0]));
      for (const r of rows) if (r.state === 'confirmed' && Math.ceil(Number(r.occurred_on.slice(5, 7)) / 3) === quarter) total.set(r.deputy_id, total.get(r.deputy_id)! + r.points);
      const rankIn = (id: string, peers: string[]) => 1 + peers.filter((p) => total.get(p)! > total.get(id)!).length;
      const all = roster.map((d) => d.user_id);
      return new Map(
        roster.map((d) => [
          d.user_id,
          {
            points: total.get(d.user_id)!,
            rank: rankIn(d.user_id, all),
            delegationRank: d.delegation === null ? null : rankIn(d.user_id, roster.filter((p) => p.delegation === d.delegation).map((p) => p.user_id)),
            groupRank: d.deputy_group === null ? null : rankIn(d.user_id, roster.filter((p) => p.deputy_group === d.deputy_group).map((p) => p.user_id)),
          },
        ]),
      );
    };
    for (const quarter of [1, 2, 3, 4]) {
      const got = (await w.call(staff, 'GET', `/points/ranking?year=2026&quarter=${quarter}`)).body.rows as Json[];
      expect(got).toHaveLength(205);
      const want = independent(quarter);
      for (const r of got) expect({ points: r.points, rank: r.rank, delegationRank: r.delegationRank, groupRank: r.groupRank }, r.deputyId).toEqual(want.get(r.deputyId));
      for (let i = 1; i < got.length; i++) expect(got[i - 1].rank).toBeLessThanOrEqual(got[i].rank);
    }

    // Published: deputies see it; a later confirmation does not change it; a second publication is refused.
    const published = await w.call(staff, 'POST', '/points/publications', { year: 2026, quarter: 3 });
    expect(published.status).toBe(201);
    const deputyView = await w.call(many[0]!.token, 'GET', '/points/publications?year=2026&quarter=3');
    expect(deputyView.body.publications[0].rows).toEqual(published.body.rows);
    await sql`update point_entries set state = 'confirmed' where county_id = 'demo' and occurred_on between '2026-07-01' and '2026-09-30'`.execute(handle.db);
    expect((await w.call(many[0]!.token, 'GET', '/points/publications?year=2026&quarter=3')).body.publications[0].rows).toEqual(published.body.rows);
    expect((await w.call(staff, 'GET', '/points/ranking?year=2026&quarter=3')).body.rows).not.toEqual(published.body.rows);
    const again = await w.call(staff, 'POST', '/points/publications', { year: 2026, quarter: 3 });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_PUBLISHED']);
    expect((await w.call(many[0]!.token, 'POST', '/points/publications', { year: 2026, quarter: 4 })).status).toBe(403);
    expect((await w.call(many[0]!.token, 'GET', '/points/ranking?year=2026&quarter=3')).status).toBe(403);
  });
});
