/**
 * 重点督办专题 (definitions/key-supervision, issue 16 item 1): a leader marks suggestions as key
 * while their units handle them, and the supervision runs beside the units' work. Driven over
 * HTTP in 常熟市, whose overlay sends key suggestions through a leader's supervision and the
 * discipline commission after `handled`: a suggestion marked mid-handling must take those steps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readExampleRegions } from '../../runtime/definition-files.ts';
import { seedCountyExamples } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

interface Task {
  id: string;
  instanceId: string;
  title: string;
  dueAt: string | null;
  outcomes: Array<{ event: string }>;
}

const C = 'changshu';
const u = (name: string) => `${C}-${name}`;

function driver(w: WorkApp) {
  const tokens = new Map<string, string>();
  const token = async (name: string): Promise<string> => {
    if (!tokens.has(name)) tokens.set(name, await w.login(u(name)));
    return tokens.get(name) as string;
  };
  const inbox = async (name: string, instanceId?: string): Promise<Task[]> => {
    const r = await w.call(await token(name), 'GET', '/tasks?mine=1');
    expect(r.status).toBe(200);
    return (r.body.tasks as Task[]).filter((t) => instanceId === undefined || t.instanceId === instanceId);
  };
  const complete = async (name: string, instanceId: string, outcome: string, data?: unknown, pick?: (t: Task) => boolean) => {
    const task = (await inbox(name, instanceId)).find((t) => t.outcomes.some((o) => o.event === outcome) && (pick ? pick(t) : true));
    expect(task, `${u(name)} has ${outcome}`).toBeDefined();
    return w.call(await token(name), 'POST', `/tasks/${(task as Task).id}/complete`, { outcome, data });
  };
  const act = async (name: string, instanceId: string, outcome: string, data?: unknown, pick?: (t: Task) => boolean) => {
    const r = await complete(name, instanceId, outcome, data, pick);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const view = async (instanceId: string) => {
    const r = await w.call(await token('staff'), 'GET', `/instances/${instanceId}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const start = async (title: string): Promise<string> => {
    const r = await w.call(await token('deputy1'), 'POST', '/definitions/suggestion/instances', {
      data: { title, body: '城乡学校办学条件差距较大，建议统筹配置。', origin: 'SESSION', leadDeputyId: u('deputy1'), sourceCode: 'RESEARCH' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  /** Registered, assigned to 县教育局 as a general suggestion, accepted by the unit: its unit's drafting task open. */
  const toDrafting = async (id: string): Promise<string> => {
    await act('staff', id, 'ACCEPT', { categoryCode: 'EDU_SCI_CULT_HEALTH_SPORT' });
    await act('staff', id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-education', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', id, 'APPROVE_ASSIGNMENT', {});
    const title = (await view(id)).context.title as string;
    const child = (await inbox('unit2')).find((t) => t.outcomes.some((o) => o.event === 'ACCEPT') && t.title.includes(title)) as Task;
    await act('unit2', child.instanceId, 'ACCEPT');
    await act('unit2', child.instanceId, 'LOG_CONSULTATION', { date: '2026-04-02', mode: 'SITE_VISIT', summary: '与代表面商。' });
    await act('unit2', child.instanceId, 'START_DRAFT');
    return child.instanceId;
  };
  const answerAndRate = async (child: string) => {
    await act('unit2', child, 'SUBMIT_DRAFT', {
      resultCode: 'A', body: '已制定城乡学校结对方案。', contactPerson: '陈红', contactPhone: '0512-52880001',
      sealed: true, ccOffices: ['office-deputy-affairs'], publishable: true,
    });
    await act('unit2', child, 'APPROVE_DRAFT');
    await act('unit2', child, 'SUBMIT_ANSWER');
    await act('deputy1', child, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
  };
  const row = async (id: string) => {
    const c = (await view(id)).context;
    return { instanceId: id, serialNo: c.serialNo as string, title: c.title as string };
  };
  return { token, inbox, complete, act, view, start, toDrafting, answerAndRate, row };
}

describe.each(databases)('key supervision themes ($name)', { timeout: 180_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('a leader marks two suggestions in handling as key; the units work on, the visits and the meeting are recorded, Changshu supervises them after handled, the theme is assessed', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    await seedCountyExamples(handle.db, w.rt, readExampleRegions());
    const d = driver(w);

    const s1 = await d.start('关于均衡配置城乡义务教育资源的建议');
    const s2 = await d.start('关于加强乡村学校教师队伍建设的建议');
    const s3 = await d.start('关于增加城区学位供给的建议');
    const c1 = await d.toDrafting(s1);
    const c2 = await d.toDrafting(s2);
    const c3 = await d.toDrafting(s3);
    const unitTasks = async () => (await d.inbox('unit2')).filter((t) => [c1, c2].includes(t.instanceId)).map((t) => t.id).sort();
    const before = await unitTasks();
    expect(before).toHaveLength(2);

    const plan = {
      theme: '教育资源均衡',
      leadLeaderId: u('leader'),
      level: 'KEY_CHAIR',
      suggestions: [await d.row(s1), await d.row(s2)],
      visits: [
        { kind: 'INSPECTION', date: '2026-04-20', place: '城东小学', participants: '领衔代表、教科文卫工委、县教育局' },
        { kind: 'RESEARCH', date: '2026-05-12', place: '沙家浜镇中心小学', participants: '领衔代表、县教育局' },
      ],
      meeting: { date: '2026-05-26', place: '常委会第一会议室' },
    };
    const leader = await d.token('leader');

    // A row listed under a title that is not the suggestion's own is refused at its field, nothing started.
    const forged = await w.call(leader, 'POST', '/definitions/key-supervision/instances', { data: { ...plan, suggestions: [{ ...plan.suggestions[0], title: '别的建议' }] } });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body.error.details.errors)).toContain('/suggestions/0');

    const started = await w.call(leader, 'POST', '/definitions/key-supervision/instances', { data: plan });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const theme = started.body.id as string;
    expect(started.body.state).toBe('proposed');
    // Proposed, not yet approved: the suggestions are not marked.
    expect((await d.view(s1)).context.supervisionLevel).toBe('GENERAL');

    await d.act('leader', theme, 'APPROVE', { opinion: '同意列入重点督办。' });

    for (const s of [s1, s2]) {
      const v = await d.view(s);
      expect(v.state).toBe('inHandling.reassignment.none');
      expect(v.context.supervisionLevel).toBe('KEY_CHAIR');
      expect(v.context.keyTheme).toEqual({ title: '教育资源均衡', leaderId: u('leader'), instanceId: theme });
    }
    expect((await d.view(s3)).context.supervisionLevel).toBe('GENERAL');
    // The units' work is untouched: the same tasks, still open.
    expect(await unitTasks()).toEqual(before);

    // The leading member's visit tasks, each due on its planned day (end of the local day, UTC+8).
    const visits = (await d.inbox('leader', theme)).filter((t) => t.outcomes.some((o) => o.event === 'RECORD_VISIT'));
    expect(visits.map((t) => t.title).sort()).toEqual(['记录视察调研（城东小学）：教育资源均衡', '记录视察调研（沙家浜镇中心小学）：教育资源均衡']);
    // A date-only deadline ends at the local midnight after that day.
    const localDay = (iso: string | null) => new Date(new Date(iso as string).getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
    expect(visits.map((t) => localDay(t.dueAt)).sort()).toEqual(['2026-04-20', '2026-05-12']);

    // The unit is told in words, and so is the lead deputy.
    const notes = await w.call(await d.token('unit2'), 'GET', '/notifications');
    expect(JSON.stringify(notes.body)).toContain('已列为重点督办，督办专题：教育资源均衡');

    await d.act('leader', theme, 'RECORD_VISIT', { date: '2026-04-20', participants: '领衔代表、教科文卫工委、县教育局', findings: '城东小学新校区建设进度滞后。' }, (t) => t.title.includes('城东小学'));
    expect((await d.view(theme)).context.visitRecords).toHaveLength(1);

    // A leader adds a third suggestion to the running theme: marked at once, its unit's work untouched.
    const c3Task = (await d.inbox('unit2', c3)).map((t) => t.id);
    await d.act('leader', theme, 'ADD_SUGGESTIONS', { suggestions: [await d.row(s3)], reason: '同属学位供给问题。' });
    expect((await d.view(s3)).context.keyTheme.title).toBe('教育资源均衡');
    expect((await d.inbox('unit2', c3)).map((t) => t.id)).toEqual(c3Task);

    await d.act('staff', theme, 'RECORD_MEETING', { date: '2026-05-26', attendees: '牵头领导、县教育局、领衔代表', summary: '明确城东小学新校区9月投用。' });
    await d.act('leader', theme, 'RECORD_VISIT', { date: '2026-05-12', participants: '领衔代表、县教育局', findings: '乡村教师周转房已开工。' });
    expect((await d.view(theme)).state).toBe('assessing');

    // The units answer; in Changshu each marked suggestion goes through the key-supervision steps after handled.
    for (const [s, c] of [[s1, c1], [s2, c2], [s3, c3]] as const) {
      await d.answerAndRate(c);
      expect((await d.view(s)).state).toBe('keySupervision');
      await d.act('leader', s, 'LOG_ACTIVITY', { type: 'INSPECTION', date: '2026-06-10', findings: '现场察看整改情况。' });
      await d.act('leader', s, 'UNIT_REPORT_HEARD', { date: '2026-06-20', summary: '已落实。' });
      expect((await d.view(s)).state).toBe('disciplineCoSupervision');
      await d.act('discipline', s, 'CO_SUPERVISION_OPINION', { conduct: 'NO_ISSUE', opinion: '履职到位。' });
      expect((await d.view(s)).state).toBe('concluded');
    }

    // The register shows them under 重点督办 with their theme, and the key filter finds them.
    const reg = await w.call(await d.token('staff'), 'GET', '/register?definition=suggestion&key=1');
    expect(reg.status).toBe(200);
    const themeCol = reg.body.columns.findIndex((c: { key: string }) => c.key === 'keyTheme');
    expect(reg.body.rows.map((r: { id: string; cells: string[] }) => [r.id, r.cells[themeCol]]).sort()).toEqual([[s1, '教育资源均衡'], [s2, '教育资源均衡'], [s3, '教育资源均衡']].sort());

    // The theme's page reads the suggestions' states from the suggestions themselves.
    const tv = await d.view(theme);
    expect(tv.links.filter((l: { direction: string }) => l.direction === 'to').map((l: { state: { title: string } }) => l.state.title)).toEqual(['已办结', '已办结', '已办结']);

    await d.act('leader', theme, 'ASSESS', { effect: 'MARKED', summary: '3件建议均已办结，代表满意。' });
    expect((await d.view(theme)).state).toBe('done');
  });
  it('a leader adds a suggestion in handling to a running theme from the suggestion’s own page, through the theme’s 增列; refusals in words; the theme’s figures', async () => {
    handle = await open();
    // 14:00 in Beijing on the first visit's day: its task falls due at midnight, and a token lives 12 hours.
    const w = await workApp(handle, '2026-04-20T06:00:00Z');
    await seedCountyExamples(handle.db, w.rt, readExampleRegions());
    const d = driver(w);
    const [s1, s2, s3, s5] = [
      await d.start('关于均衡配置城乡义务教育资源的建议'),
      await d.start('关于加强乡村学校教师队伍建设的建议'),
      await d.start('关于增加城区学位供给的建议'),
      await d.start('关于改善校园周边交通的建议'),
    ];
    const s4 = await d.start('关于尚未受理的一件建议');
    const c1 = await d.toDrafting(s1);
    await d.toDrafting(s2);
    await d.toDrafting(s3);
    await d.toDrafting(s5);
    const leader = await d.token('leader');
    const plan = (theme: string, rows: unknown[]) => ({
      theme, leadLeaderId: u('leader'), level: 'KEY_CHAIR', suggestions: rows,
      visits: [{ kind: 'INSPECTION', date: '2026-04-20', place: '城东小学', participants: '领衔代表、县教育局' }, { kind: 'RESEARCH', date: '2026-05-12', place: '沙家浜镇中心小学', participants: '领衔代表' }],
      meeting: { date: '2026-05-26', place: '常委会第一会议室' },
    });
    const startTheme = async (theme: string, rows: unknown[]) => {
      const r = await w.call(leader, 'POST', '/definitions/key-supervision/instances', { data: plan(theme, rows) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      await d.act('leader', r.body.id, 'APPROVE', { opinion: '同意。' });
      return r.body.id as string;
    };
    const themeA = await startTheme('教育资源均衡', [await d.row(s1)]);
    w.clock.advance(60_000);
    const themeB = await startTheme('交通安全', [await d.row(s2)]);

    // The page offers the running themes by name to a leader; a suggestion already in a theme says so in words.
    const offer = await w.call(leader, 'GET', `/instances/${s3}/key-themes`);
    expect(offer.status).toBe(200);
    expect(offer.body).toEqual({ themes: [{ id: themeA, title: '教育资源均衡' }, { id: themeB, title: '交通安全' }], refusal: null });
    const keyed = (await w.call(leader, 'GET', `/instances/${s1}/key-themes`)).body;
    expect(keyed.refusal).toMatchObject({ code: 'SUGGESTION_ALREADY_KEY', message: '《关于均衡配置城乡义务教育资源的建议》已列入重点督办专题《教育资源均衡》' });

    // Refusals: nothing written, each in words.
    const before = (await d.view(themeA)).version;
    const add = (as: string, id: string, body: unknown) => w.call(as, 'POST', `/instances/${id}/key-themes`, body);
    const staff = await d.token('staff');
    const deputy = await d.token('deputy1');
    expect((await w.call(staff, 'GET', `/instances/${s3}/key-themes`)).status).toBe(403);
    expect(await add(staff, s3, { themeId: themeA })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await add(deputy, s3, { themeId: themeA })).status).toBe(403);
    expect(await add(leader, s1, { themeId: themeA })).toMatchObject({ status: 409, body: { error: { code: 'SUGGESTION_IN_THEME' } } });
    const other = await add(leader, s1, { themeId: themeB });
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'SUGGESTION_ALREADY_KEY' } } });
    expect(other.body.error.message).toContain('已列入重点督办专题《教育资源均衡》');
    expect(await add(leader, s4, { themeId: themeA })).toMatchObject({ status: 409, body: { error: { code: 'SUGGESTION_NOT_IN_HANDLING' } } });
    expect(await add(leader, 'no-such-suggestion', { themeId: themeA })).toMatchObject({ status: 404, body: { error: { code: 'INSTANCE_NOT_FOUND' } } });
    expect(await add(leader, s3, { themeId: 'no-such-theme' })).toMatchObject({ status: 404, body: { error: { code: 'INSTANCE_NOT_FOUND' } } });
    expect(await add(leader, s3, { themeId: s2 })).toMatchObject({ status: 404 });
    expect((await d.view(themeA)).version).toBe(before);
    expect((await d.view(s3)).context.keyTheme?.instanceId ?? null).toBeNull();

    // Added from the page: the theme's own 增列 step, with the reason; MARK_KEY marks the suggestion.
    const added = await add(leader, s3, { themeId: themeA, reason: '同属学位供给问题。' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.context.keyTheme).toEqual({ title: '教育资源均衡', leaderId: u('leader'), instanceId: themeA });
    const a = await d.view(themeA);
    expect(a.context.suggestions.map((r: { instanceId: string }) => r.instanceId)).toEqual([s1, s3]);
    expect(a.context.additions).toEqual([expect.objectContaining({ reason: '同属学位供给问题。' })]);
    expect(a.history.filter((e: { type: string; actorId: string | null }) => e.type === 'ADD_SUGGESTIONS').map((e: { actorId: string | null }) => e.actorId)).toEqual([u('leader')]);
    expect(await add(leader, s3, { themeId: themeA })).toMatchObject({ status: 409, body: { error: { code: 'SUGGESTION_IN_THEME' } } });
    // The theme's 增列 task stays open: the task path adds another after the page did.
    await d.act('leader', themeA, 'ADD_SUGGESTIONS', { suggestions: [await d.row(s5)] });
    expect((await d.view(s5)).context.keyTheme.instanceId).toBe(themeA);
    // Through the theme's task the same rule refuses a suggestion already in a theme, at its row.
    const twice = await d.complete('leader', themeB, 'ADD_SUGGESTIONS', { suggestions: [await d.row(s3)] });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body.error.details.errors)).toContain('已列入重点督办专题《教育资源均衡》');

    // Figures: s1 answered and rated 满意 (Changshu then supervises it after handled), the first visit late.
    await d.answerAndRate(c1);
    w.clock.set(new Date('2026-04-20T17:00:00Z'));
    const fig = await w.call(staff, 'GET', `/instances/${themeA}/key-theme-figures`);
    expect(fig.status, JSON.stringify(fig.body)).toBe(200);
    expect(fig.body).toMatchObject({
      title: '教育资源均衡', suggestions: 3, marked: 3, answered: 1, concluded: 0,
      ratings: { satisfied: 0, basic: 0, unsatisfied: 0, noFeedback: 0 },
      visits: { planned: 2, done: 0, late: 1 }, meeting: { date: '2026-05-26', held: false, late: false },
    });
    for (const step of [['LOG_ACTIVITY', { type: 'INSPECTION', date: '2026-06-10', findings: '现场察看。' }], ['UNIT_REPORT_HEARD', { date: '2026-06-20', summary: '已落实。' }]] as const) await d.act('leader', s1, step[0], step[1]);
    await d.act('discipline', s1, 'CO_SUPERVISION_OPINION', { conduct: 'NO_ISSUE', opinion: '履职到位。' });
    await d.act('leader', themeA, 'RECORD_VISIT', { date: '2026-04-20', participants: '领衔代表', findings: '进度滞后。' }, (t) => t.title.includes('城东小学'));
    const after = (await w.call(staff, 'GET', `/instances/${themeA}/key-theme-figures`)).body;
    expect(after).toMatchObject({ concluded: 1, ratings: { satisfied: 1, basic: 0, unsatisfied: 0 }, visits: { planned: 2, done: 1, late: 1 } });
    expect(after.words.lines.map((l: { zh: string }) => l.zh)).toEqual([
      '督办建议3件',
      '已答复1件，已办结1件',
      '领衔代表评价：满意1件，基本满意0件，不满意0件',
      '视察调研：计划2次，已完成1次，逾期1次',
      '推进会：尚未召开（安排在2026年5月26日）',
    ]);

    // Every theme of the year, for staff and leaders only; the year is checked.
    const year = await w.call(staff, 'GET', '/key-themes?year=2026');
    expect(year.status).toBe(200);
    expect(year.body.themes.map((t: { title: string; suggestions: number }) => [t.title, t.suggestions])).toEqual([['教育资源均衡', 3], ['交通安全', 1]]);
    expect((await w.call(staff, 'GET', '/key-themes?year=2025')).body.themes).toEqual([]);
    expect((await w.call(deputy, 'GET', '/key-themes?year=2026')).status).toBe(403);
    expect((await w.call(staff, 'GET', `/instances/${s1}/key-theme-figures`)).status).toBe(404);

    // Two themes proposed at once naming the same suggestion: the first approved marks it; the
    // second's approval is refused whole (a suggestion is in one theme at most) and changes nothing.
    const s6 = await d.start('关于完善校园安全设施的建议');
    await d.toDrafting(s6);
    const propose = async (theme: string) => {
      const r = await w.call(leader, 'POST', '/definitions/key-supervision/instances', { data: plan(theme, [await d.row(s6)]) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const [themeC, themeD] = [await propose('校园周边交通'), await propose('校园安全')];
    await d.act('leader', themeC, 'APPROVE', { opinion: '同意。' });
    const dBefore = await d.view(themeD);
    const approveD = (await d.inbox('leader', themeD)).find((t) => t.outcomes.some((o) => o.event === 'APPROVE'))!;
    const refused = await w.call(leader, 'POST', `/tasks/${approveD.id}/complete`, { outcome: 'APPROVE', data: { opinion: '同意。' } });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'LINK_TARGET_REFUSED' } } });
    expect((await d.view(themeD)).version).toBe(dBefore.version);
    expect((await d.view(s6)).context.keyTheme).toEqual({ title: '校园周边交通', leaderId: u('leader'), instanceId: themeC });
  });
});
