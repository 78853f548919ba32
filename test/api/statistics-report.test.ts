/**
 * The 代表建议办理情况报告 (issue 14, deliverable 4): a small year driven through the API (as in
 * statistics.test.ts: a key item answered A and rated 满意, one answered B rated 基本满意, one
 * answered C and closed without feedback, one still in handling and overdue), then the report
 * as JSON and as a Word document — unzipped, word/document.xml read back — with every section
 * heading, the figures exactly as GET /api/statistics/suggestion displays them, the key item listed
 * as the register lists it and the 附表's rows equal to /units. 400 on bad parameters, 403 for a unit clerk and a deputy, an audit entry.
 * On PGlite and on PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { unitCellTexts, type ReportFigure } from '../../runtime/statistics/report.ts';
import { runDueTimers } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { readDocx } from '../support/docx.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;
const PERIOD = 'year:2026';

async function smallYear(w: WorkApp) {
  const { act, issue, start } = suggestionDriver(w.call, (user) => w.login(user));
  const registerAssign = async (id: string, categoryCode: string, data: Record<string, unknown>) => {
    await act('staff', id, 'ACCEPT', { categoryCode });
    await act('staff', id, 'PROPOSE_ASSIGNMENT', { viaGovOffice: false, supervisionLevel: 'GENERAL', mode: 'SINGLE', ...data });
    await act('staff', id, 'APPROVE_ASSIGNMENT', {});
  };
  const handle = async (unitUser: string, id: string, resultCode: string) => {
    await act(unitUser, id, 'ACCEPT');
    await act(unitUser, id, 'LOG_CONSULTATION', consult);
    await act(unitUser, id, 'START_DRAFT');
    await issue(unitUser, id, answer(resultCode));
  };
  const rate = (deputy: string, id: string, resultSatisfaction: string) => act(deputy, id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction });

  const s1 = await start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH' });
  await registerAssign(s1, 'EDU_SCI_CULT_HEALTH_SPORT', { leadUnitId: 'unit-housing', supervisionLevel: 'KEY_CHAIR' });
  await handle('unit1', s1, 'A');
  await rate('deputy1', s1, 'SATISFIED');
  const s2 = await start('deputy2', { origin: 'SESSION', sourceCode: 'INSPECTION' });
  await registerAssign(s2, 'TRANSPORT_POST_TELECOM', { leadUnitId: 'unit-education' });
  await handle('unit2', s2, 'B');
  await rate('deputy2', s2, 'BASIC');
  const s3 = await start('deputy3', { origin: 'RECESS', sourceCode: 'CONSTITUENT' });
  await registerAssign(s3, 'OTHER', { leadUnitId: 'unit-housing' });
  await handle('unit1', s3, 'C');
  const s5 = await start('deputy1', { origin: 'RECESS', sourceCode: 'VISIT' });
  await registerAssign(s5, 'AGRI_FOREST_WATER', { leadUnitId: 'unit-health' });
  await act('unit3', s5, 'ACCEPT');
  w.clock.set('2026-03-13T16:00:00Z'); // S3's feedback window is over
  await runDueTimers(w.handle.db, w.rt);
  w.clock.set('2026-06-15T02:00:00Z'); // S5's answer period is over
  await runDueTimers(w.handle.db, w.rt);
  return { staff: await w.login('staff') };
}

const byId = (v: Json, id: string): Json => v.metrics.find((m: Json) => m.id === id);

describe.each(databases)('the report of suggestions ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterAll(async () => {
    await handle?.close();
  });

  it('gives the report as JSON and as a Word document with the statistics’ figures, 400 and 403', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const { staff } = await smallYear(w);
    const v = (await w.call(staff, 'GET', `/statistics/suggestion?period=${PERIOD}`)).body;
    const units = (await w.call(staff, 'GET', `/statistics/suggestion/units?period=${PERIOD}`)).body;
    // The year as the statistics see it (the report must say the same).
    const rate = (id: string) => [byId(v, id).numerator, byId(v, id).denominator, byId(v, id).display];
    expect(byId(v, 'total').count).toBe(4);
    expect(rate('concludedRate')).toEqual([3, 4, '75%']);
    expect(byId(v, 'overdueNowCount').count).toBe(1);

    const json = await w.call(staff, 'GET', `/statistics/suggestion/report?period=${PERIOD}`);
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body.title).toMatch(/^.+人大常委会关于2026年代表建议办理情况的报告$/);
    expect(json.body.sections.map((s: Json) => s.heading)).toEqual(['一、总体情况', '二、办理结果', '三、满意度', '四、重点督办', '五、存在问题', '附表：承办单位办理情况']);

    const res = await w.app.request(`/api/statistics/suggestion/report?period=${PERIOD}&format=docx`, { headers: { authorization: `Bearer ${staff}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; /);
    const filename = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '');
    expect(filename).toMatch(/2026年代表建议办理情况报告-2026-06-15\.docx$/);
    const doc = await readDocx(await res.arrayBuffer());
    const all = doc.paragraphs.join('\n');
    expect(doc.paragraphs[0]).toBe(json.body.title);
    for (const h of ['一、总体情况', '二、办理结果', '三、满意度', '四、重点督办', '五、存在问题', '附表：承办单位办理情况']) expect(doc.paragraphs, h).toContain(h);
    // Figures exactly as the API displays them.
    expect(all).toContain(`代表共提出建议${byId(v, 'total').count}件，其中大会期间提出${byId(v, 'sessionCount').count}件、闭会期间提出${byId(v, 'recessCount').count}件`);
    expect(all).toContain(`交由${byId(v, 'handlingUnits').count}个承办单位办理`);
    expect(all).toContain('截至2026年6月15日，已办结3件，办结率75%（3/4）');
    for (const p of byId(v, 'results').parts) expect(all).toContain(`${p.title}${p.numerator}件，占${p.display}`);
    expect(all).toContain(`在已办结的${byId(v, 'results').denominator}件建议中`);
    for (const id of ['satisfaction', 'firstRoundSatisfaction']) for (const p of byId(v, id).parts) expect(all).toContain(`${p.title}${p.numerator}件，占${p.display}`);
    expect(all).toContain(`满意和基本满意率${rate('satisfiedOrBasicRate')[2]}（${rate('satisfiedOrBasicRate')[0]}/${rate('satisfiedOrBasicRate')[1]}）`);
    expect(all).toContain('另有1件期满未反馈，不计入满意度');
    expect(all).toContain(`确定重点督办建议1件，其中${byId(v, 'keyByLevel').parts.find((p: Json) => p.key === 'KEY_CHAIR').title}1件，占100%`);
    expect(all).toContain('超过期限仍未办理完毕的建议1件');
    expect(all).toContain('【请补充】');
    // The placeholder stands out (highlighted) and the body is in 仿宋 on A4.
    expect(doc.xml).toContain('w:highlight w:val="yellow"');
    expect(doc.xml).toContain('w:eastAsia="仿宋"');
    expect(doc.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 四、重点督办 lists the key item as the register does: 序号, 编号, 标题, 领衔代表, 承办单位, 重点督办, 状态.
    expect(doc.tables).toHaveLength(2);
    expect(doc.tables[0]![0]).toEqual(['序号', '编号', '标题', '领衔代表', '承办单位', '重点督办', '状态']);
    expect(doc.tables[0]).toHaveLength(2);
    expect(doc.tables[0]![1]!.slice(0, 1)).toEqual(['1']);
    expect(doc.tables[0]![1]).toContain('关于RESEARCH的建议');
    expect(doc.tables[0]![1]).toContain(byId(v, 'keyByLevel').parts.find((p: Json) => p.key === 'KEY_CHAIR').title);
    expect(doc.tables[0]![1]).toContain('县住房和城乡建设局');
    expect(json.body.sections[3].table).toMatchObject({ kind: 'key', caption: '重点督办建议一览（1件）' });
    // The 附表: the head and one row per unit, equal to /units.
    expect(doc.tables.at(-1)![0]?.[0]).toBe('承办单位');
    expect(doc.tables.at(-1)!.slice(1)).toEqual(units.rows.map((r: Json) => [r.unit.name, ...r.cells.flatMap((c: ReportFigure) => unitCellTexts(c))]));
    expect(doc.tables.at(-1)!.slice(1).map((r) => r[0])).toEqual(['县住房和城乡建设局', '县教育局', '县卫生健康委员会']);
    const housing = units.rows[0].cells.find((c: Json) => c.id === 'answeredOnTimeRate');
    expect(doc.tables.at(-1)![1]).toContain(`${housing.display}（${housing.numerator}/${housing.denominator}）`);
    // The download is audited like the other exports.
    const audit = await w.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'register.exported').execute();
    expect(audit.some((a: Json) => JSON.stringify(a).includes('"report"'))).toBe(true);

    // 400: bad period, unknown or repeated parameters, unknown format.
    for (const bad of ['', '?period=2026', '?period=year:20x6', `?period=${PERIOD}&x=1`, `?period=${PERIOD}&period=year:2025`, `?period=${PERIOD}&format=pdf`]) {
      const r = await w.call(staff, 'GET', `/statistics/suggestion/report${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code, bad).toBe('INVALID_QUERY');
    }
    // 403: a unit clerk and a deputy; a leader reads.
    for (const who of ['unit1', 'deputy1']) {
      const t = await w.login(who);
      expect((await w.call(t, 'GET', `/statistics/suggestion/report?period=${PERIOD}`)).status, who).toBe(403);
      expect((await w.call(t, 'GET', `/statistics/suggestion/report?period=${PERIOD}&format=docx`)).status, who).toBe(403);
    }
    expect((await w.call(await w.login('leader'), 'GET', `/statistics/suggestion/report?period=${PERIOD}`)).status).toBe(200);
  });
});
