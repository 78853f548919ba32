/**
 * The annual assessment's graded list exported and a county's grade bands checked on save
 * (issue 15 item 4, DOMAIN §7.4–7.5) over HTTP, on PGlite and PostgreSQL. A year graded through
 * the engine: the XLSX and the CSV of GET /api/assessments/export read back equal the page's
 * table (GET /api/assessments, in words); a deputy or a unit clerk is refused, a bad format is
 * 400. Then the county admin saves overlays of the bands: a gap at the bottom, two bands starting
 * at the same score, a band with an upper end, a score above 100 — each a 400 in words naming the
 * band, the overlay left as it was; sound bands (by percentile) are saved.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { assessmentDriver } from '../support/assessment-driver.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp } from '../support/work-app.ts';

type Json = any;
const COLUMNS = ['排名', '代表', '代表团', '全年确认积分', '考核得分', '考核等次', '自评', '备注'];

describe.each(databases)('the assessment’s export and the bands a county saves ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('XLSX and CSV equal the page’s table; bands with a gap or an overlap are refused naming the band, nothing saved', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2025-06-02T01:00:00Z');
    const { token } = taskDriver(w);
    const { confirmPoints, runYear } = assessmentDriver(w);
    await confirmPoints('2025-05-20', [20, 16, 15, 12, 5]);
    w.clock.set('2026-01-12T01:00:00Z');
    await runYear(2025, false);

    // The table as the page shows it.
    const staff = await token('staff');
    const year: Json = (await w.call(staff, 'GET', '/assessments?year=2025')).body;
    const table = year.scoring.rows.map((r: Json) => [String(r.rank), r.name, r.delegation ?? r.group ?? '', String(r.points), String(r.score), r.gradeTitle, r.selfEvaluationTitle, r.flag?.title ?? '']);
    expect(table.map((r: string[]) => [r[1], r[4], r[5]])).toEqual([['王建国', '100', '好'], ['李秀英', '80', '好'], ['张伟', '75', '较好'], ['刘芳', '60', '较好'], ['陈志强', '25', '差']]);

    const download = async (tok: string, q: string) => w.app.request(`/api/assessments/export?${q}`, { headers: { authorization: `Bearer ${tok}` } });
    const file = await download(staff, 'year=2025');
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain('2025年度代表履职考核等次.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const read: string[][] = [];
    book.worksheets[0]!.eachRow((row) => read.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))));
    const pad = (r: string[]) => [...r, ...Array(COLUMNS.length - r.length).fill('')];
    expect(read[0]).toEqual(COLUMNS);
    expect(read.slice(1).map(pad)).toEqual(table);
    // Numbers stay numbers in the workbook (a clerk sorts and sums them).
    expect(typeof book.worksheets[0]!.getRow(2).getCell(5).value).toBe('number');

    const csv = await download(await token('leader'), 'year=2025&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer()); // keep the BOM to see it
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split(/\r?\n/).map((l) => l.split(','));
    expect(lines[0]).toEqual(COLUMNS);
    expect(lines.slice(1).map(pad)).toEqual(table);

    // Refused: a deputy, a unit clerk, a bad format or year; a year not scored is an empty table.
    expect((await download(await token('deputy1'), 'year=2025')).status).toBe(403);
    expect((await download(await token('unit1'), 'year=2025')).status).toBe(403);
    for (const q of ['year=2025&format=pdf', 'year=abc', 'year=2025&year=2024', 'year=2025&x=1']) expect((await download(staff, q)).status, q).toBe(400);
    const empty = await download(staff, 'year=2024');
    const emptyBook = new ExcelJS.Workbook();
    await emptyBook.xlsx.load(await empty.arrayBuffer());
    expect(emptyBook.worksheets[0]!.rowCount).toBe(1);

    // ---- The county's bands: each bad overlay a 400 naming the band, nothing saved.
    const admin = await token('admin');
    const overlays = async () => Number((await sql<{ n: number }>`select count(*)::int as n from overlays`.execute(w.handle.db)).rows[0]!.n);
    const before = await overlays();
    const band = (grade: string, title: string, title_en: string, min: number, extra: Record<string, unknown> = {}) => ({ grade, title, title_en, min, ...extra });
    const cases: Array<[string, unknown[], RegExp, string]> = [
      ['a gap below the lowest band', [band('GOOD', '好', 'Good', 80), band('FAIR', '较好', 'Fairly good', 60), band('POOR', '差', 'Poor', 20)], /0 至 20 分没有等次（缺口）：最低一档第3档“差”的最低分须为 0/, '/settings/gradeBands/2/min'],
      ['two bands from 60', [band('GOOD', '好', 'Good', 60), band('FAIR', '较好', 'Fairly good', 60), band('POOR', '差', 'Poor', 0)], /第2档“较好”与第1档“好”的最低分都是 60 分，两档重叠/, '/settings/gradeBands/1/min'],
      ['a band with an upper end', [band('GOOD', '好', 'Good', 80), band('FAIR', '较好', 'Fairly good', 60, { max: 79 }), band('POOR', '差', 'Poor', 0)], /第2档“较好”写了上限（max）/, '/settings/gradeBands/1/max'],
      ['a score above 100', [band('TOP', '优秀', 'Excellent', 120), band('POOR', '差', 'Poor', 0)], /第1档“优秀”的最低分 120 不在 0 至 100 之间/, '/settings/gradeBands/0/min'],
      ['a band without words', [band('GOOD', '', 'Good', 50), band('POOR', '差', 'Poor', 0)], /第1档：等次须有中文和英文名称/, '/settings/gradeBands/0/title'],
    ];
    for (const [what, gradeBands, message, pointer] of cases) {
      const r = await w.call(admin, 'PUT', '/definitions/deputy-assessment/overlay', { patch: { settings: { gradingMode: 'NORMALISED_100', gradeBands } } });
      expect([what, r.status, r.body.error?.code], JSON.stringify(r.body)).toEqual([what, 400, 'INVALID_INPUT']);
      expect(r.body.error.message, what).toMatch(message);
      expect(r.body.error.details.errors.map((e: Json) => e.pointer), what).toContain(pointer);
      expect(await overlays(), what).toBe(before);
    }
    expect((await w.call(admin, 'GET', '/definitions/deputy-assessment/overlay')).body.overlay).toBeNull();
    const mode = await w.call(admin, 'PUT', '/definitions/deputy-assessment/overlay', { patch: { settings: { gradingMode: 'RANDOM' } } });
    expect([mode.status, mode.body.error.message]).toEqual([400, expect.stringMatching(/计分方式须为“折算百分制”或“百分位”/)]);

    // Sound bands by percentile (the shares 25 + 25 + 25 + 25 make 100) are saved.
    const sound = { settings: { gradingMode: 'PERCENTILE', gradeBands: [band('EXCELLENT', '优秀', 'Excellent', 75, { commend: true }), band('COMPETENT', '称职', 'Competent', 50), band('BASIC', '基本称职', 'Basically competent', 25), band('INCOMPETENT', '不称职', 'Incompetent', 0, { interview: true })] } };
    const saved = await w.call(admin, 'PUT', '/definitions/deputy-assessment/overlay', { patch: sound });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(await overlays()).toBe(before + 1);
    // Another process's overlay is not judged by the assessment's bands.
    expect((await w.call(admin, 'PUT', '/definitions/deputy-report-back/overlay', { patch: { settings: { reportsPerTerm: 2 } } })).status).toBe(200);
  });
});
