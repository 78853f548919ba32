/**
 * The task actions of issue 16 item 3 over HTTP, on a suggestion's tasks and on a supervision
 * item's: 转办 (to a user, to a unit; to another county's unit refused and nothing changed),
 * 委托 and 收回委托 (the delegate acts, the completion records both), 催办 (the holder's message
 * and the count), comments and attachments on the case — each with its history entry in words.
 * The input edges of the new bodies are in test/api/task-action-edges.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCounty } from '../../runtime/store/index.ts';
import { PROPOSAL, supervisionSetup } from '../replay/walks/supervision-two-failures.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const SUGGESTION = {
  title: '关于加强城区停车管理的建议',
  body: '建议增设错时共享停车位。',
  origin: 'RECESS',
  leadDeputyId: 'demo-deputy1',
  sourceCode: 'CONSTITUENT',
};

interface Entry {
  type: string;
  title: string;
  detail?: string;
  actorName: string | null;
  onBehalfOfName?: string;
  data: { data?: Record<string, unknown>; onBehalfOf?: string };
}

/** Tasks and history as a person reads them. */
function reader(w: WorkApp) {
  const tokens = new Map<string, string>();
  const token = async (user: string) => tokens.get(user) ?? (tokens.set(user, await w.login(user)), tokens.get(user) as string);
  const inbox = async (user: string) => (await w.call(await token(user), 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; title: string; urgeCount: number; delegateId: string | null; outcomes: Array<{ event: string }> }>;
  const taskWith = async (user: string, instanceId: string, outcome: string) => {
    const t = (await inbox(user)).find((x) => x.instanceId === instanceId && x.outcomes.some((o) => o.event === outcome));
    expect(t, `${user} has ${outcome}`).toBeDefined();
    return t as NonNullable<typeof t>;
  };
  const history = async (id: string) => (await w.call(await token('staff'), 'GET', `/instances/${id}`)).body.history as Entry[];
  const last = async (id: string) => (await history(id)).at(-1) as Entry;
  const actions = async (user: string, taskId: string) => ((await w.call(await token(user), 'GET', `/tasks/${taskId}`)).body.allowedActions as Array<{ action: string; title: string }>).map((a) => a.title);
  const post = async (user: string, path: string, body: unknown) => w.call(await token(user), 'POST', path, body);
  const notes = async (user: string) => ((await w.call(await token(user), 'GET', '/notifications')).body.notifications as Array<{ message: string }>).map((n) => n.message);
  return { token, inbox, taskWith, history, last, actions, post, notes };
}

describe.each(databases)('task actions over HTTP ($name)', { timeout: 240_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('on a suggestion: 催办, 委托 and 收回委托 (the delegate resubmits for the deputy), 转办 to a user, a comment and an attachment, each in the history in words', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    await createCounty(w.handle.db, { code: 'other', name: '邻县', units: [{ id: 'unit-transport', name: '邻县交通运输局' }], users: [{ username: 'neighbour', roles: ['staff'] }] });
    const r = reader(w);
    const started = await r.post('deputy1', '/definitions/suggestion/instances', { data: SUGGESTION });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;

    // The office screens it: the screener may hand it on (转办) but not urge themself.
    const screening = await r.taskWith('staff', id, 'RETURN_TO_DEPUTY');
    expect(await r.actions('staff', screening.id)).toEqual(['转办']);
    expect((await r.post('staff', `/tasks/${screening.id}/complete`, { outcome: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '请补充具体地点。' } })).status).toBe(200);

    // 催办: the office urges the deputy; the deputy is told who urged which task, and the task counts it.
    const returned = await r.taskWith('deputy1', id, 'RESUBMIT');
    expect(await r.actions('staff', returned.id)).toEqual(['转办', '催办']);
    expect(await r.actions('deputy1', returned.id)).toEqual(['委托']);
    const urged = await r.post('staff', `/tasks/${returned.id}/actions/urge`, { reason: '交办会前需完成修改' });
    expect(urged.status, JSON.stringify(urged.body)).toBe(200);
    expect(await r.last(id)).toMatchObject({ type: 'task.urged', title: '催办', actorName: '人代工委工作人员', detail: expect.stringContaining('（王建国） · 理由：交办会前需完成修改') });
    expect((await r.notes('deputy1'))[0]).toMatch(/^催办：人代工委工作人员请您尽快办理“.+”：交办会前需完成修改$/);
    expect((await r.taskWith('deputy1', id, 'RESUBMIT')).urgeCount).toBe(1);
    const counted = await w.call(await w.login('staff'), 'GET', '/statistics/urges?period=year:2026');
    expect(counted.body).toMatchObject({ total: { tasks: 1, urges: 1 }, units: [{ unitId: null, tasks: 1, urges: 1 }] });

    // 委托: the deputy lets 李秀英 act for them; 收回委托 takes it back; again, and she resubmits.
    const noReason = await r.post('deputy1', `/tasks/${returned.id}/actions/delegate`, { userId: 'demo-deputy2', reason: '  ' });
    expect([noReason.status, noReason.body.error.code, noReason.body.error.details.errors[0].pointer]).toEqual([400, 'INVALID_BODY', '/reason']);
    const toStaff = await r.post('deputy1', `/tasks/${returned.id}/actions/delegate`, { userId: 'demo-staff', reason: '出差' });
    expect([toStaff.status, toStaff.body.error.code]).toEqual([400, 'TASK_ACTION_TARGET_UNSUITABLE']);
    expect((await r.post('deputy2', `/tasks/${returned.id}/actions/delegate`, { userId: 'demo-deputy3', reason: '出差' })).status).toBe(404); // not hers to see
    expect((await r.post('deputy1', `/tasks/${returned.id}/actions/delegate`, { userId: 'demo-deputy2', reason: '出差在外，请李秀英代为修改' })).status).toBe(200);
    expect(await r.last(id)).toMatchObject({ type: 'task.delegated', title: '委托', actorName: '王建国', detail: expect.stringContaining('委托李秀英代为办理 · 理由：出差在外，请李秀英代为修改') });
    expect((await r.inbox('deputy2')).map((t) => t.id)).toContain(returned.id);
    expect((await r.notes('deputy2'))[0]).toContain('王建国委托您代为办理');
    expect(await r.actions('deputy2', returned.id)).toEqual([]); // a delegate neither re-delegates nor takes it back
    expect(await r.actions('deputy1', returned.id)).toEqual(['收回委托']);
    expect((await r.post('deputy1', `/tasks/${returned.id}/actions/revokeDelegation`, { reason: '已返回' })).status).toBe(200);
    expect(await r.last(id)).toMatchObject({ type: 'task.delegationRevoked', title: '收回委托', detail: expect.stringContaining('不再委托李秀英代为办理 · 理由：已返回') });
    expect((await r.inbox('deputy2')).map((t) => t.id)).not.toContain(returned.id);
    expect((await r.post('deputy2', `/tasks/${returned.id}/complete`, { outcome: 'RESUBMIT', data: SUGGESTION })).status).toBe(403);
    expect((await r.post('deputy1', `/tasks/${returned.id}/actions/delegate`, { userId: 'demo-deputy2', reason: '再次出差' })).status).toBe(200);
    const resubmitted = await r.post('deputy2', `/tasks/${returned.id}/complete`, { outcome: 'RESUBMIT', data: { ...SUGGESTION, body: '建议在城关镇增设错时共享停车位。' } });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    const done = (await r.history(id)).find((e) => e.type === 'RESUBMIT') as Entry;
    expect([done.actorName, done.data.onBehalfOf]).toEqual(['李秀英', 'demo-deputy1']);
    // The history names both in words: 李秀英（代王建国办理）; entries nobody acted for carry no holder.
    expect(done.onBehalfOfName).toBe('王建国');
    expect((await r.history(id)).filter((e) => e.onBehalfOfName !== undefined).map((e) => e.type)).toEqual(['RESUBMIT']);
    // The documents name her and whom she acted for too (the resubmitted form only).
    const docs = (await w.call(await r.token('deputy1'), 'GET', `/instances/${id}/documents`)).body.documents as Array<{ type: string; actorName: string; onBehalfOfName?: string }>;
    expect(docs.filter((d) => d.onBehalfOfName !== undefined).map((d) => [d.type, d.actorName, d.onBehalfOfName])).toEqual([['RESUBMIT', '李秀英', '王建国']]);
    const row = await w.handle.db.selectFrom('tasks').select(['completed_by', 'delegate_id']).where('id', '=', returned.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ completed_by: 'demo-deputy2', delegate_id: 'demo-deputy2' });

    // 转办 to a user of the office: 系统管理员 now holds the screening; the declaration allows users only.
    const again = await r.taskWith('staff', id, 'ACCEPT');
    const toUnit = await r.post('staff', `/tasks/${again.id}/actions/transfer`, { to: 'unit', unitId: 'unit-housing', reason: '请住建局办理' });
    expect([toUnit.status, toUnit.body.error.code]).toEqual([403, 'TASK_ACTION_FORBIDDEN']);
    const toDeputy = await r.post('staff', `/tasks/${again.id}/actions/transfer`, { to: 'user', userId: 'demo-deputy2', reason: '请审查' });
    expect([toDeputy.status, toDeputy.body.error.code]).toEqual([400, 'TASK_ACTION_TARGET_UNSUITABLE']);
    const otherCounty = await r.post('staff', `/tasks/${again.id}/actions/transfer`, { to: 'user', userId: 'other-neighbour', reason: '请审查' });
    expect([otherCounty.status, otherCounty.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    expect((await r.post('deputy1', `/tasks/${again.id}/actions/transfer`, { to: 'user', userId: 'demo-admin', reason: '请审查' })).status).toBe(404);
    const moved = await r.post('staff', `/tasks/${again.id}/actions/transfer`, { to: 'user', userId: 'demo-admin', reason: '由分管同志审查' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await r.last(id)).toMatchObject({ type: 'task.transferred', title: '转办', actorName: '人代工委工作人员', detail: expect.stringMatching(/：— → 系统管理员 · 理由：由分管同志审查$/) });
    expect((await r.inbox('staff')).map((t) => t.id)).not.toContain(again.id);
    expect((await r.inbox('admin')).map((t) => t.id)).toContain(again.id);
    expect((await r.notes('admin'))[0]).toContain('人代工委工作人员将');

    // Comments and attachments on the case: whoever sees it.
    const commented = await r.post('deputy1', `/instances/${id}/comments`, { text: '补充：城关镇停车难问题突出。' });
    expect(commented.status, JSON.stringify(commented.body)).toBe(201);
    expect(await r.last(id)).toMatchObject({ type: 'comment.added', title: '评论', actorName: '王建国', detail: '补充：城关镇停车难问题突出。' });
    expect((await r.post('unit3', `/instances/${id}/comments`, { text: '路过' })).status).toBe(404);
    const upload = await r.post('deputy1', '/files', { name: '停车位调研.pdf', mime: 'application/pdf', base64: Buffer.from('%PDF-1.4 调研').toString('base64') });
    expect(upload.status).toBe(201);
    const fileId = upload.body.file.fileId as string;
    const read = async (user: string) => (await w.app.request(`/api/files/${fileId}`, { headers: { authorization: `Bearer ${await r.token(user)}` } })).status;
    expect(await read('staff')).toBe(404); // not part of the case yet
    expect((await r.post('staff', `/instances/${id}/attachments`, { fileId })).status).toBe(404); // not staff's upload
    const attached = await r.post('deputy1', `/instances/${id}/attachments`, { fileId, note: '现场照片汇总' });
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    expect(await r.last(id)).toMatchObject({ type: 'attachment.added', title: '添加附件', detail: '停车位调研.pdf · 理由：现场照片汇总' });
    expect(await read('staff')).toBe(200);
  });

  it('on a supervision item: 催办 and 转办 of the organ\'s report to another unit (another county\'s unit refused, nothing changed), 委托 of a staff task, a comment and an attachment', async () => {
    handle = await open();
    const { w, token, act, view } = await supervisionSetup(await workApp(handle, '2026-01-05T02:00:00Z'));
    await createCounty(w.handle.db, { code: 'other', name: '邻县', units: [{ id: 'unit-transport', name: '邻县交通运输局' }], users: [{ username: 'neighbour', roles: ['staff'] }] });
    const r = reader(w);
    const plan = (await w.call(await token('staff'), 'POST', '/definitions/supervision/instances', { data: { year: 2026, callEnd: '2026-01-10' } })).body.id as string;
    await act('staff', plan, 'RECORD_PROPOSAL', { ...PROPOSAL, topicName: '学前教育发展情况', method: 'WORK_REPORT', proposerType: 'CITIZEN', proposerName: '李秀英' });
    await act('staff', plan, 'CLOSE_CALL');
    await act('staff', plan, 'ADOPT', { title: '学前教育发展情况', method: 'WORK_REPORT', unitId: 'unit-education', quarter: 2, committee: 'EDU_SCI_CULTURE_HEALTH', targetOrgan: 'GOV' });
    await act('staff', plan, 'SUBMIT_PLAN', { summary: '列入监督项目1项。' });
    await act('leader', plan, 'APPROVE_PLAN', { meeting: '第四十次主任会议', approvedOn: '2026-01-15' });
    const item = ((await view(plan)).children as Array<{ id: string }>)[0]!.id;

    // 委托 of a staff task: the office hands 启动 to 系统管理员 (转办 to a user), who lets the clerk act for them.
    const planned = await r.taskWith('staff', item, 'START');
    expect((await r.post('staff', `/tasks/${planned.id}/actions/transfer`, { to: 'user', userId: 'demo-admin', reason: '由管理员启动' })).status).toBe(200);
    expect(await r.actions('admin', planned.id)).toEqual(['转办', '委托']);
    const delegated = await r.post('admin', `/tasks/${planned.id}/actions/delegate`, { userId: 'demo-staff', reason: '请工作人员代为启动' });
    expect(delegated.status, JSON.stringify(delegated.body)).toBe(200);
    expect(await r.last(item)).toMatchObject({ type: 'task.delegated', title: '委托', actorName: '系统管理员', detail: expect.stringContaining('委托人代工委工作人员代为办理') });
    expect((await r.post('staff', `/tasks/${planned.id}/actions/revokeDelegation`, {})).status).toBe(403); // the delegate cannot take it back
    expect((await r.post('admin', `/tasks/${planned.id}/actions/revokeDelegation`, {})).status).toBe(200);
    expect(await r.last(item)).toMatchObject({ type: 'task.delegationRevoked', title: '收回委托' });
    expect((await r.post('admin', `/tasks/${planned.id}/actions/delegate`, { userId: 'demo-staff', reason: '请工作人员代为启动' })).status).toBe(200);
    await act('staff', item, 'START');
    const started = (await r.history(item)).find((e) => e.type === 'START') as Entry;
    expect([started.actorName, started.data.onBehalfOf, started.onBehalfOfName]).toEqual(['人代工委工作人员', 'demo-admin', '系统管理员']);

    await act('staff', item, 'SUBMIT_WORKPLAN', { objectives: '推动工作。', content: '听取报告。', steps: '调研、听取报告。' });
    await act('leader', item, 'APPROVE_WORKPLAN', { meeting: '第四十二次主任会议', approvedOn: '2026-03-10' });
    await act('staff', item, 'LOG_ACTIVITY', { date: '2026-04-08', kind: 'SEMINAR', findings: '情况。' });
    await act('staff', item, 'END_FIELDWORK');
    await act('staff', item, 'SEND_TO_ORGAN_FOR_COMMENT', { findings: '情况。', opinions: '意见。' });

    // 催办: a leader urges the education bureau.
    const report = await r.taskWith('unit2', item, 'SUBMIT_ORGAN_REPORT');
    expect(await r.actions('unit2', report.id)).toEqual([]);
    expect(await r.actions('leader', report.id)).toEqual(['催办']);
    expect((await r.post('leader', `/tasks/${report.id}/actions/urge`, {})).status).toBe(200);
    expect(await r.last(item)).toMatchObject({ type: 'task.urged', title: '催办', actorName: '主任会议成员', detail: expect.stringContaining('（县教育局）') });
    expect((await r.notes('unit2'))[0]).toContain('催办：主任会议成员请您尽快办理');

    // 转办 to another county's unit: not found, and nothing changed.
    const before = await view(item);
    const far = await r.post('staff', `/tasks/${report.id}/actions/transfer`, { to: 'unit', unitId: 'unit-transport', reason: '请交通局报告' });
    expect([far.status, far.body.error.code]).toEqual([404, 'UNIT_NOT_FOUND']);
    const after = await view(item);
    expect([after.version, after.history.length]).toEqual([before.version, before.history.length]);
    expect((await r.inbox('unit2')).map((t) => t.id)).toContain(report.id);

    // 转办 to the health commission: its clerk has it, the education bureau's no longer, and it can be done there.
    const moved = await r.post('staff', `/tasks/${report.id}/actions/transfer`, { to: 'unit', unitId: 'unit-health', reason: '属卫健委职责' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await r.last(item)).toMatchObject({ type: 'task.transferred', title: '转办', detail: expect.stringMatching(/：县教育局 → 县卫生健康委员会 · 理由：属卫健委职责$/) });
    expect((await r.inbox('unit2')).map((t) => t.id)).not.toContain(report.id);
    expect((await r.inbox('unit3')).map((t) => t.id)).toContain(report.id);
    expect((await r.notes('unit3'))[0]).toContain('转给县卫生健康委员会办理');

    // Comments and attachments by the new holder, who now sees the case.
    expect((await r.post('unit3', `/instances/${item}/comments`, { text: '已收到，正在准备报告。' })).status).toBe(201);
    expect(await r.last(item)).toMatchObject({ type: 'comment.added', title: '评论', detail: '已收到，正在准备报告。' });
    const upload = await r.post('unit3', '/files', { name: '工作情况.docx', mime: 'application/octet-stream', base64: Buffer.from('报告').toString('base64') });
    expect((await r.post('unit3', `/instances/${item}/attachments`, { fileId: upload.body.file.fileId })).status).toBe(201);
    expect(await r.last(item)).toMatchObject({ type: 'attachment.added', title: '添加附件', detail: '工作情况.docx' });
    await act('unit3', item, 'SUBMIT_ORGAN_REPORT', { reportTitle: '工作情况的报告', summary: '……', reporterName: '孙丽' });
    expect((await r.post('leader', `/tasks/${report.id}/actions/urge`, {})).status).toBe(409); // done: nothing to urge
  });
});
