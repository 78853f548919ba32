/**
 * 退回, 加签 and 撤回 over HTTP on a suggestion task (审定交办方案, 拟定交办意见) and on a
 * supervision task (审定年度监督工作计划, 起草年度监督工作计划), each with its history entry in
 * words, and the refusals: a role the task does not declare (403), an empty reason (400), a
 * withdrawal after the next task was completed (409 下一环节已开始办理), a completion while the
 * added signer has not answered (409); races of two withdrawals and of a withdrawal against the
 * next holder: exactly one wins. Both databases.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';
import { taskDriver } from '../support/task-driver.ts';
import { PROPOSAL } from '../replay/walks/supervision-two-failures.ts';

const SUGGESTION = {
  title: '关于加快农村道路亮化设施建设的建议',
  body: '部分村道夜间无照明，建议分批安装太阳能路灯。',
  origin: 'RECESS',
  leadDeputyId: 'demo-deputy1',
  sourceCode: 'VISIT',
};
const PROPOSE = { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' };

interface Task {
  id: string;
  instanceId: string;
  title: string;
  status: string;
  claimedBy: string | null;
  dueAt: string | null;
  outcomes: Array<{ event: string }>;
}
interface History {
  type: string;
  title: string;
  actorName: string | null;
  from: string | null;
  to: string | null;
  data: { data?: Record<string, unknown> } | null;
}

describe.each(databases)('task actions 退回, 加签, 撤回 ($name)', { timeout: 180_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(start = '2026-03-02T01:00:00Z') {
    handle = await open();
    const w = await workApp(handle, start);
    const d = taskDriver<Task>(w);
    const post = async (user: string, taskId: string, action: string, body: unknown) => w.call(await d.token(user), 'POST', `/tasks/${taskId}/actions/${action}`, body);
    const history = async (id: string): Promise<History[]> => (await d.view(id)).history as History[];
    const taskOf = async (user: string, id: string, outcome: string): Promise<Task> => {
      const t = (await d.inbox(user, id)).find((x) => x.outcomes.some((o) => o.event === outcome));
      expect(t, `${user} has ${outcome}`).toBeDefined();
      return t as Task;
    };
    const version = async (id: string) => Number((await d.view(id)).version);
    return { w, ...d, post, history, taskOf, version };
  }

  /** A suggestion accepted by the office: its 拟定交办意见 task is open. */
  async function registered(s: Awaited<ReturnType<typeof setup>>): Promise<string> {
    const started = await s.w.call(await s.token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    await s.act('staff', id, 'ACCEPT', { categoryCode: 'URBAN_RURAL_CONSTRUCTION' });
    return id;
  }

  /** A supervision plan drafted and submitted: the chair council's 审定 task is open for the leader. */
  async function planUnderReview(s: Awaited<ReturnType<typeof setup>>): Promise<string> {
    const started = await s.w.call(await s.token('staff'), 'POST', '/definitions/supervision/instances', { data: { year: 2026, callEnd: '2026-03-10' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const plan = started.body.id as string;
    await s.act('staff', plan, 'RECORD_PROPOSAL', { ...PROPOSAL, topicName: '义务教育优质均衡发展情况', method: 'WORK_REPORT', proposerType: 'CITIZEN', proposerName: '李秀英' });
    await s.act('staff', plan, 'CLOSE_CALL');
    await s.act('staff', plan, 'ADOPT', { title: '义务教育优质均衡发展情况', method: 'WORK_REPORT', unitId: 'unit-education', quarter: 2, committee: 'EDU_SCI_CULTURE_HEALTH', targetOrgan: 'GOV' });
    await s.act('staff', plan, 'SUBMIT_PLAN', { summary: '列入监督项目1项。' });
    return plan;
  }

  const timersOf = async (w: WorkApp, id: string) =>
    (await w.handle.db.selectFrom('timers').select(['key', 'fire_at']).where('instance_id', '=', id).orderBy('key').execute()).map((t) => `${t.key}@${new Date(t.fire_at).toISOString()}`);

  it('撤回 a suggestion task: the proposal comes back to its holder, the timers as they were; then refused once the next task was done', async () => {
    const s = await setup();
    const id = await registered(s);
    const proposeTask = await s.taskOf('staff', id, 'PROPOSE_ASSIGNMENT');
    const timersBefore = await timersOf(s.w, id);
    expect(timersBefore.some((t) => t.includes(':due@'))).toBe(true);
    await s.act('staff', id, 'PROPOSE_ASSIGNMENT', PROPOSE);
    expect((await s.view(id)).state).toBe('assignmentProposed');

    const info = await s.w.call(await s.token('staff'), 'GET', `/tasks/${proposeTask.id}/actions/return`);
    expect(info.body).toMatchObject({ withdraw: true, sendBack: false });
    // A deputy is not the one who completed it, and holds no declared role.
    expect((await s.post('deputy1', proposeTask.id, 'withdraw', {})).status).toBe(403);

    const r = await s.post('staff', proposeTask.id, 'withdraw', { reason: '主办单位选错了' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state).toBe('registered');
    const last = (r.body.history as History[]).at(-1) as History;
    expect([last.type, last.title, last.actorName, last.from, last.to, last.data?.data?.reason]).toEqual(['task.withdrawn', '撤回', '人代工委工作人员', 'assignmentProposed', 'registered', '主办单位选错了']);
    // The withdrawn proposal stays in the case's documents, marked with when and why; nothing else is.
    const docs = (await s.w.call(await s.token('staff'), 'GET', `/instances/${id}/documents`)).body.documents as Array<{ type: string; withdrawn?: { at: string; reason: string } }>;
    expect(docs.filter((d) => d.withdrawn).map((d) => [d.type, d.withdrawn?.reason])).toEqual([['PROPOSE_ASSIGNMENT', '主办单位选错了']]);
    // The same task, open again and held by the one who withdrew; the 审定 task is gone; timers re-armed.
    const again = await s.taskOf('staff', id, 'PROPOSE_ASSIGNMENT');
    expect([again.id, again.status, again.claimedBy]).toEqual([proposeTask.id, 'open', 'demo-staff']);
    expect((await s.inbox('staff', id)).map((t) => t.title)).toEqual([`拟定交办意见：${SUGGESTION.title}`]);
    expect(await timersOf(s.w, id)).toEqual(timersBefore);
    // Nothing to withdraw twice.
    expect((await s.post('staff', proposeTask.id, 'withdraw', {})).status).toBe(403);

    // Proposed again; the next holder completes 审定 → too late, nothing changed.
    await s.act('staff', id, 'PROPOSE_ASSIGNMENT', PROPOSE);
    await s.act('staff', id, 'APPROVE_ASSIGNMENT', {});
    const before = await s.version(id);
    const late = await s.post('staff', proposeTask.id, 'withdraw', { reason: '再改一次' });
    expect([late.status, late.body.error.code]).toEqual([409, 'NEXT_TASK_STARTED']);
    expect(late.body.error.message).toContain('下一环节已开始办理，不能撤回');
    expect(await s.version(id)).toBe(before);
  });

  it('撤回 races: two withdrawals, and a withdrawal against the next holder completing — exactly one wins', async () => {
    const s = await setup();
    const id = await registered(s);
    const proposeTask = await s.taskOf('staff', id, 'PROPOSE_ASSIGNMENT');
    await s.act('staff', id, 'PROPOSE_ASSIGNMENT', PROPOSE);
    const both = await Promise.all([s.post('staff', proposeTask.id, 'withdraw', {}), s.post('staff', proposeTask.id, 'withdraw', {})]);
    expect(both.map((r) => r.status < 300).filter(Boolean)).toHaveLength(1);
    expect(both.filter((r) => r.status >= 400).every((r) => r.status === 403 || r.status === 409)).toBe(true);
    expect((await s.history(id)).filter((h) => h.type === 'task.withdrawn')).toHaveLength(1);

    await s.act('staff', id, 'PROPOSE_ASSIGNMENT', PROPOSE);
    const next = await s.taskOf('staff', id, 'APPROVE_ASSIGNMENT');
    const [withdrawn, approved] = await Promise.all([
      s.post('staff', proposeTask.id, 'withdraw', {}),
      s.w.call(await s.token('staff'), 'POST', `/tasks/${next.id}/complete`, { outcome: 'APPROVE_ASSIGNMENT', data: {} }),
    ]);
    expect([withdrawn.status, approved.status].filter((st) => st === 200)).toHaveLength(1);
    expect([withdrawn.status, approved.status].filter((st) => st === 409)).toHaveLength(1);
    const state = (await s.view(id)).state as string;
    expect(state).toBe(withdrawn.status === 200 ? 'registered' : 'inHandling.reassignment.none');
  });

  it('退回 a suggestion task with its reason, and the refusals change nothing', async () => {
    const s = await setup();
    const id = await registered(s);
    const proposeTask = await s.taskOf('staff', id, 'PROPOSE_ASSIGNMENT');
    // 拟定交办意见 does not declare 退回.
    expect((await s.post('staff', proposeTask.id, 'sendBack', { reason: '不清楚' })).status).toBe(403);
    await s.act('staff', id, 'PROPOSE_ASSIGNMENT', PROPOSE);
    const review = await s.taskOf('staff', id, 'APPROVE_ASSIGNMENT');
    const before = await s.version(id);
    expect((await s.post('deputy1', review.id, 'sendBack', { reason: '不同意' })).status).toBe(403);
    const empty = await s.post('staff', review.id, 'sendBack', { reason: '  ' });
    expect([empty.status, empty.body.error.code, empty.body.error.details.errors[0].pointer]).toEqual([400, 'INVALID_INPUT', '/reason']);
    expect(await s.version(id)).toBe(before);

    // A signer still to answer is withdrawn with the task: the countersign leaves the leader's work.
    expect((await s.post('staff', review.id, 'addSigner', { userId: 'demo-leader', where: 'before' })).status).toBe(200);
    expect(await s.inbox('leader', id)).toHaveLength(1);
    const r = await s.post('staff', review.id, 'sendBack', { reason: '主办单位应为县交通运输局' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await s.inbox('leader', id)).toEqual([]);
    expect(r.body.state).toBe('registered');
    const [entry, step, cancelled] = (r.body.history as History[]).slice(-3) as [History, History, History];
    expect([entry.type, entry.title, entry.actorName, entry.data?.data?.reason]).toEqual(['task.sentBack', '退回', '人代工委工作人员', '主办单位应为县交通运输局']);
    expect([step.type, step.title, step.from, step.to]).toEqual(['SEND_BACK', '退回', 'assignmentProposed', 'registered']);
    // The countersign left with the task (the step's rule, sql/step-write.ts), in words.
    expect([cancelled.type, cancelled.title, cancelled.actorName]).toEqual(['task.countersignCancelled', '会签取消', null]);
    expect((await s.inbox('staff', id)).map((t) => t.title)).toEqual([`拟定交办意见：${SUGGESTION.title}`]);
  });

  it('加签 before and after on a suggestion task: the countersign in the signer’s inbox, the holder waits, 不同意 reopens, 同意 applies', async () => {
    const s = await setup();
    const id = await registered(s);
    await s.act('staff', id, 'PROPOSE_ASSIGNMENT', PROPOSE);
    const review = await s.taskOf('staff', id, 'APPROVE_ASSIGNMENT');

    // before: the leader must give an opinion first.
    const added = await s.post('staff', review.id, 'addSigner', { userId: 'demo-leader', where: 'before', reason: '请主任把关' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const signerEntry = (added.body.history as History[]).at(-1) as History;
    expect([signerEntry.type, signerEntry.title, signerEntry.actorName, signerEntry.data?.data?.signerName, signerEntry.data?.data?.where]).toEqual(['task.signerAdded', '加签', '人代工委工作人员', '主任会议成员', 'before']);
    const [countersign] = await s.inbox('leader', id);
    expect(countersign?.title).toBe(`会签：审定交办方案：${SUGGESTION.title}`);
    const waiting = await s.complete('staff', id, 'APPROVE_ASSIGNMENT', {});
    expect([waiting.status, waiting.body.error.code]).toEqual([409, 'SIGNER_OPINION_PENDING']);
    expect(waiting.body.error.message).toContain('主任会议成员');
    // The countersign is answered only with an opinion, never completed as a task or acted on as one.
    expect((await s.post('leader', countersign!.id, 'sendBack', { reason: 'x' })).status).toBe(403);
    expect((await s.post('staff', countersign!.id, 'countersign', { agree: true })).status).toBe(403);
    const agreed = await s.post('leader', countersign!.id, 'countersign', { agree: true, opinion: '同意交办住建局' });
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
    const opinion = (agreed.body.history as History[]).at(-1) as History;
    expect([opinion.type, opinion.title, opinion.actorName, opinion.data?.data?.holderName, opinion.data?.data?.agree, opinion.data?.data?.opinion]).toEqual(['task.countersigned', '会签意见', '主任会议成员', '人代工委工作人员', true, '同意交办住建局']);
    expect(await s.inbox('leader', id)).toEqual([]);

    // after: the completion is held until the leader answers.
    expect((await s.post('staff', review.id, 'addSigner', { userId: 'demo-leader', where: 'after' })).status).toBe(200);
    const held = await s.act('staff', id, 'APPROVE_ASSIGNMENT', {});
    expect(held.state).toBe('assignmentProposed');
    expect(((held.history as History[]).at(-1) as History).title).toBe('办理待加签人会签');
    const [second] = await s.inbox('leader', id);
    const noReason = await s.post('leader', second!.id, 'countersign', { agree: false });
    expect([noReason.status, noReason.body.error.details.errors[0].pointer]).toEqual([400, '/opinion']);
    const refused = await s.post('leader', second!.id, 'countersign', { agree: false, opinion: '办理期限应缩短' });
    expect(refused.status).toBe(200);
    expect(refused.body.state).toBe('assignmentProposed');
    expect((await s.taskOf('staff', id, 'APPROVE_ASSIGNMENT')).id).toBe(review.id);

    expect((await s.post('staff', review.id, 'addSigner', { userId: 'demo-leader', where: 'after' })).status).toBe(200);
    await s.act('staff', id, 'APPROVE_ASSIGNMENT', {});
    const [third] = await s.inbox('leader', id);
    const applied = await s.post('leader', third!.id, 'countersign', { agree: true });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.state).toBe('inHandling.reassignment.none');
    const approve = (applied.body.history as History[]).find((h) => h.type === 'APPROVE_ASSIGNMENT') as History;
    expect([approve.title, approve.actorName]).toEqual(['审定交办', '人代工委工作人员']);
    const row = await s.w.handle.db.selectFrom('tasks').select(['status', 'completed_by']).where('id', '=', review.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'completed', completed_by: 'demo-staff' });
  });

  it('撤回, 加签 and 退回 on a supervision task, each in the history', async () => {
    const s = await setup();
    const plan = await planUnderReview(s);
    const draft = (await s.w.handle.db.selectFrom('tasks').select(['id']).where('instance_id', '=', plan).where('state_id', '=', 'supervision.drafting').where('status', '=', 'completed').executeTakeFirstOrThrow()).id;
    // 撤回 the submission to the chair council.
    const back = await s.post('staff', draft, 'withdraw', { reason: '补充一项' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.state).toBe('drafting');
    expect(((back.body.history as History[]).at(-1) as History).title).toBe('撤回');
    expect(await s.inbox('leader', plan)).toEqual([]);
    await s.act('staff', plan, 'SUBMIT_PLAN', { summary: '列入监督项目1项。' });

    // 加签 before: the staff member countersigns for the leader; the staff role may not 退回.
    const review = await s.taskOf('leader', plan, 'APPROVE_PLAN');
    expect((await s.post('staff', review.id, 'sendBack', { reason: 'x' })).status).toBe(403);
    expect((await s.post('leader', review.id, 'addSigner', { userId: 'demo-staff', where: 'before' })).status).toBe(200);
    const [cs] = await s.inbox('staff', plan);
    expect(cs?.title).toBe('会签：审定2026年度监督工作计划');
    expect((await s.post('staff', cs!.id, 'countersign', { agree: false, opinion: '议题数量偏少' })).status).toBe(200);

    // 退回 with the reason.
    const sent = await s.post('leader', review.id, 'sendBack', { reason: '请按会签意见增加议题' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.state).toBe('drafting');
    const titles = (sent.body.history as History[]).slice(-5).map((h) => `${h.actorName ?? ''}${h.title}`);
    expect(titles).toEqual(['人代工委工作人员提请主任会议审定', '主任会议成员加签', '人代工委工作人员会签意见', '主任会议成员退回', '主任会议成员退回']);

    // 加签 after, agreed: the plan is adopted as the leader's.
    await s.act('staff', plan, 'SUBMIT_PLAN', { summary: '列入监督项目1项。' });
    const review2 = await s.taskOf('leader', plan, 'APPROVE_PLAN');
    expect((await s.post('leader', review2.id, 'addSigner', { userId: 'demo-staff', where: 'after' })).status).toBe(200);
    expect((await s.act('leader', plan, 'APPROVE_PLAN', { meeting: '第四十次主任会议', approvedOn: '2026-03-15' })).state).toBe('underReview');
    const [cs2] = await s.inbox('staff', plan);
    const done = await s.post('staff', cs2!.id, 'countersign', { agree: true, opinion: '同意' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.state).not.toBe('underReview');
    expect(done.body.children).toHaveLength(1);
  });

  it('refuses NUL, lone surrogates, __proto__, negative numbers, non-objects and huge bodies with a 4xx, changing nothing', async () => {
    const s = await setup();
    const id = await registered(s);
    await s.act('staff', id, 'PROPOSE_ASSIGNMENT', PROPOSE);
    const review = await s.taskOf('staff', id, 'APPROVE_ASSIGNMENT');
    const before = await s.version(id);
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const cases: Array<[string, string, unknown]> = [
      ['sendBack: NUL', 'sendBack', { reason: '退\u0000回' }],
      ['sendBack: lone surrogate', 'sendBack', { reason: '退\ud800回' }],
      ['sendBack: __proto__', 'sendBack', JSON.parse('{"__proto__": {"reason": "x"}}')],
      ['sendBack: negative', 'sendBack', { reason: -1 }],
      ['sendBack: not an object', 'sendBack', ['退回']],
      ['sendBack: huge', 'sendBack', { reason: huge }],
      ['sendBack: too long', 'sendBack', { reason: '长'.repeat(501) }],
      ['addSigner: NUL', 'addSigner', { userId: 'demo-leader\u0000', where: 'before' }],
      ['addSigner: __proto__', 'addSigner', JSON.parse('{"__proto__": {"where": "before"}, "userId": "demo-leader"}')],
      ['addSigner: negative', 'addSigner', { userId: 'demo-leader', where: -1 }],
      ['addSigner: unknown user', 'addSigner', { userId: 'nobody', where: 'before' }],
      ['addSigner: another county', 'addSigner', { userId: 'qingxi-staff', where: 'before' }],
      ['addSigner: myself', 'addSigner', { userId: 'demo-staff', where: 'before' }],
      ['addSigner: not an object', 'addSigner', 'demo-leader'],
      ['withdraw: lone surrogate', 'withdraw', { reason: '\udc00' }],
      ['withdraw: __proto__', 'withdraw', JSON.parse('{"__proto__": {}}')],
      ['countersign: negative', 'countersign', { agree: -1 }],
      ['countersign: not an object', 'countersign', null],
    ];
    for (const [name, action, body] of cases) {
      const r = await s.post('staff', review.id, action, body);
      expect([name, r.status >= 400 && r.status < 500, typeof r.body.error?.code]).toEqual([name, true, 'string']);
    }
    const neg = await s.w.call(await s.token('staff'), 'POST', `/tasks/-1/actions/sendBack`, { reason: 'x' });
    expect(neg.status).toBe(404);
    expect(await s.version(id)).toBe(before);
    expect(await s.w.handle.db.selectFrom('task_signers').select('id').execute()).toEqual([]);
  });
});
