/**
 * The forms of 跟踪办理 (the unit's report of a commitment carried out, the office's revision of
 * the result category, the office's closing) and of 并案 (the merge at screening), each through
 * POST /api/tasks/:id/complete, at the input edges: a missing or mistyped field, a value not
 * among the choices, an impossible date, a control character (NUL, BEL, ESC), a line break in a
 * single-line field, an unknown key, `__proto__` as a key, text over the form's maximum, a body
 * over the size limit, data that is no object, an outcome of another task. Each is a 4xx with an
 * error code, never a 500, and the cases read back unchanged (state, context, history, open
 * tasks); after them the same tasks still complete with good data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { answer, suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;
const COMMITMENTS = [
  { text: '四月底前修复城东路段损坏路灯', dueDate: '2026-04-30' },
  { text: '六月底前完成人行道改造', dueDate: '2026-06-30' },
];
const HUGE = 'x'.repeat(3 * 1024 * 1024);

/** A concluded suggestion whose B answer started a follow-up; a main suggestion registered, a duplicate at screening. */
async function setup(w: WorkApp) {
  const d = suggestionDriver(w.call, (user) => w.login(user));
  const answered = await d.start('deputy1', { origin: 'RECESS', sourceCode: 'VISIT', title: '关于改善城东片区夜间照明的建议' });
  await d.act('staff', answered, 'ACCEPT', { categoryCode: 'OTHER' });
  await d.answerBy(answered, { ...answer('B'), commitments: COMMITMENTS });
  await d.act('deputy1', answered, 'FEEDBACK', { consultationHappened: 'PHONE', resultSatisfaction: 'SATISFIED' });
  const staff = await d.token('staff');
  const assignmentId = (await w.call(staff, 'GET', `/instances/${answered}`)).body.children[0].id as string;
  const followUpId = ((await w.call(staff, 'GET', `/instances/${assignmentId}`)).body.links as Json[]).find((l) => l.key === 'followUp').id as string;

  const main = await d.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH', title: '关于增设城关镇公交线路的建议' });
  await d.act('staff', main, 'ACCEPT', { categoryCode: 'TRANSPORT_POST_TELECOM' });
  const dup = await d.start('deputy2', { origin: 'SESSION', sourceCode: 'VISIT', title: '关于开通城关镇至新区公交的建议' });

  const taskOf = async (user: string, instanceId: string, outcome: string, titled = '') => {
    const tasks = (await w.call(await d.token(user), 'GET', '/tasks?mine=1&limit=500')).body.tasks as Json[];
    const task = tasks.find((t) => t.instanceId === instanceId && t.title.includes(titled) && t.outcomes.some((o: Json) => o.event === outcome));
    expect(task, `${user} has ${outcome} on ${instanceId}`).toBeDefined();
    return task.id as string;
  };
  return { d, followUpId, main, dup, taskOf };
}

describe.each(databases)('跟踪办理 and 并案 forms at the input edges ($name)', { timeout: 240_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('refuses bad, missing, unknown, control-character and oversized input with a 4xx, changing nothing', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const { d, followUpId, main, dup, taskOf } = await setup(w);
    const staff = await d.token('staff');
    const unit = await d.token('unit1');
    const reportTask = await taskOf('unit1', followUpId, 'REPORT_DONE', '路灯');
    const officeTask = await taskOf('staff', followUpId, 'REVISE_RESULT');
    const mergeTask = await taskOf('staff', dup, 'MERGE');
    const seen = async (id: string) => {
      const v = (await w.call(staff, 'GET', `/instances/${id}`)).body;
      return { state: v.state, status: v.status, context: v.context, history: v.history.length, open: (v.openTasks as Json[]).map((t) => t.id).sort() };
    };
    const before = await Promise.all([followUpId, main, dup].map(seen));

    const report = { doneOn: '2026-04-18', summary: '已更换损坏路灯 36 盏并恢复照明。' };
    const revision = { resultCode: 'A', reason: '经跟踪，问题已基本解决。' };
    const closing = { reason: '承诺事项已纳入年度民生实事，结束跟踪。' };
    const merge = { mainSuggestionId: main, categoryCode: 'TRANSPORT_POST_TELECOM', reason: '与第0002号建议内容相同。' };
    // [name, token, task, outcome, data, status, code]
    const cases: Array<[string, string, string, string, unknown, number, string]> = [
      ['report: no summary', unit, reportTask, 'REPORT_DONE', { doneOn: report.doneOn }, 400, 'VALIDATION_FAILED'],
      ['report: no data', unit, reportTask, 'REPORT_DONE', undefined, 400, 'VALIDATION_FAILED'],
      ['report: impossible date', unit, reportTask, 'REPORT_DONE', { ...report, doneOn: '2026-02-30' }, 400, 'VALIDATION_FAILED'],
      ['report: date as a number', unit, reportTask, 'REPORT_DONE', { ...report, doneOn: 20260418 }, 400, 'VALIDATION_FAILED'],
      ['report: empty summary', unit, reportTask, 'REPORT_DONE', { ...report, summary: '' }, 400, 'VALIDATION_FAILED'],
      ['report: NUL', unit, reportTask, 'REPORT_DONE', { ...report, summary: '已更换\u0000路灯' }, 400, 'INVALID_TEXT'],
      ['report: BEL', unit, reportTask, 'REPORT_DONE', { ...report, summary: '已更换\u0007路灯' }, 400, 'INVALID_TEXT'],
      ['report: line break in the date', unit, reportTask, 'REPORT_DONE', { ...report, doneOn: '2026-04-18\n' }, 400, 'VALIDATION_FAILED'],
      ['report: unknown key', unit, reportTask, 'REPORT_DONE', { ...report, late: false }, 400, 'VALIDATION_FAILED'],
      ['report: too long', unit, reportTask, 'REPORT_DONE', { ...report, summary: '长'.repeat(4001) }, 400, 'VALIDATION_FAILED'],
      ['report: huge body', unit, reportTask, 'REPORT_DONE', { ...report, summary: HUGE }, 413, 'BODY_TOO_LARGE'],
      ['report: a list', unit, reportTask, 'REPORT_DONE', [report], 400, 'VALIDATION_FAILED'],
      ['report: the office outcome', unit, reportTask, 'REVISE_RESULT', revision, 422, 'UNKNOWN_OUTCOME'],
      ['revision: category D', staff, officeTask, 'REVISE_RESULT', { ...revision, resultCode: 'D' }, 400, 'VALIDATION_FAILED'],
      ['revision: category __proto__', staff, officeTask, 'REVISE_RESULT', { ...revision, resultCode: '__proto__' }, 400, 'VALIDATION_FAILED'],
      ['revision: no reason', staff, officeTask, 'REVISE_RESULT', { resultCode: 'A' }, 400, 'VALIDATION_FAILED'],
      ['revision: ESC', staff, officeTask, 'REVISE_RESULT', { ...revision, reason: '已解决\u001b[31m' }, 400, 'INVALID_TEXT'],
      ['revision: unknown key', staff, officeTask, 'REVISE_RESULT', { ...revision, answeredResultCode: 'A' }, 400, 'VALIDATION_FAILED'],
      ['revision: too long', staff, officeTask, 'REVISE_RESULT', { ...revision, reason: '长'.repeat(2001) }, 400, 'VALIDATION_FAILED'],
      ['closing: no reason', staff, officeTask, 'CLOSE_FOLLOW_UP', {}, 400, 'VALIDATION_FAILED'],
      ['closing: reason a number', staff, officeTask, 'CLOSE_FOLLOW_UP', { reason: 1 }, 400, 'VALIDATION_FAILED'],
      ['closing: NUL', staff, officeTask, 'CLOSE_FOLLOW_UP', { reason: '结束\u0000' }, 400, 'INVALID_TEXT'],
      ['closing: unknown key', staff, officeTask, 'CLOSE_FOLLOW_UP', { ...closing, result: 'allReported' }, 400, 'VALIDATION_FAILED'],
      ['closing: too long', staff, officeTask, 'CLOSE_FOLLOW_UP', { reason: '长'.repeat(2001) }, 400, 'VALIDATION_FAILED'],
      ['closing: data a text', staff, officeTask, 'CLOSE_FOLLOW_UP', '结束', 400, 'VALIDATION_FAILED'],
      ['closing: the unit outcome', staff, officeTask, 'REPORT_DONE', report, 422, 'UNKNOWN_OUTCOME'],
      ['merge: no main suggestion', staff, mergeTask, 'MERGE', { categoryCode: merge.categoryCode, reason: merge.reason }, 400, 'VALIDATION_FAILED'],
      ['merge: empty main suggestion', staff, mergeTask, 'MERGE', { ...merge, mainSuggestionId: '' }, 400, 'VALIDATION_FAILED'],
      ['merge: main suggestion too long', staff, mergeTask, 'MERGE', { ...merge, mainSuggestionId: 'a'.repeat(201) }, 400, 'VALIDATION_FAILED'],
      ['merge: line break in the main suggestion', staff, mergeTask, 'MERGE', { ...merge, mainSuggestionId: `${main}\n` }, 400, 'VALIDATION_FAILED'],
      ['merge: NUL in the main suggestion', staff, mergeTask, 'MERGE', { ...merge, mainSuggestionId: `${main}\u0000` }, 400, 'INVALID_TEXT'],
      ['merge: unknown category', staff, mergeTask, 'MERGE', { ...merge, categoryCode: 'NOPE' }, 400, 'VALIDATION_FAILED'],
      ['merge: unknown key', staff, mergeTask, 'MERGE', { ...merge, leadDeputyId: 'demo-deputy3' }, 400, 'VALIDATION_FAILED'],
      ['merge: reason too long', staff, mergeTask, 'MERGE', { ...merge, reason: '长'.repeat(1001) }, 400, 'VALIDATION_FAILED'],
      ['merge: huge body', staff, mergeTask, 'MERGE', { ...merge, reason: HUGE }, 413, 'BODY_TOO_LARGE'],
      ['merge: no such suggestion', staff, mergeTask, 'MERGE', { ...merge, mainSuggestionId: 'no-such-suggestion' }, 422, 'LINK_TARGET_REFUSED'],
      ['merge: into itself', staff, mergeTask, 'MERGE', { ...merge, mainSuggestionId: dup }, 422, 'LINK_TARGET_REFUSED'],
    ];
    for (const [name, token, task, outcome, data, status, code] of cases) {
      const r = await w.call(token, 'POST', `/tasks/${task}/complete`, { outcome, data });
      expect([name, r.status]).toEqual([name, status]);
      expect([name, r.body.error?.code]).toEqual([name, code]);
    }
    // `__proto__` as a key of the form data is an unknown field, not a prototype (raw JSON: JSON.stringify would drop it).
    const raw = async (token: string, task: string, body: string) => {
      const r = await w.app.request(`/api/tasks/${task}/complete`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      return [r.status, ((await r.json()) as { error?: { code: string } }).error?.code];
    };
    expect(await raw(unit, reportTask, `{"outcome": "REPORT_DONE", "data": {"doneOn": "2026-04-18", "summary": "已落实", "__proto__": {"late": true}}}`)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await raw(staff, officeTask, `{"outcome": "REVISE_RESULT", "data": {"__proto__": {"resultCode": "A"}, "reason": "理由"}}`)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await raw(staff, mergeTask, `{"outcome": "MERGE", "data": {"mainSuggestionId": "${main}", "categoryCode": "OTHER", "reason": "重复", "__proto__": {"x": 1}}}`)).toEqual([400, 'VALIDATION_FAILED']);

    // Nothing changed: the follow-up, the main suggestion and the duplicate read back as before.
    expect(await Promise.all([followUpId, main, dup].map(seen))).toEqual(before);
    expect(before[2]?.context.serialNo).toBeNull();

    // The same tasks take good data.
    expect((await w.call(unit, 'POST', `/tasks/${reportTask}/complete`, { outcome: 'REPORT_DONE', data: report })).status).toBe(200);
    expect((await w.call(staff, 'POST', `/tasks/${officeTask}/complete`, { outcome: 'REVISE_RESULT', data: revision })).status).toBe(200);
    expect((await w.call(staff, 'POST', `/tasks/${mergeTask}/complete`, { outcome: 'MERGE', data: merge })).status).toBe(200);
    const after = await seen(followUpId);
    expect([after.context.reportedItems.map((x: Json) => x.text), after.context.revisedResultCode]).toEqual([['四月底前修复城东路段损坏路灯'], 'A']);
    expect((await seen(dup)).state).toBe('merged');
  });
});
