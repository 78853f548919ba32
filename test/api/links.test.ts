/**
 * The links between processes (DOMAIN §8, issue 15 deliverable 7):
 * - a citizen's issue from the public QR form converted into a suggestion (origin RECESS, source
 *   CONSTITUENT, pre-filled, linked both ways, the citizen's name and phone left behind); the
 *   deputy completes the draft, it runs the normal suggestion path to its end, and the issue
 *   closes with the answer relayed to the citizen (the lookup shows it in words);
 * - a 民生实事建议 issue handed to the year's livelihood-project collection as an idea;
 * - an evaluated department's task shows the unit's suggestion figures of the year, the same
 *   as GET /api/statistics/suggestion/units;
 * - a held reception gives each deputy present exactly one automatic points entry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runDueTimers } from '../../runtime/store/index.ts';
import { CITIZEN_ISSUE, intakeApp, STATION, type IntakeApp } from '../support/constituent.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const ANSWER = {
  resultCode: 'B',
  body: '幸福路南段路灯线路老化，已列入本年度城区照明改造计划，6月底前完成更换。',
  contactPerson: '李工',
  contactPhone: '0731-1234567',
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: false,
  commitments: [{ text: '6月底前更换幸福路南段路灯线路', dueDate: '2026-06-30' }],
};
const TITLE = '关于尽快修复城关镇幸福路南段路灯的建议';

type Task = { id: string; instanceId: string; title: string; outcomes: Array<{ event: string; title: string }> };

/** Act as `user` on the open task of `instanceId` (or any task) that offers `outcome`. */
function actor(w: WorkApp | IntakeApp) {
  const tokens = new Map<string, string>();
  const token = async (user: string) => {
    const t = tokens.get(user) ?? (await w.login(user));
    tokens.set(user, t);
    return t;
  };
  const tasks = async (user: string) => (await w.call(await token(user), 'GET', '/tasks?mine=1')).body.tasks as Task[];
  const act = async (user: string, outcome: string, data?: unknown, instanceId?: string, expected = 200) => {
    const task = (await tasks(user)).find((t) => (instanceId === undefined || t.instanceId === instanceId) && t.outcomes.some((o) => o.event === outcome));
    expect(task, `${user} has a task with ${outcome}`).toBeDefined();
    const r = await w.call(await token(user), 'POST', `/tasks/${task!.id}/complete`, { outcome, ...(data === undefined ? {} : { data }) });
    expect(r.status, JSON.stringify(r.body)).toBe(expected);
    return r.body;
  };
  const view = async (id: string, user = 'staff') => (await w.call(await token(user), 'GET', `/instances/${id}`)).body;
  return { token, tasks, act, view, forget: () => tokens.clear() };
}

async function submitIssue(w: IntakeApp, issue: Record<string, unknown>, address: string) {
  const r = await w.pub('POST', `/public/stations/${STATION.code}/issues`, issue, address);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const row = await w.handle.db.selectFrom('constituent_contacts').select('instance_id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return { receiptCode: r.body.receiptCode as string, instanceId: row.instance_id };
}

/** A figure of the per-unit table in the words the evaluation task shows (task-statistics.ts). */
function cellWords(cell: any): string {
  // 催办次数 counts times (次), every other count items (件).
  if (cell.kind === 'count') return `${cell.count}${cell.id === 'urges' ? '次' : '件'}`;
  if (cell.kind === 'rate') return cell.denominator > 0 ? `${cell.display}（${cell.numerator}/${cell.denominator}）` : '暂无';
  const parts = cell.parts.filter((p: any) => p.numerator > 0).map((p: any) => `${p.title} ${p.numerator}`);
  return parts.length > 0 ? parts.join('，') : '暂无';
}

describe.each(databases)('links between processes ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('converts a citizen’s issue into a suggestion that runs to its end; the issue closes with the answer relayed', { timeout: 120_000 }, async () => {
    handle = await open();
    const w = await intakeApp(handle);
    const { act, view, tasks, token } = actor(w);
    const { receiptCode, instanceId: issueId } = await submitIssue(w, CITIZEN_ISSUE, '198.51.100.21');

    // The office triages; 转为代表建议 with the deputy who takes it up.
    await act('staff', 'TRIAGE', { proposedRoute: 'COUNTY_SUGGESTION', opinion: '涉及城区照明改造，请代表提出建议。' }, issueId);
    const triaged = (await tasks('staff')).find((t) => t.instanceId === issueId)!;
    expect(triaged.outcomes.map((o) => o.title).sort()).toEqual(['转办', '转为代表建议', '合并办理', '列入民生实事项目征集'].sort());
    const converted = await act('staff', 'CONVERT_TO_SUGGESTION', { title: TITLE, leadDeputyId: 'demo-deputy2', reason: '路灯问题涉及全城照明改造，需由代表提出建议推动。' }, issueId);
    expect(converted.state).toBe('convertedToSuggestion');

    // Linked both ways, in words.
    const issue = await view(issueId);
    expect(issue.links).toHaveLength(1);
    const link = issue.links[0];
    expect([link.direction, link.process.title, link.title, link.state.title, link.finished]).toEqual(['to', '代表建议、批评和意见办理', TITLE, '待代表完善', false]);
    const suggestionId = link.id as string;
    const suggestion = await view(suggestionId);
    expect([suggestion.context.origin, suggestion.context.sourceCode, suggestion.context.leadDeputyId, suggestion.title]).toEqual(['RECESS', 'CONSTITUENT', 'demo-deputy2', TITLE]);
    expect(suggestion.links.map((l: any) => [l.direction, l.process.title, l.title, l.state.title])).toEqual([['from', '群众意见办理', issue.title, '已转为代表建议']]);
    expect(suggestion.context.body).toContain('幸福路122号至南门桥段路灯坏了三个月');
    // The citizen stays with the station: nothing of them in the suggestion.
    const stored = await w.handle.db.selectFrom('instances').select('snapshot').where('id', '=', suggestionId).executeTakeFirstOrThrow();
    const events = await w.handle.db.selectFrom('instance_events').select('data').where('instance_id', '=', suggestionId).execute();
    expect(JSON.stringify([stored.snapshot, events])).not.toMatch(/13912345678|王秀英|幸福路122号3栋/);

    // The deputy finds the pre-filled draft, completes it and submits it.
    const draft = (await tasks('deputy2')).find((t) => t.instanceId === suggestionId)!;
    expect(draft.title).toBe(`完善并提交代表建议：${TITLE}`);
    const detail = (await w.call(await token('deputy2'), 'GET', `/tasks/${draft.id}`)).body;
    const prefilled = detail.prefill.SUBMIT;
    expect([prefilled.title, prefilled.origin, prefilled.sourceCode, prefilled.leadDeputyId]).toEqual([TITLE, 'RECESS', 'CONSTITUENT', 'demo-deputy2']);
    const submitted = await act('deputy2', 'SUBMIT', { ...prefilled, body: `${prefilled.body}\n建议县住建局将幸福路南段纳入照明改造计划。` }, suggestionId);
    expect(submitted.state).toBe('screening');
    expect((await view(issueId)).state).toBe('convertedToSuggestion');

    // The normal suggestion path: registered, assigned, answered, rated.
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' }, suggestionId);
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' }, suggestionId);
    await act('staff', 'APPROVE_ASSIGNMENT', {}, suggestionId);
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-04-03', mode: 'SITE_VISIT', summary: '与代表一起到幸福路现场查看。' });
    await act('unit1', 'START_DRAFT');
    await act('unit1', 'SUBMIT_DRAFT', ANSWER);
    await act('unit1', 'APPROVE_DRAFT');
    await act('unit1', 'SUBMIT_ANSWER');
    expect((await view(issueId)).state).toBe('convertedToSuggestion');
    await act('deputy2', 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });

    // Concluded: the issue is closed with the answer relayed.
    expect((await view(suggestionId)).state).toBe('concluded');
    const closed = await view(issueId);
    expect([closed.state, closed.status, closed.context.reply.result, closed.context.reply.relayed]).toEqual(['closed', 'done', 'PLANNED', true]);
    expect(closed.links[0].state.title).toBe('已办结');
    const lookup = await w.pub('POST', '/public/issues/lookup', { receiptCode, phone: '13912345678' }, '198.51.100.22');
    expect(lookup.status, JSON.stringify(lookup.body)).toBe(200);
    expect([lookup.body.issue.state.title, lookup.body.issue.reply.result.title, lookup.body.issue.canGiveFeedback]).toEqual(['已办结', '列入计划', false]);
    expect(lookup.body.issue.reply.text).toBe(`您反映的问题已由人大代表提出建议《${TITLE}》，现已办结。承办单位答复：${ANSWER.body}　`);
    expect(lookup.body.issue.steps.map((s: { title: string }) => s.title)).toEqual(['登记群众意见', '提出拟办意见', '转为代表建议', '代表建议办理结果已转告']);
    // The station sees it: its staff is told.
    const told = (await w.call(await token('staff'), 'GET', '/notifications')).body.notifications.map((n: { message: string }) => n.message);
    expect(told).toContain(`由群众意见“${issue.title}”转成的代表建议已办结，答复已转告反映人。`);
  });

  it('sends the issue back to the office when the deputy does not take the draft up', { timeout: 60_000 }, async () => {
    handle = await open();
    const w = await intakeApp(handle);
    const { act, view } = actor(w);
    const { instanceId: issueId } = await submitIssue(w, CITIZEN_ISSUE, '198.51.100.31');
    await act('staff', 'TRIAGE', { proposedRoute: 'COUNTY_SUGGESTION', opinion: '请代表提出建议。' }, issueId);
    await act('staff', 'CONVERT_TO_SUGGESTION', { title: TITLE, leadDeputyId: 'demo-deputy2', reason: '需代表推动。' }, issueId);
    const suggestionId = (await view(issueId)).links[0].id;
    await act('deputy2', 'WITHDRAW', undefined, suggestionId);
    expect((await view(suggestionId)).state).toBe('withdrawn');
    const back = await view(issueId);
    // 已拟办 runs the office's and the station manager's routing side by side (a parallel state).
    expect([back.state.split('.')[0], back.links[0].state.title]).toEqual(['triaged', '已撤回']);
  });

  it('hands a 民生实事建议 issue to the year’s collection as an idea, linked both ways', { timeout: 60_000 }, async () => {
    handle = await open();
    const w = await intakeApp(handle);
    const { act, view, tasks, token } = actor(w);
    const idea = { ...CITIZEN_ISSUE, category: 'LIVELIHOOD_IDEA', content: '城关镇老人多，建议在幸福路社区建一个老年食堂。', request: '建老年食堂' };
    const { instanceId: issueId } = await submitIssue(w, idea, '198.51.100.41');
    await act('staff', 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '列入民生实事项目征集。' }, issueId);
    const handOver = { title: '幸福路社区老年食堂', domain: 'ELDERLY_CHILDCARE', location: '城关镇幸福路社区', need: '社区60岁以上老人1200人，缺少就餐服务。' };

    // No collection is open: refused in words, nothing written.
    const refused = await act('staff', 'TO_LIVELIHOOD_IDEA', handOver, issueId, 422);
    expect([refused.error.code, refused.error.message]).toEqual(['LINK_TARGET_MISSING', expect.stringContaining('没有')]);
    expect((await view(issueId)).state.split('.')[0]).toBe('triaged');
    expect(Number((await w.handle.db.selectFrom('instance_links').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);

    // The office opens the 2027 collection; now the idea joins it.
    const started = await w.call(await token('staff'), 'POST', '/definitions/livelihood-vote/instances', { data: { year: 2027, seats: 10, collectionEnd: '2026-10-15' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const voteId = started.body.id as string;
    const handed = await act('staff', 'TO_LIVELIHOOD_IDEA', handOver, issueId);
    expect(handed.state).toBe('toLivelihoodIdea');
    const vote = await view(voteId);
    expect(vote.context.ideas).toHaveLength(1);
    const item = vote.context.ideas[0];
    expect([item.title, item.domain, item.proposerType, item.channel, item.proposerName, item.contact, item.linkedFrom]).toEqual([handOver.title, 'ELDERLY_CHILDCARE', 'CITIZEN', 'STATION', `群众（${STATION.name}收集）`, STATION.name, issueId]);
    expect(JSON.stringify(vote.context)).not.toMatch(/13912345678|王秀英/);
    expect(vote.links.map((l: any) => [l.direction, l.process.title, l.state.title])).toEqual([['from', '群众意见办理', '已列入民生实事项目征集']]);
    const toVote = (await view(issueId)).links;
    expect(toVote.map((l: any) => [l.direction, l.process.title, l.title])).toEqual([['to', '民生实事项目人大代表票决', '2027年度民生实事项目票决']]);
    expect(toVote[0].state.title).toContain('登记项目建议');

    // Another category cannot be handed over.
    w.clock.set('2026-04-01T01:05:00Z');
    const other = await submitIssue(w, CITIZEN_ISSUE, '198.51.100.42');
    await act('staff', 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '转住建局。' }, other.instanceId);
    expect((await act('staff', 'TO_LIVELIHOOD_IDEA', handOver, other.instanceId, 422)).error.code).toBe('TRANSITION_REJECTED');

    // When the collection closes the idea is triaged with the rest.
    await act('staff', 'CLOSE_COLLECTION', undefined, voteId);
    expect((await tasks('staff')).map((t) => t.title)).toContain(`初步筛选项目建议：${handOver.title}`);
  });

  it('shows an evaluated department the unit’s suggestion figures of the year, as the statistics give them', { timeout: 120_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const { act, token } = actor(w);
    const suggestion = (title: string) => ({ title, body: '建议内容。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' });
    const startOne = async (title: string) => {
      const r = await w.call(await token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: suggestion(title) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const id = r.body.id as string;
      await act('staff', 'ACCEPT', { categoryCode: 'OTHER' }, id);
      await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' }, id);
      await act('staff', 'APPROVE_ASSIGNMENT', {}, id);
      return id;
    };
    await startOne('关于加快老旧小区加装电梯的建议');
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'PHONE', summary: '电话沟通。' });
    await act('unit1', 'START_DRAFT');
    await act('unit1', 'SUBMIT_DRAFT', { ...ANSWER, resultCode: 'A' });
    await act('unit1', 'APPROVE_DRAFT');
    await act('unit1', 'SUBMIT_ANSWER');
    await act('deputy1', 'FEEDBACK', { consultationHappened: 'PHONE', resultSatisfaction: 'SATISFIED' });
    await startOne('关于规范物业服务收费的建议');

    const plan = { year: 2026, type: 'DEPARTMENT', subjects: [{ id: 'dept-housing', kind: 'DEPARTMENT', name: '住房和城乡建设局', unitId: 'unit-housing' }], contentItems: ['OPINIONS_AND_SUGGESTIONS', 'SERVICE_STYLE'] };
    const started = await w.call(await token('staff'), 'POST', '/definitions/evaluation/instances', { data: plan });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await act('leader', 'PUBLISH_LIST', { publishedOn: '2026-03-10', channels: ['EMAIL'] }, started.body.id);

    const units = (await w.call(await token('staff'), 'GET', '/statistics/suggestion/units?period=year:2026')).body;
    const row = units.rows.find((r: any) => r.unit.id === 'unit-housing');
    const expected = units.columns.map((c: any, i: number) => ({ title: c.title, text: cellWords(row.cells[i]) }));
    expect(expected[0]).toEqual({ title: units.columns[0].title, text: '2件' });

    const selfReport = (await w.call(await token('unit1'), 'GET', '/tasks?mine=1')).body.tasks.find((t: Task) => t.instanceId === started.body.id);
    const shown = (await w.call(await token('unit1'), 'GET', `/tasks/${selfReport.id}`)).body.statistics;
    expect([shown.title, shown.period.title, shown.unit.name, shown.found]).toEqual([units.title, '2026年', row.unit.name, true]);
    expect(shown.figures.map((f: any) => ({ title: f.title, text: f.text }))).toEqual(expected);
    expect(JSON.stringify(shown.figures)).not.toMatch(/"text":"[A-Z_]+"/);
  });

  it('gives each deputy present at a held reception exactly one points entry, written when it closes', { timeout: 60_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-02T02:00:00Z');
    const { act, token, forget } = actor(w);
    const station = (await w.call(await token('admin'), 'POST', '/stations', { name: '城关镇代表之家', level: 'HOME', township: '城关镇', managerId: 'demo-staff', deputyIds: ['demo-deputy1', 'demo-deputy2', 'demo-deputy3'] })).body;
    const made = await w.call(await token('staff'), 'POST', '/receptions', { stationId: station.id, date: '2026-12-07', startTime: '09:00', endTime: '11:00', deputyIds: ['demo-deputy1', 'demo-deputy2'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const sessionId = made.body.id as string;
    const entries = async () =>
      (await w.handle.db.selectFrom('point_entries').select(['deputy_id', 'rule_code', 'points', 'state', 'source']).where('county_id', '=', 'demo').where('rule_code', '=', 'STATION_RECEPTION').orderBy('deputy_id').execute()).map((e) => ({ ...e, points: Number(e.points) }));

    w.clock.set('2026-12-04T01:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    w.clock.set('2026-12-07T01:00:00Z');
    forget();
    await act('staff', 'OPEN', undefined, sessionId);
    expect(await entries()).toEqual([]);
    await act('staff', 'CLOSE', { deputiesPresent: ['demo-deputy2', 'demo-deputy1'], citizensReceived: 9, issuesRecorded: 2 }, sessionId);
    const one = { rule_code: 'STATION_RECEPTION', points: 5, state: 'pendingConfirm', source: 'AUTO' };
    expect(await entries()).toEqual([{ deputy_id: 'demo-deputy1', ...one }, { deputy_id: 'demo-deputy2', ...one }]);
    await act('staff', 'ARCHIVE', undefined, sessionId);
    expect(await entries()).toHaveLength(2);
    // The deputy reads it in words.
    const mine = (await w.call(await token('deputy1'), 'GET', '/points/mine')).body;
    expect(JSON.stringify(mine)).toContain('接待选民');
  });
});
