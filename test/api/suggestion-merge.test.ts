/**
 * 并案 and several raters (issue 16 item 1): deputy B's suggestion merged into deputy A's at
 * screening (the main is registered, not yet assigned) is registered and numbered, waits in
 * 已并案办理, and the main's handling carries B: ONE unit answer, then A and B each rate it in
 * an own task (满意 / 基本满意); both suggestions conclude, each with its own rating, and the
 * statistics count 2 suggestions and 2 ratings. Also: merging into a suggestion already in
 * handling is refused (422 LINK_TARGET_REFUSED) and changes nothing; co-signers receive the answer and, where the
 * county says RATE, rate it in an own task (kept on the record, the lead deputy's rating
 * decides), and a deputy in two roles (a merged lead deputy who co-signed the main) rates once, as
 * lead deputy; splitRating needs the process rating and the statistics show it; under 背靠背
 * (feedbackChannel DIRECT_TO_OFFICE) a unit clerk sees that a rating was given, not what, and
 * with VIA_UNIT sees it. Both databases.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;
const byId = (view: Json, id: string) => view.metrics.find((m: { id: string }) => m.id === id);
const parts = (f: Json) => Object.fromEntries(f.parts.map((p: Json) => [p.key, [p.numerator, p.denominator]]));

async function setup(w: WorkApp) {
  const d = suggestionDriver(w.call, (user) => w.login(user));
  const handle = async (id: string) => {
    await d.act('staff', id, 'PROPOSE_ASSIGNMENT', { viaGovOffice: false, supervisionLevel: 'GENERAL', mode: 'SINGLE', leadUnitId: 'unit-housing' });
    await d.act('staff', id, 'APPROVE_ASSIGNMENT', {});
    await d.act('unit1', id, 'ACCEPT');
    await d.act('unit1', id, 'LOG_CONSULTATION', consult);
    await d.act('unit1', id, 'START_DRAFT');
    await d.issue('unit1', id, answer('A'));
  };
  const view = async (id: string) => (await w.call(await d.token('staff'), 'GET', `/instances/${id}`)).body;
  const tasksOf = async (user: string) => (await w.call(await d.token(user), 'GET', '/tasks?mine=1&limit=500')).body.tasks as Json[];
  return { ...d, handle, view, tasksOf };
}

async function setSettings(w: WorkApp, settings: Record<string, unknown>) {
  const admin = await w.login('admin');
  expect((await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: { settings } })).status).toBe(200);
  expect((await w.call(admin, 'POST', '/definitions/suggestion-assignment/publish')).status).toBe(201);
}

describe.each(databases)('并案 and several raters ($name)', ({ open }) => {
  const handles: TestHandle[] = [];
  afterAll(async () => {
    for (const h of handles) await h.close();
  });
  const fresh = async () => {
    const h = await open();
    handles.push(h);
    return workApp(h, '2026-03-02T01:00:00Z');
  };

  it('two duplicates merged: one unit answer, A and B each rate, both concluded with their own rating, counted twice', { timeout: 180_000 }, async () => {
    const w = await fresh();
    const s = await setup(w);
    const main = await s.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH', title: '关于增设城关镇公交线路的建议' });
    await s.act('staff', main, 'ACCEPT', { categoryCode: 'TRANSPORT_POST_TELECOM' });
    const dup = await s.start('deputy2', { origin: 'SESSION', sourceCode: 'VISIT', title: '关于开通城关镇至新区公交的建议' });
    await s.act('staff', dup, 'MERGE', { mainSuggestionId: main, categoryCode: 'TRANSPORT_POST_TELECOM', reason: '与第0001号建议内容相同。' });

    const d = await s.view(dup);
    expect(d.state).toBe('merged');
    expect(d.links.map((l: Json) => [l.key, l.id, l.state.title])).toEqual([['mergedInto', main, '已登记']]);
    expect(d.context.serialNo).toBe('十八届一次-0002');
    expect(d.context.mergedInto).toBe(main);
    expect((await s.view(main)).context.mergedSuggestions.map((m: Json) => [m.leadDeputyId, m.linkedFrom])).toEqual([['demo-deputy2', dup]]);

    await s.handle(main);
    // ONE handling: one child, one answer; each lead deputy has an own task on it.
    const v = await s.view(main);
    expect(v.children).toHaveLength(1);
    const bTasks = (await s.tasksOf('deputy2')).filter((t) => t.instanceId === v.children[0].id);
    expect(bTasks.map((t) => t.title)).toEqual(['填写征询意见表：关于增设城关镇公交线路的建议']);
    await s.act('deputy1', main, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    expect((await s.view(main)).state).toBe('inHandling.reassignment.none');
    await s.act('deputy2', main, 'FEEDBACK', { consultationHappened: 'PHONE', resultSatisfaction: 'BASIC' });

    const m = await s.view(main);
    const b = await s.view(dup);
    expect([m.state, b.state]).toEqual(['concluded', 'concluded']);
    expect(m.context.satisfaction).toBe('SATISFIED');
    expect(b.context.satisfaction).toBe('BASIC');
    expect(b.context.mergedRatings.map((r: Json) => [r.unitId, r.round, r.resultCode, r.resultSatisfaction])).toEqual([['unit-housing', 0, 'A', 'BASIC']]);
    expect(b.context.concludedAt).toBeTruthy();

    const stats = (await w.call(await s.token('staff'), 'GET', '/statistics/suggestion?period=year:2026')).body;
    expect(byId(stats, 'total').count).toBe(2);
    expect(byId(stats, 'concludedCount').count).toBe(2);
    expect(byId(stats, 'assigned').count).toBe(1);
    expect(parts(byId(stats, 'satisfaction'))).toMatchObject({ SATISFIED: [1, 2], BASIC: [1, 2], UNSATISFIED: [0, 2] });
    const rate = byId(stats, 'satisfiedOrBasicRate');
    expect([rate.numerator, rate.denominator]).toEqual([2, 2]);
    expect(parts(byId(stats, 'results'))).toMatchObject({ A: [2, 2] });
  });

  it('refuses a merge into a suggestion already in handling, and changes nothing', { timeout: 120_000 }, async () => {
    const w = await fresh();
    const s = await setup(w);
    const main = await s.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH' });
    await s.act('staff', main, 'ACCEPT', { categoryCode: 'OTHER' });
    await s.handle(main);
    const dup = await s.start('deputy2', { origin: 'SESSION', sourceCode: 'VISIT' });
    await expect(s.act('staff', dup, 'MERGE', { mainSuggestionId: main, categoryCode: 'OTHER', reason: '重复。' })).rejects.toThrow(/LINK_TARGET_REFUSED/);
    await expect(s.act('staff', dup, 'MERGE', { mainSuggestionId: 'no-such-instance', categoryCode: 'OTHER', reason: '重复。' })).rejects.toThrow(/LINK_TARGET_REFUSED/);
    const d = await s.view(dup);
    expect(d.state).toBe('screening');
    expect(d.context.serialNo).toBeNull();
  });

  it('co-signers: RECEIVE notifies them; RATE gives each an own task, kept on the record, the lead deputy decides', { timeout: 180_000 }, async () => {
    const w = await fresh();
    const s = await setup(w);
    // Base county (RECEIVE): the co-signer is told, only the lead deputy rates.
    const one = await s.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH', coSignerIds: ['demo-deputy3'] });
    await s.act('staff', one, 'ACCEPT', { categoryCode: 'OTHER' });
    await s.handle(one);
    const notes = (await w.call(await s.token('deputy3'), 'GET', '/notifications?limit=50')).body;
    expect(JSON.stringify(notes)).toContain('可在建议中查看答复函');
    expect((await s.tasksOf('deputy3')).filter((t) => t.outcomes.some((o: Json) => o.event === 'FEEDBACK'))).toHaveLength(0);
    await s.act('deputy1', one, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    expect((await s.view(one)).state).toBe('concluded');

    await setSettings(w, { coSignersRate: 'RATE' });
    const two = await s.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH', coSignerIds: ['demo-deputy3'] });
    await s.act('staff', two, 'ACCEPT', { categoryCode: 'OTHER' });
    await s.handle(two);
    // The co-signer's 不满意 decides nothing; the lead deputy's 满意 closes it.
    await s.act('deputy3', two, 'FEEDBACK', { consultationHappened: 'NONE', resultSatisfaction: 'UNSATISFIED', comments: '没有联系我。' });
    await s.act('deputy1', two, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    const v = await s.view(two);
    expect(v.state).toBe('concluded');
    expect(v.context.satisfaction).toBe('SATISFIED');
    const child = await s.view(v.children[0].id);
    expect(child.context.ratings.map((r: Json) => [r.actorId, r.resultSatisfaction])).toEqual([['demo-deputy3', 'UNSATISFIED'], ['demo-deputy1', 'SATISFIED']]);
    expect(child.context.rehandleCount).toBe(0);
  });

  it('a deputy in two roles (a merged lead deputy who co-signed the main; a co-signer of both) gets one rating task, in the lead role', { timeout: 180_000 }, async () => {
    const w = await fresh();
    const s = await setup(w);
    await setSettings(w, { coSignersRate: 'RATE' });
    // 王建国 (deputy1) leads the main, co-signed by 李秀英 (deputy2) and deputy3; deputy2's own suggestion, co-signed by deputy3 too, is merged into it.
    const main = await s.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH', title: '关于增设城关镇公交线路的建议', coSignerIds: ['demo-deputy2', 'demo-deputy3'] });
    await s.act('staff', main, 'ACCEPT', { categoryCode: 'TRANSPORT_POST_TELECOM' });
    const dup = await s.start('deputy2', { origin: 'SESSION', sourceCode: 'VISIT', title: '关于开通城关镇至新区公交的建议', coSignerIds: ['demo-deputy3'] });
    await s.act('staff', dup, 'MERGE', { mainSuggestionId: main, categoryCode: 'TRANSPORT_POST_TELECOM', reason: '与第0001号建议内容相同。' });
    await s.handle(main);

    const childId = (await s.view(main)).children[0].id as string;
    const ratingTasks = async (user: string) => (await s.tasksOf(user)).filter((t) => t.instanceId === childId && t.outcomes.some((o: Json) => o.event === 'FEEDBACK'));
    expect((await ratingTasks('deputy2')).map((t) => t.item)).toEqual(['demo-deputy2']);
    expect(await ratingTasks('deputy3')).toHaveLength(1);
    expect((await s.view(childId)).context.raters).toEqual(['demo-deputy1', 'demo-deputy2', 'demo-deputy3']);

    // 李秀英's one rating counts as her own suggestion's (the lead role wins), and is on the record once.
    await s.act('deputy2', main, 'FEEDBACK', { consultationHappened: 'PHONE', resultSatisfaction: 'BASIC' });
    expect(await ratingTasks('deputy2')).toHaveLength(0);
    await s.act('deputy3', main, 'FEEDBACK', { consultationHappened: 'NONE', resultSatisfaction: 'SATISFIED' });
    await s.act('deputy1', main, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    const [m, b, child] = [await s.view(main), await s.view(dup), await s.view(childId)];
    expect([m.state, b.state]).toEqual(['concluded', 'concluded']);
    expect(b.context.satisfaction).toBe('BASIC');
    expect(b.context.mergedRatings.map((r: Json) => r.resultSatisfaction)).toEqual(['BASIC']);
    expect(child.context.ratings.map((r: Json) => [r.actorId, r.resultSatisfaction])).toEqual([['demo-deputy2', 'BASIC'], ['demo-deputy3', 'SATISFIED'], ['demo-deputy1', 'SATISFIED']]);
    expect(child.history.filter((h: Json) => h.type === 'FEEDBACK').map((h: Json) => h.actorId)).toEqual(['demo-deputy2', 'demo-deputy3', 'demo-deputy1']);
  });

  it('feedbackChannel: DIRECT_TO_OFFICE hides the rating from the unit (given, not what) until its handling is closed; VIA_UNIT shows it', { timeout: 180_000 }, async () => {
    const w = await fresh();
    const s = await setup(w);
    const unit = await s.token('unit1');
    const rated = async () => {
      const id = await s.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH' });
      await s.act('staff', id, 'ACCEPT', { categoryCode: 'OTHER' });
      await s.handle(id);
      await s.act('deputy1', id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'BASIC', comments: '希望加快进度。' });
      const childId = (await s.view(id)).children[0].id as string;
      return { id, childId };
    };
    // The base county: 背靠背.
    const direct = await rated();
    const child = (await w.call(unit, 'GET', `/instances/${direct.childId}`)).body;
    expect(child.context.feedback).toEqual([{ at: expect.any(String), withheld: true }]);
    expect(child.context.satisfaction).toBe('BASIC'); // closed: the office has it, the result is passed on
    expect(JSON.stringify(child)).not.toContain('希望加快进度');
    const docs = (await w.call(unit, 'GET', `/instances/${direct.id}/documents`)).body.documents as Json[];
    const fb = docs.find((x) => x.form === 'feedback');
    expect([fb.withheld, fb.data]).toEqual([true, {}]);
    const parent = (await w.call(unit, 'GET', `/instances/${direct.id}`)).body;
    expect(JSON.stringify(parent)).not.toContain('希望加快进度');
    // The office reads it all.
    expect(JSON.stringify((await s.view(direct.childId)).context.feedback)).toContain('希望加快进度');

    await setSettings(w, { feedbackChannel: 'VIA_UNIT' });
    const via = await rated();
    const seen = (await w.call(unit, 'GET', `/instances/${via.id}/documents`)).body.documents as Json[];
    expect(seen.find((x) => x.form === 'feedback').data.comments).toBe('希望加快进度。');
  });

  it('splitRating: the process rating is required, stored and counted beside the result', { timeout: 120_000 }, async () => {
    const w = await fresh();
    const s = await setup(w);
    await setSettings(w, { splitRating: true });
    const id = await s.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH' });
    await s.act('staff', id, 'ACCEPT', { categoryCode: 'OTHER' });
    await s.handle(id);
    await expect(s.act('deputy1', id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' })).rejects.toThrow(/TRANSITION_REJECTED/);
    await s.act('deputy1', id, 'FEEDBACK', { consultationHappened: 'FACE', processSatisfaction: 'BASIC', resultSatisfaction: 'SATISFIED' });
    expect((await s.view(id)).state).toBe('concluded');
    const stats = (await w.call(await s.token('staff'), 'GET', '/statistics/suggestion?period=year:2026')).body;
    expect(parts(byId(stats, 'satisfaction'))).toMatchObject({ SATISFIED: [1, 1] });
    expect(parts(byId(stats, 'processSatisfaction'))).toMatchObject({ BASIC: [1, 1], SATISFIED: [0, 1] });
  });
});
