/**
 * 民生实事 votes that choose fewer projects than seats (DOMAIN §3.5 SHORTFALL, issue 16 item 6),
 * over HTTP on PGlite and PostgreSQL, with the county's setting 当选不足时 each way:
 * - 由常委会决定 (SC_DECIDES): the ballot closes short → the standing committee's task offers the
 *   candidates not chosen by name with their votes, at most the empty seats; bad choices are a
 *   400 in words that change nothing; the decision (date, document number) adds its projects to
 *   the chosen, marked as decided by the committee, in the history with its actor and in the
 *   statistics.
 * - 留待下次会议 (NEXT_SESSION): the empty seats are kept on the vote; the county's next vote
 *   takes them as it starts (its seats include them, it names the vote they came from, the two
 *   are linked), and only once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';
import { Authenticator } from '../../server/auth.ts';

type Json = any;

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

/** The county's 当选不足时, published so that new votes follow it. */
async function setShortfallAction(w: WorkApp, action: string): Promise<void> {
  const admin = await w.login('admin');
  const saved = await w.call(admin, 'PUT', '/definitions/livelihood-vote/overlay', { patch: { settings: { shortfallAction: action } } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await w.call(admin, 'POST', '/definitions/livelihood-vote/publish')).status).toBe(201);
}

/**
 * A vote for `year` with 2 seats and 3 candidates to its ballot; deputies 1–3 approve only 老旧小区改造
 * and 公共场所AED配置 gets one approval: over half of the 5 deputies passes only the first, 1 seat is left.
 */
export async function shortVote(w: WorkApp, year: number): Promise<string> {
  const { token, act } = taskDriver(w);
  const started = await w.call(await token('staff'), 'POST', '/definitions/livelihood-vote/instances', { data: { year, seats: 2, collectionEnd: `${year}-04-30` } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const vote = started.body.id as string;
  await act('staff', vote, 'RECORD_IDEA', IDEA);
  await act('staff', vote, 'CLOSE_COLLECTION');
  await act('staff', vote, 'SHORTLIST', {});
  await act('staff', vote, 'PROPOSE_CANDIDATES', { candidates: [candidate('01', '老旧小区改造'), candidate('02', '公共场所AED配置'), candidate('03', '小学课后托管服务')] });
  await act('leader', vote, 'APPROVE_LIST', { opinion: '同意提请大会票决。' });
  await act('staff', vote, 'ADOPT_VOTING_RULES', { adoptedOn: `${year}-05-10`, reportDelivered: true });
  const ballots = (await w.call(await token('staff'), 'GET', `/ballots?instance=${vote}`)).body.ballots as Array<{ id: string; status: string }>;
  const id = ballots.find((b) => b.status === 'ready')!.id;
  const sealed = new SealedBallots(w, await tellersOf(w));
  await sealed.prepare(await token('staff'), id);
  await sealed.open(await token('staff'), id);
  const auth = new Authenticator({ db: w.handle.db, secret: 'test-secret', clock: w.clock });
  const marks = [{ '01': 'APPROVE', '02': 'APPROVE' }, { '01': 'APPROVE' }, { '01': 'APPROVE', '03': 'OPPOSE' }];
  for (const [i, deputy] of ['demo-deputy1', 'demo-deputy2', 'demo-deputy3'].entries()) {
    const t = await auth.issueToken({ id: deputy, countyId: 'demo' });
    expect((await sealed.cast(t, id, marks[i]!)).status).toBe(201);
  }
  await sealed.closeAndPublish(await token('staff'), id);
  return vote;
}

const metric = (view: Json, id: string) => {
  const m = view.metrics.find((x: { id: string }) => x.id === id);
  expect(m, id).toBeDefined();
  return m;
};

describe.each(databases)('livelihood vote short of seats ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('由常委会决定: the ballot closes short, the standing committee decides among the candidates not chosen, the result lists both kinds', { timeout: 600_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-02-02T01:00:00Z');
    await setShortfallAction(w, 'SC_DECIDES');
    w.clock.set('2026-05-12T02:00:00Z');
    const { token, inbox, complete, act, view } = taskDriver(w);
    const vote = await shortVote(w, 2026);

    let v = await view(vote);
    expect(v.state).toBe('scDeciding');
    expect(v.context.elected).toEqual(['01']);
    expect(v.context.shortfall).toMatchObject({ seatsLeft: 1, action: 'SC_DECIDES' });
    expect(v.children).toHaveLength(0); // nothing is implemented before the committee decides

    // The standing committee's task: the two candidates not chosen, by name with their votes, one at most.
    const [task] = await inbox('leader', vote);
    expect(task).toBeDefined();
    expect(task!.title).toBe('决定2026年度民生实事项目的1个空缺名额');
    const outcome = (task as Json).outcomes.find((o: Json) => o.event === 'SC_DECIDE_SEATS');
    expect(outcome.title).toBe('常委会决定空缺名额');
    const field = outcome.schema.properties.projectIds;
    expect(field.maxItems).toBe(1);
    expect(field.items.oneOf).toEqual([
      { const: '02', title: '公共场所AED配置（得票1）', 'x-ui': { label_en: '公共场所AED配置 (1 votes)' } },
      { const: '03', title: '小学课后托管服务（得票0）', 'x-ui': { label_en: '小学课后托管服务 (0 votes)' } },
    ]);
    expect(await inbox('staff', vote)).toHaveLength(0);

    // Bad choices: one already chosen, one unknown, more than the seats; each a 400 in words, nothing changed.
    const decision = { decidedOn: '2026-05-20', documentNo: '县人常〔2026〕5号' };
    for (const [projectIds, pointer] of [[['01'], '/projectIds/0'], [['zz'], '/projectIds/0'], [['02', '03'], '/projectIds']] as const) {
      const r = await complete('leader', vote, 'SC_DECIDE_SEATS', { ...decision, projectIds });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      const err = r.body.error.details.errors.find((e: Json) => e.pointer === pointer);
      expect(err, JSON.stringify(r.body)).toBeDefined();
      expect(err.message).toMatch(/可选/);
      expect(err.message_en).toMatch(/choice|at most/);
    }
    const missing = await complete('leader', vote, 'SC_DECIDE_SEATS', { projectIds: ['03'] });
    expect(missing.status).toBe(400);
    expect((await view(vote)).version).toBe(v.version);
    // Not the office's to decide.
    const staffTry = await w.call(await token('staff'), 'POST', `/tasks/${task!.id}/complete`, { outcome: 'SC_DECIDE_SEATS', data: { ...decision, projectIds: ['03'] } });
    expect(staffTry.status).toBe(403);

    w.clock.set('2026-05-20T02:00:00Z');
    await act('leader', vote, 'SC_DECIDE_SEATS', { ...decision, projectIds: ['03'] });
    v = await view(vote);
    expect(v.state).toBe('implementing');
    expect(v.context.scDecision).toMatchObject({ projectIds: ['03'], decidedOn: '2026-05-20', documentNo: '县人常〔2026〕5号' });
    expect(v.context.electedProjects.map((p: Json) => [p.id, p.decidedBy ?? null])).toEqual([['01', null], ['03', 'STANDING_COMMITTEE']]);
    // One implementation per chosen project, the committee's among them.
    expect(v.children.map((c: Json) => c.title).sort()).toEqual(['小学课后托管服务', '老旧小区改造']);
    const decided = v.children.find((c: Json) => c.title === '小学课后托管服务');
    expect(decided.context.project.decidedBy).toBe('STANDING_COMMITTEE');
    // The history: the decision in words, with who made it.
    const entry = v.history.find((e: Json) => e.type === 'SC_DECIDE_SEATS');
    expect(entry).toMatchObject({ title: '常委会决定空缺名额', title_en: 'The standing committee decides the empty seats', actorId: 'demo-leader' });
    expect(entry.actorName).toBeTruthy();

    // The statistics of the year count the committee's project apart from the elected one.
    const stats = await w.call(await token('staff'), 'GET', '/statistics/livelihood-vote?period=year:2026');
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect([metric(stats.body, 'electedCount').sum, metric(stats.body, 'scDecidedCount').sum, metric(stats.body, 'projectCount').count]).toEqual([1, 1, 2]);
    expect(metric(stats.body, 'scDecidedCount')).toMatchObject({ title: '常委会决定项目', title_en: 'Projects decided by the standing committee' });
  });

  it('留待下次会议: the empty seats are kept on the vote and the next vote of the county takes them, once', { timeout: 600_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-02-02T01:00:00Z');
    await setShortfallAction(w, 'NEXT_SESSION');
    w.clock.set('2026-05-12T02:00:00Z');
    const { token, view } = taskDriver(w);
    const first = await shortVote(w, 2026);

    let v = await view(first);
    expect(v.state).toBe('implementing');
    expect(v.children.map((c: Json) => c.title)).toEqual(['老旧小区改造']);
    expect(v.context.carried).toMatchObject({ seats: 1, year: 2026 });
    expect(v.context.carried.candidates.map((c: Json) => [c.id, c.name, c.votes])).toEqual([['02', '公共场所AED配置', 1], ['03', '小学课后托管服务', 0]]);
    const stats = await w.call(await token('staff'), 'GET', '/statistics/livelihood-vote?period=year:2026');
    expect(metric(stats.body, 'carriedSeatsCount').sum).toBe(1);

    // The next session's vote: 2 new seats plus the one carried.
    w.clock.set('2026-09-01T02:00:00Z');
    const next = await w.call(await token('staff'), 'POST', '/definitions/livelihood-vote/instances', { data: { year: 2027, seats: 2, collectionEnd: '2026-10-15' } });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    v = await view(next.body.id);
    expect(v.context.seats).toBe(3);
    expect(v.context.carriedIn).toMatchObject({ seats: 1, year: 2026, fromInstanceId: first, fromTitle: '2026年度民生实事项目票决' });
    // The candidates not chosen may be proposed again: they come with the seats.
    expect(v.context.carriedIn.candidates.map((c: Json) => c.name)).toEqual(['公共场所AED配置', '小学课后托管服务']);
    expect(v.links).toEqual([expect.objectContaining({ direction: 'to', key: 'carriedSeats', id: first })]);
    expect((await view(first)).links).toEqual([expect.objectContaining({ direction: 'from', key: 'carriedSeats', id: next.body.id })]);

    // Taken once: a third vote gets no carried seats.
    const third = await w.call(await token('staff'), 'POST', '/definitions/livelihood-vote/instances', { data: { year: 2028, seats: 2, collectionEnd: '2026-10-20' } });
    expect(third.status).toBe(201);
    v = await view(third.body.id);
    expect([v.context.seats, v.context.carriedIn ?? null]).toEqual([2, null]);
  });
});
