/**
 * The answer letter signed off inside the unit (issue 16): 拟稿 by a clerk → 审核 by a reviewer of
 * that unit (approve, or send back with a reason) → 签发 by a signer of that unit, whose name is
 * the signing user's (never a form field) → a numbered letter of the unit's year. Positions are
 * set by the county admin on the users API; a clerk or another unit's signer cannot sign.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const SUGGESTION = {
  title: '关于在社区卫生服务中心配置AED的建议',
  body: '建议在社区卫生服务中心配置自动体外除颤器。',
  origin: 'RECESS',
  leadDeputyId: 'demo-deputy1',
  sourceCode: 'CONSTITUENT',
};
const LETTER = {
  resultCode: 'B',
  body: '已列入年度计划，分批配置。',
  contactPerson: '孙敏',
  contactPhone: '0571-88885555',
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: true,
  commitments: [{ text: '年底前完成首批配置', dueDate: '2026-12-31' }],
};

describe.each(databases)('the answer letter: 拟稿 → 审核 → 签发 → 文号 ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function user(w: WorkApp, admin: string, username: string, displayName: string, unitId: string, positions: string[]): Promise<string> {
    const r = await w.call(admin, 'POST', '/users', { username, displayName, password: 'Letter-2026!', roles: ['unit'], unitId, positions });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.positions).toEqual(positions);
    return r.body.id as string;
  }

  it('walks the three people of one unit, numbers the letter and records the signing user', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const admin = await w.login('admin');
    await user(w, admin, 'hclerk', '卫健经办', 'unit-health', ['clerk']);
    await user(w, admin, 'hreviewer', '卫健科长', 'unit-health', ['reviewer']);
    const signerId = await user(w, admin, 'hhead', '卫健主任', 'unit-health', ['signer']);
    await user(w, admin, 'ehead', '教育局长', 'unit-education', ['signer']);
    const login = (u: string) => w.call(null, 'POST', '/auth/login', { username: u, password: 'Letter-2026!' }).then((r) => r.body.token as string);
    const tokens: Record<string, string> = {};
    for (const u of ['hclerk', 'hreviewer', 'hhead', 'ehead']) tokens[u] = await login(u);
    const staff = await w.login('staff');
    const tokenOf = async (u: string) => tokens[u] ?? (await w.login(u));
    const taskOf = async (u: string, outcome: string) => {
      const list = await w.call(await tokenOf(u), 'GET', '/tasks?mine=1');
      return list.body.tasks.find((t: { outcomes: Array<{ event: string }> }) => t.outcomes.some((o) => o.event === outcome));
    };
    const act = async (u: string, outcome: string, data?: unknown) => {
      const task = await taskOf(u, outcome);
      expect(task, `${u} has a task with ${outcome}`).toBeDefined();
      const r = await w.call(await tokenOf(u), 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };

    const id = (await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-health', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', {});
    await act('hclerk', 'ACCEPT');
    await act('hclerk', 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'PHONE', summary: '电话沟通。' });
    await act('hclerk', 'START_DRAFT');
    // The form no longer takes a 文号 or a 签发人.
    const drafting = await taskOf('hclerk', 'SUBMIT_DRAFT');
    const typed = await w.call(tokens.hclerk!, 'POST', `/tasks/${drafting.id}/complete`, { outcome: 'SUBMIT_DRAFT', data: { ...LETTER, docNo: '自编1号', signerId: 'demo-unit3' } });
    expect(typed.status).toBe(400);
    await act('hclerk', 'SUBMIT_DRAFT', LETTER);

    // Only the reviewer has the review; the clerk does not (and cannot complete it).
    expect(await taskOf('hclerk', 'APPROVE_DRAFT')).toBeUndefined();
    const review = await taskOf('hreviewer', 'APPROVE_DRAFT');
    expect(review.position).toMatchObject({ code: 'reviewer', title: '审核人' });
    expect((await w.call(tokens.hclerk!, 'POST', `/tasks/${review.id}/complete`, { outcome: 'APPROVE_DRAFT' })).status).toBe(403);
    // Sent back with a reason: the clerk revises.
    expect((await w.call(tokens.hreviewer!, 'POST', `/tasks/${review.id}/complete`, { outcome: 'RETURN_DRAFT', data: {} })).status).toBe(400);
    await act('hreviewer', 'RETURN_DRAFT', { comment: '请写明配置数量和时间。' });
    const back = (await w.call(staff, 'GET', `/instances/${id}`)).body.children[0];
    expect(back.context.draftReturns.map((r: { comment: string }) => r.comment)).toEqual(['请写明配置数量和时间。']);
    const revise = await taskOf('hclerk', 'SUBMIT_DRAFT');
    expect((await w.call(tokens.hclerk!, 'GET', `/tasks/${revise.id}`)).body.prefill?.SUBMIT_DRAFT?.body).toBe(LETTER.body);
    await act('hclerk', 'SUBMIT_DRAFT', { ...LETTER, body: '年底前在12个社区卫生服务中心配置AED。' });
    await act('hreviewer', 'APPROVE_DRAFT');

    // 签发: a clerk cannot sign (403), nor a signer of another unit (the task is not theirs: 403).
    const sign = await taskOf('hhead', 'SUBMIT_ANSWER');
    expect(sign.position).toMatchObject({ code: 'signer', title: '签发人' });
    expect(sign.positionVacant).toBe(false);
    expect((await w.call(tokens.hclerk!, 'POST', `/tasks/${sign.id}/complete`, { outcome: 'SUBMIT_ANSWER' })).status).toBe(403);
    expect((await w.call(tokens.hreviewer!, 'POST', `/tasks/${sign.id}/complete`, { outcome: 'SUBMIT_ANSWER' })).status).toBe(403);
    expect([403, 404]).toContain((await w.call(tokens.ehead!, 'POST', `/tasks/${sign.id}/complete`, { outcome: 'SUBMIT_ANSWER' })).status);
    await act('hhead', 'SUBMIT_ANSWER');

    const child = (await w.call(staff, 'GET', `/instances/${id}`)).body.children[0];
    const letter = child.context.answer;
    expect(letter.letterNo).toBe('县卫生健康委员会函〔2026〕1号');
    expect([letter.signerId, letter.signerName, letter.reviewerName]).toEqual([signerId, '卫健主任', '卫健科长']);
    expect(letter.body).toBe('年底前在12个社区卫生服务中心配置AED。');
    expect(child.context.answers).toHaveLength(1);
    // The deputy now rates it (the existing feedback task).
    expect(await taskOf('deputy1', 'FEEDBACK')).toBeDefined();
  }, 240_000);

  it('numbers letters per unit and year, and warns when a unit has no signer', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const admin = await w.login('admin');
    // unit2 (the demo clerk of 教育局) drafts and reviews; the demo gives it every position — take 签发 away.
    const unit2 = (await w.call(admin, 'GET', '/users')).body.users.find((u: { username: string }) => u.username === 'unit2');
    expect((await w.call(admin, 'PATCH', `/users/${unit2.id}`, { positions: ['clerk', 'reviewer'] })).body.positions).toEqual(['clerk', 'reviewer']);
    expect((await w.call(admin, 'PATCH', `/users/${unit2.id}`, { positions: ['mayor'] })).status).toBe(400);
    expect((await w.call(admin, 'PATCH', `/users/${unit2.id}`, { positions: ['signer', 'signer'] })).status).toBe(400);
    const token = await w.login('unit2');
    const act = async (u: string, outcome: string, data?: unknown) => {
      const list = await w.call(u === 'unit2' ? token : await w.login(u), 'GET', '/tasks?mine=1');
      const task = list.body.tasks.find((t: { outcomes: Array<{ event: string }> }) => t.outcomes.some((o) => o.event === outcome));
      expect(task, `${u} has ${outcome}`).toBeDefined();
      const r = await w.call(u === 'unit2' ? token : await w.login(u), 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    const id = (await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-education', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', {});
    await act('unit2', 'ACCEPT');
    await act('unit2', 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'PHONE', summary: '电话沟通。' });
    await act('unit2', 'START_DRAFT');
    await act('unit2', 'SUBMIT_DRAFT', LETTER);
    await act('unit2', 'APPROVE_DRAFT');
    // Nobody of 教育局 may sign: the task says so to the office instead of waiting unseen.
    const childId = (await w.call(await w.login('staff'), 'GET', `/instances/${id}`)).body.children[0].id as string;
    const view = (await w.call(await w.login('staff'), 'GET', `/instances/${childId}`)).body;
    const signing = view.openTasks.find((t: { position: { code: string } | null }) => t.position?.code === 'signer');
    expect(signing.positionVacant).toBe(true);
    // The admin names a signer; the warning goes, and the letter is 教育局's first of 2026.
    expect((await w.call(admin, 'PATCH', `/users/${unit2.id}`, { positions: ['clerk', 'reviewer', 'signer'] })).status).toBe(200);
    const again = (await w.call(await w.login('staff'), 'GET', `/instances/${childId}`)).body.openTasks.find((t: { position: { code: string } | null }) => t.position?.code === 'signer');
    expect(again.positionVacant).toBe(false);
    await act('unit2', 'SUBMIT_ANSWER');
    const letter = (await w.call(await w.login('staff'), 'GET', `/instances/${id}`)).body.children[0].context.answer;
    expect(letter.letterNo).toBe('县教育局函〔2026〕1号');
  }, 240_000);
});
