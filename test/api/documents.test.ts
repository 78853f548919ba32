/**
 * Documents of a case (GET /api/instances/:id/documents) and of a task (GET /api/tasks/:id):
 * every submitted form in the order it happened, with its schema, who (name, unit), when, the
 * names of the people and units it refers to and its attachments; only for those who may see
 * the instance or task. A task shows the documents its definition names (meta.task.documents)
 * and a re-handling answer starts from the previous one (meta.task.prefill). Each signed answer
 * letter's 文号 stands beside the draft it was signed from (letterNo), every round's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER, ASSIGNMENT, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp } from '../support/work-app.ts';

interface Doc {
  instanceId: string;
  type: string;
  form: string;
  title: string;
  schema: { title: string };
  data: Record<string, unknown>;
  at: string;
  actorName: string | null;
  actorUnit: { name: string } | null;
  root: boolean;
  instanceUnit: { name: string } | null;
  names: Record<string, { name: string }>;
  files: Record<string, { name: string; size: number }>;
}

describe.each(databases)('documents of a suggestion on $name', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('lists every submitted form in order with names and attachments, to those who may see the case only', async () => {
    handle = await open();
    const w = await workApp(handle);
    const driver = taskDriver(w);
    // An hour between steps, as people work (tokens are kept per simulated time by the driver).
    const d = { ...driver, act: async (...args: Parameters<typeof driver.act>) => { const r = await driver.act(...args); w.clock.advance(3600_000); return r; } };
    const deputy1 = await d.token('deputy1');
    const unit1 = await d.token('unit1');
    const upload = async (token: string, name: string, text: string) =>
      (await w.call(token, 'POST', '/files', { name, mime: 'text/plain', base64: Buffer.from(text).toString('base64') })).body.file.fileId as string;

    const report = await upload(deputy1, '调研报告.txt', 'AED 调研');
    const started = await w.call(deputy1, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, attachments: [{ fileId: report, name: '调研报告.txt' }] } });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    await d.act('staff', id, 'ACCEPT', REGISTRATION);
    await d.act('staff', id, 'PROPOSE_ASSIGNMENT', ASSIGNMENT);
    const handling = await d.act('staff', id, 'APPROVE_ASSIGNMENT', { comment: '同意交办' });
    const childId = handling.children[0].id as string;
    await d.act('unit1', childId, 'ACCEPT');
    await d.act('unit1', childId, 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'FACE_TO_FACE', summary: '当面沟通选点方案。', deputyIds: ['demo-deputy1'] });
    await d.act('unit1', childId, 'START_DRAFT');
    await d.act('unit2', childId, 'SUBMIT_OPINION', { opinion: '教育局将在中小学配置AED。', signer: '县教育局 李华' });
    const letter = await upload(unit1, '答复函.pdf', '%PDF 答复函');
    const answer = { ...ANSWER, attachments: [{ fileId: letter, name: '答复函.pdf' }] };
    await d.act('unit1', childId, 'SUBMIT_DRAFT', answer);
    await d.act('unit1', childId, 'APPROVE_DRAFT');
    await d.act('unit1', childId, 'SUBMIT_ANSWER');

    // The deputy's feedback task shows the suggestion, the consultation and the answer letter (meta.task.documents).
    const [feedbackTask] = await d.inbox('deputy1', childId);
    const feedback = (await w.call(deputy1, 'GET', `/tasks/${feedbackTask?.id}`)).body;
    expect(feedback.documents.map((x: Doc) => x.schema.title)).toEqual(['代表建议', '面商沟通记录', '答复函']);
    const shown = feedback.documents[2] as Doc;
    expect(shown.data).toEqual(answer);
    expect(shown.files[letter]).toEqual({ name: '答复函.pdf', mime: 'text/plain', size: Buffer.byteLength('%PDF 答复函') });
    expect(feedback.prefill).toEqual({});

    await d.act('deputy1', childId, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'UNSATISFIED', comments: '社区点位仍未覆盖。', requestRehandle: true });

    // The whole case, oldest first; outcomes without a form (签收, 开始起草答复) are not documents.
    const staff = await d.token('staff');
    const all = await w.call(staff, 'GET', `/instances/${id}/documents`);
    expect(all.status).toBe(200);
    expect(all.body.serialNo).toBe('十八届一次-0001');
    const docs = all.body.documents as Doc[];
    expect(docs.map((x) => `${x.type}:${x.form}`)).toEqual([
      'started:suggestion',
      'ACCEPT:registration',
      'PROPOSE_ASSIGNMENT:assignment',
      'APPROVE_ASSIGNMENT:decision',
      'LOG_CONSULTATION:consultation',
      'SUBMIT_OPINION:assistOpinion',
      'SUBMIT_DRAFT:answer',
      'FEEDBACK:feedback',
    ]);
    for (let i = 1; i < docs.length; i++) expect(Date.parse(docs[i]!.at)).toBeGreaterThanOrEqual(Date.parse(docs[i - 1]!.at));
    const [suggestion, , assignment] = docs;
    expect([suggestion?.title, suggestion?.actorName, suggestion?.root]).toEqual(['发起', '王建国', true]);
    expect(suggestion?.names).toEqual({ '/leadDeputyId': { name: '王建国', name_en: null }, '/coSignerIds/0': expect.objectContaining({ name: expect.any(String) }) });
    expect(suggestion?.files[report]?.name).toBe('调研报告.txt');
    expect(assignment?.names['/leadUnitId']?.name).toBe('县住房和城乡建设局');
    const letterDoc = docs.find((x) => x.form === 'answer') as Doc;
    expect([letterDoc.title, letterDoc.root, letterDoc.actorUnit?.name, letterDoc.instanceUnit?.name]).toEqual(['提交答复函送审核', false, '县住房和城乡建设局', '县住房和城乡建设局']);
    expect(letterDoc.names['/ccOffices/0']?.name).toMatch(/人事代表工作委员会/);
    expect(docs.find((x) => x.form === 'consultation')?.names['/deputyIds/0']?.name).toBe('王建国');

    // The unit's clerk sees the case through its child, the child's page shows the suggestion too; a stranger sees nothing.
    expect((await w.call(unit1, 'GET', `/instances/${id}/documents`)).body.documents).toHaveLength(8);
    const fromChild = (await w.call(unit1, 'GET', `/instances/${childId}/documents`)).body.documents as Doc[];
    expect(fromChild.map((x) => x.form)).toEqual(docs.map((x) => x.form));
    for (const stranger of ['unit3', 'deputy3']) {
      const r = await w.call(await d.token(stranger), 'GET', `/instances/${id}/documents`);
      expect([r.status, r.body.error.code]).toEqual([404, 'INSTANCE_NOT_FOUND']);
    }
    expect((await w.call(staff, 'GET', '/instances/no-such-case/documents')).status).toBe(404);

    // Re-handling: the deputy's reasons and the first answer, and the new answer starts from it (meta.task.prefill).
    const [rehandling] = await d.inbox('unit1', childId);
    const again = (await w.call(unit1, 'GET', `/tasks/${rehandling?.id}`)).body;
    expect(again.documents.map((x: Doc) => x.form)).toEqual(['suggestion', 'answer', 'feedback']);
    expect(again.documents[2].data.comments).toBe('社区点位仍未覆盖。');
    expect(again.prefill).toEqual({ SUBMIT_DRAFT: answer });
    const r = await w.call(await d.token('deputy3'), 'GET', `/tasks/${rehandling?.id}`);
    expect([r.status, r.body.error.code]).toEqual([404, 'TASK_NOT_FOUND']);

    // The second letter: a draft sent back at review, the redraft signed. Each signed letter's 文号 stands beside the
    // draft it was signed from (the printed record shows it); the draft sent back has none.
    await d.act('unit1', childId, 'SUBMIT_DRAFT', { ...answer, body: '已补充在12个社区服务中心配置AED。' });
    await d.act('unit1', childId, 'RETURN_DRAFT', { comment: '请写明配置数量。' });
    await d.act('unit1', childId, 'SUBMIT_DRAFT', { ...answer, body: '已补充在12个社区服务中心配置AED共24台。' });
    await d.act('unit1', childId, 'APPROVE_DRAFT');
    await d.act('unit1', childId, 'SUBMIT_ANSWER');
    const letters = ((await w.call(staff, 'GET', `/instances/${id}/documents`)).body.documents as Array<Doc & { letterNo?: string }>).filter((x) => x.form === 'answer');
    expect(letters.map((x) => [x.data.body, x.letterNo])).toEqual([
      [ANSWER.body, '县住房和城乡建设局函〔2026〕1号'],
      ['已补充在12个社区服务中心配置AED。', undefined],
      ['已补充在12个社区服务中心配置AED共24台。', '县住房和城乡建设局函〔2026〕2号'],
    ]);
    expect((await w.call(staff, 'GET', `/instances/${childId}`)).body.context.answers.map((a: { letterNo: string }) => a.letterNo)).toEqual(['县住房和城乡建设局函〔2026〕1号', '县住房和城乡建设局函〔2026〕2号']);
    // The deputy's rating task shows the letter with its number too.
    const [rateAgain] = await d.inbox('deputy1', childId);
    const shownAgain = ((await w.call(await d.token('deputy1'), 'GET', `/tasks/${rateAgain?.id}`)).body.documents as Array<Doc & { letterNo?: string }>).filter((x) => x.form === 'answer');
    expect(shownAgain.map((x) => x.letterNo)).toContain('县住房和城乡建设局函〔2026〕2号');
  });
});
