/**
 * 办理结果分类 (resultTaxonomy) over the API: the unit's answer task offers exactly the county's
 * chosen categories by title, a code outside them is refused (400, nothing written), an overlay
 * naming a code outside them is refused in words, and the statistics show the county's
 * categories by title and in order — three for the default (成都三类), four for A–D.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCounty } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp } from '../support/work-app.ts';

const FOUR_LEVEL = JSON.parse(readFileSync(new URL('../../definitions/suggestion-assignment/overlays/four-level-results.json', import.meta.url), 'utf8'));
const THREE = ['已经解决或基本解决', '已列入计划逐步解决', '受客观条件限制暂时难以解决，留作参考'];
const FOUR = ['已经解决或基本解决', '正在解决或有关工作已启动', '已列入规划计划逐步解决', '因条件限制暂时难以解决，留作参考'];

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(databases)('result taxonomy ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('offers, accepts and counts the chosen categories by title: three by default, A–D once the county chooses four', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const { act, start, issue, token } = suggestionDriver(w.call, (user) => w.login(user));
    const admin = await w.login('admin');
    const unit1 = await w.login('unit1');
    /** A suggestion to unit-housing, up to the unit's drafting task; that task as the clerk sees it. */
    const toDrafting = async (title: string): Promise<{ id: string; task: Json }> => {
      const id = await start('deputy1', { title, origin: 'RECESS', sourceCode: 'RESEARCH' });
      await act('staff', id, 'ACCEPT', { categoryCode: 'OTHER' });
      await act('staff', id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
      await act('staff', id, 'APPROVE_ASSIGNMENT', {});
      await act('unit1', id, 'ACCEPT');
      await act('unit1', id, 'LOG_CONSULTATION', consult);
      await act('unit1', id, 'START_DRAFT');
      const tasks = (await w.call(unit1, 'GET', '/tasks?mine=1')).body.tasks as Json[];
      const task = tasks.find((t) => t.instanceTitle === title && t.outcomes.some((o: Json) => o.event === 'SUBMIT_DRAFT'));
      expect(task, `drafting task of ${title}`).toBeDefined();
      return { id, task };
    };
    const offered = (task: Json): string[] =>
      task.outcomes.find((o: Json) => o.event === 'SUBMIT_DRAFT').schema.properties.resultCode.oneOf.map((o: Json) => `${o.const} ${o.title}`);
    const results = async (): Promise<Json[]> => {
      const r = await w.call(await token('staff'), 'GET', '/statistics/suggestion?period=year:2026');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.metrics.find((f: Json) => f.id === 'results').parts;
    };

    // 示范县 as shipped: 成都三类. The clerk is offered A–C by title; D is refused and nothing moves.
    const first = await toDrafting('关于完善老旧小区排水设施的建议');
    expect(offered(first.task)).toEqual(THREE.map((t, i) => `${'ABC'[i]} ${t}`));
    const refused = await w.call(unit1, 'POST', `/tasks/${first.task.id}/complete`, { outcome: 'SUBMIT_DRAFT', data: answer('D') });
    expect([refused.status, refused.body.error.details.errors[0].pointer]).toEqual([400, '/resultCode']);
    expect((await w.call(unit1, 'GET', `/tasks/${first.task.id}`)).body.status).toBe('open');
    expect((await results()).map((p: Json) => p.title)).toEqual(THREE);

    // Following up a D under 成都三类 is refused in words, nothing saved.
    const wrongCodes = await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: { settings: { followUpCodes: ['B', 'D'] } } });
    expect(wrongCodes.status).toBe(422);
    const problem = wrongCodes.body.error.details.errors.find((e: Json) => e.code === 'SETTING_NOT_IN_TAXONOMY');
    expect(problem).toMatchObject({ pointer: '/settings/followUpCodes/1' });
    expect(problem.message).toContain('设置“需跟踪办理的办理结果分类”中的 "D" 不是所选“办理结果分类”');
    expect((await w.call(admin, 'GET', '/definitions/suggestion-assignment/overlay')).body.overlay).toBeNull();
    // Writing the answer's choices by hand is refused too: the setting is their one home.
    const byHand = await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', {
      patch: { forms: { answer: { properties: { resultCode: { oneOf: [{ const: 'A', title: '已解决' }] } } } } },
    });
    expect([byHand.status, byHand.body.error.code]).toEqual([400, 'INVALID_OVERLAY']);

    // The county chooses the four-level taxonomy: only the setting (and its feedback window).
    expect((await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: { ...FOUR_LEVEL, settings: { ...FOUR_LEVEL.settings, followUpCodes: ['B', 'C', 'D'] } } })).status).toBe(200);
    expect((await w.call(admin, 'POST', '/definitions/suggestion-assignment/publish')).status).toBe(201);
    const second = await toDrafting('关于增设社区充电桩的建议');
    expect(offered(second.task)).toEqual(FOUR.map((t, i) => `${'ABCD'[i]} ${t}`));
    await issue('unit1', second.id, answer('D'));
    await act('deputy1', second.id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    // The dashboard's 办理结果: A–D by the four titles, the D counted.
    const parts = await results();
    expect(parts.map((p: Json) => [p.key, p.title, p.numerator])).toEqual([
      ['A', FOUR[0], 0],
      ['B', FOUR[1], 0],
      ['C', FOUR[2], 0],
      ['D', FOUR[3], 1],
    ]);
    // The settings page's words: the choice by its title, the codes followed up by the chosen categories.
    const def = (await w.call(admin, 'GET', '/definitions/suggestion-assignment')).body.definition;
    expect(def.settingsInfo.resultTaxonomy.options[def.settings.resultTaxonomy].title).toBe('四类：A 已解决、B 正在解决、C 列入规划、D 暂难解决');

    // A neighbouring county keeps the three categories.
    await createCounty(w.handle.db, { code: 'other', name: '邻县', users: [{ username: 'admin', roles: ['admin'] }] });
    const other = (await w.call(await w.login('admin', 'other'), 'GET', '/definitions/suggestion-assignment')).body.definition;
    expect(other.forms.answer.properties.resultCode.oneOf.map((o: Json) => o.title)).toEqual(THREE);
  });
});
