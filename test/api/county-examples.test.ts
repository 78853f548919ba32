/**
 * The worked county examples of definitions/regions.json, seeded as `npm start` seeds them,
 * each driven over HTTP where it differs from the base (the demo county 示范县 runs the base).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readExampleRegions } from '../../runtime/definition-files.ts';
import { runDueTimers, seedCountyExamples } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

interface Task {
  id: string;
  instanceId: string;
  title: string;
  dueAt: string | null;
  outcomes: Array<{ event: string }>;
}

/** Drives suggestions in one county: `user('staff')` is `demo`'s `staff` or `changshu-staff`. */
function county(w: WorkApp, code: string) {
  const user = (name: string): string => (code === 'demo' ? name : `${code}-${name}`);
  const id = (name: string): string => `${code}-${name}`;
  // Tokens are cached per simulated time: a jump of days would expire them.
  const tokens = new Map<string, string>();
  const token = async (name: string): Promise<string> => {
    const key = `${name}@${w.clock.now().toISOString()}`;
    if (!tokens.has(key)) tokens.set(key, await w.login(user(name)));
    return tokens.get(key) as string;
  };
  const inbox = async (name: string, instanceId?: string): Promise<Task[]> => {
    const r = await w.call(await token(name), 'GET', '/tasks?mine=1');
    expect(r.status).toBe(200);
    return (r.body.tasks as Task[]).filter((t) => instanceId === undefined || t.instanceId === instanceId);
  };
  /** Complete `name`'s task of this instance that offers `outcome`; returns the response. */
  const complete = async (name: string, instanceId: string, outcome: string, data?: unknown) => {
    const task = (await inbox(name, instanceId)).find((t) => t.outcomes.some((o) => o.event === outcome));
    expect(task, `${user(name)} has ${outcome}`).toBeDefined();
    return w.call(await token(name), 'POST', `/tasks/${(task as Task).id}/complete`, { outcome, data });
  };
  const act = async (name: string, instanceId: string, outcome: string, data?: unknown) => {
    const r = await complete(name, instanceId, outcome, data);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const suggestion = (extra: Record<string, unknown> = {}) => ({
    title: '关于进一步完善公共场所AED配备及使用管理的建议',
    body: '公共场所AED配置数量不足、分布不均。建议按人口密度补足配置并开展急救培训。',
    origin: 'SESSION',
    leadDeputyId: id('deputy1'),
    sourceCode: 'RESEARCH',
    ...extra,
  });
  const answer = (extra: Record<string, unknown> = {}) => ({
    resultCode: 'A',
    body: '已新增AED 420台，并纳入公共服务设施规划。',
    contactPerson: '周明',
    contactPhone: '0512-52880000',
    sealed: true,
    ccOffices: ['office-deputy-affairs'],
    publishable: true,
    ...extra,
  });
  const submit = async (data: Record<string, unknown>) => w.call(await token('deputy1'), 'POST', '/definitions/suggestion/instances', { data });
  const view = async (instanceId: string) => (await w.call(await token('staff'), 'GET', `/instances/${instanceId}`)).body;
  /** A suggestion from screening to unit1's drafting task (unit1 answers alone); returns the assignment's id. */
  const toDrafting = async (instanceId: string, supervisionLevel = 'GENERAL'): Promise<string> => {
    await act('staff', instanceId, 'ACCEPT', { categoryCode: 'EDU_SCI_CULT_HEALTH_SPORT' });
    await act('staff', instanceId, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel });
    await act('staff', instanceId, 'APPROVE_ASSIGNMENT', {});
    const child = (await inbox('unit1')).find((t) => t.outcomes.some((o) => o.event === 'ACCEPT')) as Task;
    await act('unit1', child.instanceId, 'ACCEPT');
    await act('unit1', child.instanceId, 'LOG_CONSULTATION', { date: '2026-04-02', mode: 'SITE_VISIT', summary: '现场察看并与代表面商。' });
    await act('unit1', child.instanceId, 'START_DRAFT');
    return child.instanceId;
  };
  /** … and on to the deputy's satisfied feedback. */
  const handleToFeedback = async (instanceId: string, supervisionLevel: string) => {
    const child = await toDrafting(instanceId, supervisionLevel);
    await act('unit1', child, 'SUBMIT_DRAFT', answer());
    await act('unit1', child, 'APPROVE_DRAFT');
    await act('unit1', child, 'SUBMIT_ANSWER');
    await act('deputy1', child, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
  };
  const start = async (extra: Record<string, unknown> = {}): Promise<string> => {
    const r = await submit(suggestion(extra));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  return { user, id, token, inbox, complete, act, submit, view, toDrafting, handleToFeedback, start };
}

// Each test seeds the examples (7 counties, ~14 s on a loaded 2-core box, of which ~6 s for 成都市's three roll-up districts).
describe.each(databases)('worked county examples ($name)', { timeout: 120_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(): Promise<WorkApp> {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const seeded = await seedCountyExamples(handle.db, w.rt, readExampleRegions());
    expect(seeded.published.sort()).toEqual([
      'changshu/suggestion@1',
      'chenghua/suggestion-assignment@1',
      'chenghua/suggestion@1',
      'jinjiang/suggestion-assignment@1',
      'jinjiang/suggestion@1',
      'qingxi/suggestion-assignment@1',
      'qingyang/suggestion-assignment@1',
      'qingyang/suggestion@1',
      'wuhou/suggestion-assignment@1',
      'wuhou/suggestion@1',
      'yanjiang/suggestion@1',
    ]);
    return w;
  }

  it('seeds once: a second run creates and publishes nothing', async () => {
    const w = await setup();
    expect(await seedCountyExamples(w.handle.db, w.rt, readExampleRegions())).toEqual({ created: [], published: [] });
    const versions = await w.call(await w.login('changshu-admin'), 'GET', '/definitions/suggestion/versions');
    expect(versions.body.versions.map((v: { version: number; publishedBy: string }) => [v.version, v.publishedBy])).toEqual([[1, 'changshu-admin']]);
  });

  it('Changshu: key suggestions are supervised by a leader and the discipline commission, general ones routinely; the base concludes at once', async () => {
    const w = await setup();
    const base = county(w, 'demo');
    const demoKey = await base.start();
    await base.handleToFeedback(demoKey, 'KEY_CHAIR');
    expect((await base.view(demoKey)).state).toBe('concluded');

    const cs = county(w, 'changshu');
    const key = await cs.start();
    await cs.handleToFeedback(key, 'KEY_CHAIR');
    const supervising = await cs.view(key);
    expect(supervising.state).toBe('keySupervision');
    expect(supervising.context.concludedAt).toBeNull();
    expect((await cs.inbox('leader', key)).map((t) => t.title)).toEqual(['领衔督办重点建议：关于进一步完善公共场所AED配备及使用管理的建议']);
    // The unit's report is heard only after a supervision activity.
    expect((await cs.complete('leader', key, 'UNIT_REPORT_HEARD', { date: '2026-06-20', summary: '已完成。' })).status).toBe(422);
    await cs.act('leader', key, 'LOG_ACTIVITY', { type: 'INSPECTION', date: '2026-06-10', participantDeputyIds: [cs.id('deputy1')], findings: '现场察看AED安装点位。' });
    await cs.act('leader', key, 'UNIT_REPORT_HEARD', { date: '2026-06-20', summary: '全市新增AED 420台。' });
    expect((await cs.view(key)).state).toBe('disciplineCoSupervision');
    expect(await cs.inbox('leader', key)).toEqual([]);
    const done = await cs.act('discipline', key, 'CO_SUPERVISION_OPINION', { conduct: 'NO_ISSUE', opinion: '承办单位履职到位。' });
    expect(done.state).toBe('concluded');
    expect(done.context.concludedAt).not.toBeNull();
    expect(done.context.supervisionActivities).toHaveLength(1);

    const general = await cs.start({ title: '关于加强农村饮用水安全保障的建议' });
    await cs.handleToFeedback(general, 'GENERAL');
    expect((await cs.view(general)).state).toBe('routineCheck');
    expect((await cs.act('staff', general, 'ROUTINE_CHECKED', { answeredOnTime: true, commitmentsTracked: true })).state).toBe('concluded');
  });

  it('Yanjiang: a key suggestion closes only when the lead deputy and the standing committee both rate it at least basically satisfied', async () => {
    const w = await setup();
    const yj = county(w, 'yanjiang');
    const key = await yj.start();
    await yj.handleToFeedback(key, 'KEY_COMMITTEE');
    expect((await yj.view(key)).state).toBe('dualEvaluation.scTest.pending, leadReview.pending');
    // Quorum: 14 of 29 members present is not more than half.
    const noQuorum = await yj.complete('staff', key, 'SC_TEST_RESULT', { meetingDate: '2026-06-25', members: 29, present: 14, satisfied: 10, basic: 4, unsatisfied: 0 });
    expect(noQuorum.status).toBe(422);
    await yj.act('deputy1', key, 'LEAD_REVIEW', { rating: 'SATISFIED', comments: '办理认真。' });
    // 10 + 4 of 29 members is exactly not more than half: 不满意 → rework.
    const failed = await yj.act('staff', key, 'SC_TEST_RESULT', { meetingDate: '2026-06-25', members: 29, present: 25, satisfied: 10, basic: 4, unsatisfied: 11 });
    expect(failed.state).toBe('keyRework');
    expect(failed.context.scTestRating).toBe('UNSATISFIED');
    const rework = await yj.inbox('unit1', key);
    // One month to report again (the clock stands at 1 April).
    expect(rework.map((t) => [t.title, t.dueAt])).toEqual([[expect.stringContaining('整改并重新报告'), '2026-05-01T16:00:00.000Z']]);
    await yj.act('unit1', key, 'REREPORT', { summary: '补充配置AED 60台，完成培训1.2万人次。' });
    expect((await yj.view(key)).state).toBe('dualEvaluation.scTest.pending, leadReview.pending');
    await yj.act('deputy1', key, 'LEAD_REVIEW', { rating: 'BASIC', comments: '基本满意。' });
    // 镇海-style figures: 20 of 29 satisfied → 满意.
    const passed = await yj.act('staff', key, 'SC_TEST_RESULT', { meetingDate: '2026-08-27', members: 29, present: 29, satisfied: 20, basic: 8, unsatisfied: 1 });
    expect(passed.state).toBe('concluded');
    expect([passed.context.scTestRating, passed.context.keyReworkRounds]).toEqual(['SATISFIED', 1]);

    // A general suggestion in Yanjiang concludes as in the base.
    const general = await yj.start({ title: '关于完善城区停车设施的建议' });
    await yj.handleToFeedback(general, 'GENERAL');
    expect((await yj.view(general)).state).toBe('concluded');
  });

  it('Chengdu (city overlay, in 成华区): suggested units are consulted before screening, and the result taxonomy has three levels', async () => {
    const w = await setup();
    const base = county(w, 'demo');
    const ch = county(w, 'chenghua');
    // The base takes a suggestion without suggested units and screens it at once.
    const plain = await base.start();
    expect((await base.view(plain)).state).toBe('screening');
    const refused = await ch.submit(suggestionWithout());
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/suggestedUnits']);

    const s = await ch.start({ suggestedUnits: ['unit-housing', 'unit-education'] });
    expect((await ch.view(s)).state).toBe('preSubmissionConsultation');
    expect(await ch.inbox('staff', s)).toEqual([]);
    const pre = await ch.inbox('unit1', s);
    expect(pre.map((t) => [t.title, t.dueAt])).toEqual([['建议提出前与代表沟通：关于进一步完善公共场所AED配备及使用管理的建议', '2026-04-09T16:00:00.000Z']]);
    await ch.act('unit1', s, 'LOG_PRE_CONTACT', { date: '2026-04-02', mode: 'PHONE', unitView: '属本单位职责，建议补充点位数据。', withinRemit: true });
    expect((await ch.view(s)).state).toBe('preSubmissionConsultation');
    await ch.act('unit2', s, 'LOG_PRE_CONTACT', { date: '2026-04-03', mode: 'FACE_TO_FACE', unitView: '可配合开展急救培训。' });
    const screened = await ch.view(s);
    expect(screened.state).toBe('screening');
    expect(screened.context.preContactedUnitIds).toEqual(['unit-housing', 'unit-education']);

    // A unit that does not respond: screening starts when the 5 working days are over (清明 on 4–6 April).
    const late = await ch.start({ title: '关于优化公交线路的建议', suggestedUnits: ['unit-health'] });
    w.clock.set('2026-04-09T15:58:00Z');
    await runDueTimers(w.handle.db, w.rt);
    expect((await ch.view(late)).state).toBe('preSubmissionConsultation');
    w.clock.set('2026-04-09T16:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    expect((await ch.view(late)).state).toBe('screening');

    // Three result levels: D is not one of them here, unlike the A–D county.
    const drafting = await ch.toDrafting(s);
    const d = await ch.complete('unit1', drafting, 'SUBMIT_DRAFT', answerWith('D'));
    expect([d.status, d.body.error?.details?.errors?.[0]?.pointer]).toEqual([400, '/resultCode']);
    const schema = (await w.call(await ch.token('unit1'), 'GET', '/definitions/suggestion-assignment')).body;
    expect(JSON.stringify(schema)).toContain('因条件限制暂时难以解决，但具有参考价值');
  });

  it('Qingxi (A–D county): the seeded version takes result D and gives the deputy 20 working days; the base refuses D and gives 10 days', async () => {
    const w = await setup();
    for (const [code, resultCode, status] of [['demo', 'D', 400], ['qingxi', 'D', 200]] as const) {
      const c = county(w, code);
      const child = await c.toDrafting(await c.start());
      const r = await c.complete('unit1', child, 'SUBMIT_DRAFT', answerWith(resultCode));
      expect(r.status, code).toBe(status);
      if (status === 200) {
        await c.act('unit1', child, 'APPROVE_DRAFT');
        await c.act('unit1', child, 'SUBMIT_ANSWER');
        expect((await c.inbox('deputy1', child)).map((t) => t.dueAt)).toEqual(['2026-04-30T16:00:00.000Z']);
      } else {
        await c.act('unit1', child, 'SUBMIT_DRAFT', answerWith('A'));
        await c.act('unit1', child, 'APPROVE_DRAFT');
        await c.act('unit1', child, 'SUBMIT_ANSWER');
        expect((await c.inbox('deputy1', child)).map((t) => t.dueAt)).toEqual(['2026-04-11T16:00:00.000Z']);
      }
      // The deputy's message names the last day of the county's own window, never a fixed "10日内":
      // 青溪 20 working days from 1 April 2026 (清明 4–6 April off) → 30 April; the base 10 days → 11 April.
      const notes = (await w.call(await c.token('deputy1'), 'GET', '/notifications')).body.notifications as Array<{ message: string; message_en?: string }>;
      const answered = notes.find((n) => n.message.startsWith('承办单位已答复'));
      const day = code === 'qingxi' ? ['2026年4月30日', '30 April 2026'] : ['2026年4月11日', '11 April 2026'];
      expect(answered?.message, code).toContain(`请于${day[0]}前填写征询意见表`);
      expect(answered?.message, code).not.toMatch(/\d+日内/);
    }
  });
});

function suggestionWithout(): Record<string, unknown> {
  return {
    title: '关于加强校园周边交通安全的建议',
    body: '上下学时段校门口拥堵。',
    origin: 'RECESS',
    leadDeputyId: 'chenghua-deputy1',
    sourceCode: 'VISIT',
  };
}

function answerWith(resultCode: string): Record<string, unknown> {
  return {
    resultCode,
    body: '已按建议推进。',
    contactPerson: '周明',
    contactPhone: '028-84000000',
    sealed: true,
    ccOffices: ['office-deputy-affairs'],
    publishable: true,
  };
}
