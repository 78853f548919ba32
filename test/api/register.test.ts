/**
 * The register (台账) over HTTP on each database: words not codes in every cell, search by
 * serial number / title words / lead deputy's name, every filter, sorting and paging with the
 * total, 400 on any bad parameter (nothing read), who sees which rows, and the export holding
 * the same rows as the page.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueTimers } from '../../runtime/store/index.ts';
import { ASSIGNMENT, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

interface Page {
  columns: Array<{ key: string; title: string }>;
  rows: Array<{ id: string; cells: string[]; overdue: boolean }>;
  total: number;
}

describe.each(databases)('the register on $name', ({ open }) => {
  let handle: TestHandle;
  let w: WorkApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  async function complete(instanceId: string, outcome: string, data?: unknown): Promise<void> {
    const tasks = (await w.call(tok.staff!, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>;
    const task = tasks.find((t) => t.instanceId === instanceId && t.outcomes.some((o) => o.event === outcome));
    expect(task, `a task with ${outcome}`).toBeDefined();
    const r = await w.call(tok.staff!, 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  const page = async (user: string, query: string): Promise<Page> => {
    const r = await w.call(tok[user]!, 'GET', `/register?definition=suggestion${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Page;
  };
  const cell = (p: Page, row: number, title: string) => p.rows[row]!.cells[p.columns.findIndex((c) => c.title === title)];
  const titles = (p: Page) => p.rows.map((r) => cell(p, p.rows.indexOf(r), '标题'));

  beforeAll(async () => {
    handle = await open();
    w = await workApp(handle, '2026-03-02T01:00:00Z');
    for (const u of ['staff', 'unit1', 'unit2', 'unit3', 'deputy1', 'deputy2', 'deputy3']) tok[u] = await w.login(u);
    const start = async (user: string, data: Record<string, unknown>) => {
      w.clock.advance(60_000);
      const r = await w.call(tok[user]!, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, ...data } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    ids.aed = await start('deputy1', {});
    ids.elderly = await start('deputy2', { title: '关于增设社区养老服务站的建议', leadDeputyId: 'demo-deputy2', coSignerIds: [] });
    ids.roads = await start('deputy1', { title: '关于加快农村道路亮化设施建设的建议' });
    ids.waiting = await start('deputy2', { title: '关于规范校外培训机构的建议', leadDeputyId: 'demo-deputy2', coSignerIds: [] });
    await complete(ids.aed, 'ACCEPT', REGISTRATION); // 十八届一次-0001
    await complete(ids.elderly, 'ACCEPT', { ...REGISTRATION, categoryCode: 'URBAN_RURAL_CONSTRUCTION' }); // -0002
    await complete(ids.roads, 'ACCEPT', { ...REGISTRATION, categoryCode: 'TRANSPORT_POST_TELECOM' }); // -0003
    await complete(ids.aed, 'PROPOSE_ASSIGNMENT', ASSIGNMENT);
    await complete(ids.aed, 'APPROVE_ASSIGNMENT', { comment: '同意交办' });
    await complete(ids.elderly, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-health', viaGovOffice: false, supervisionLevel: 'KEY_CHAIR' });
    await complete(ids.elderly, 'APPROVE_ASSIGNMENT', { comment: '同意交办' });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('shows every suggestion of the county to staff, newest first, in words', async () => {
    const p = await page('staff', '');
    expect(p.total).toBe(4);
    expect(p.columns.map((c) => c.title)).toEqual(['编号', '标题', '领衔代表', '类别', '承办单位', '状态', '期限', '超期', '重点督办', '督办专题']);
    expect(p.rows.map((r) => r.id)).toEqual([ids.waiting, ids.roads, ids.elderly, ids.aed]);
    const aed = p.rows.findIndex((r) => r.id === ids.aed);
    expect(p.rows[aed]!.cells).toEqual([
      '十八届一次-0001',
      SUGGESTION.title,
      '王建国',
      '教科文卫体类',
      '县住房和城乡建设局',
      '办理中',
      '2026-04-02', // the earliest open deadline of the item and its child processes: the unit's 7 working days to sign for it
      '否',
      '一般建议（常态督办）',
      '', // not in a 重点督办专题
    ]);
    // Nothing registered yet: no number, the state in words.
    expect(p.rows[0]!.cells.slice(0, 3)).toEqual(['', '关于规范校外培训机构的建议', '李秀英']);
    expect(cell(p, 0, '状态')).toBe('审查');
    // English column titles and words.
    const en = await page('staff', '&lang=en&q=十八届一次-0001');
    expect(en.columns[0]!.title).toBe('No.');
    expect(en.rows[0]!.cells[3]).toBe('education, science, culture, health and sport');
    expect(en.rows[0]!.cells[4]).toBe('County Housing and Urban-Rural Development Bureau');
  });

  it('finds a suggestion by its serial number, words of its title and the lead deputy’s name', async () => {
    expect((await page('staff', `&q=${encodeURIComponent('十八届一次-0002')}`)).rows.map((r) => r.id)).toEqual([ids.elderly]);
    expect((await page('staff', `&q=${encodeURIComponent('0003')}`)).rows.map((r) => r.id)).toEqual([ids.roads]);
    expect((await page('staff', `&q=${encodeURIComponent('养老')}`)).rows.map((r) => r.id)).toEqual([ids.elderly]);
    expect((await page('staff', `&q=${encodeURIComponent('李秀英')}`)).rows.map((r) => r.id).sort()).toEqual([ids.elderly, ids.waiting].sort());
    expect((await page('staff', `&q=${encodeURIComponent('秀')}`)).total).toBe(2);
    // LIKE's wildcards are searched as themselves.
    expect((await page('staff', `&q=${encodeURIComponent('%')}`)).total).toBe(0);
  });

  it('filters by 届/次, year, category, unit, state, key supervision and overdue', async () => {
    const ids_ = async (q: string) => (await page('staff', q)).rows.map((r) => r.id).sort();
    expect(await ids_(`&term=${encodeURIComponent('十八届')}&session=${encodeURIComponent('一次')}`)).toEqual([ids.aed, ids.elderly, ids.roads].sort());
    expect(await ids_(`&session=${encodeURIComponent('二次')}`)).toEqual([]);
    expect(await ids_('&year=2026')).toHaveLength(4);
    expect(await ids_('&year=2025')).toEqual([]);
    expect(await ids_('&category=TRANSPORT_POST_TELECOM')).toEqual([ids.roads]);
    expect(await ids_('&unit=unit-housing')).toEqual([ids.aed]);
    expect(await ids_('&unit=unit-health')).toEqual([ids.elderly]);
    expect(await ids_('&state=inHandling')).toEqual([ids.aed, ids.elderly].sort());
    expect(await ids_('&state=screening')).toEqual([ids.waiting]);
    expect(await ids_('&key=1')).toEqual([ids.elderly]);
    expect(await ids_('&key=0')).toEqual([ids.aed, ids.roads, ids.waiting].sort());
    expect(await ids_('&overdue=1')).toEqual([]);
    expect(await ids_('&overdue=0&unit=unit-housing')).toEqual([ids.aed]);
  });

  it('sorts by any column and pages with the total', async () => {
    const bySerial = await page('staff', '&sort=serialNo&order=asc');
    expect(bySerial.rows.map((r) => r.cells[0])).toEqual(['十八届一次-0001', '十八届一次-0002', '十八届一次-0003', '']);
    const desc = await page('staff', '&sort=serialNo&order=desc');
    expect(desc.rows.map((r) => r.cells[0])).toEqual(['十八届一次-0003', '十八届一次-0002', '十八届一次-0001', '']);
    // States in the order of the process: 审查 before 已登记 before 办理中.
    expect((await page('staff', '&sort=state&order=asc')).rows.map((r) => r.id)).toEqual([ids.waiting, ids.roads, ids.elderly, ids.aed]);
    const first = await page('staff', '&sort=leadDeputy&limit=3');
    const second = await page('staff', '&sort=leadDeputy&limit=3&offset=3');
    expect([first.total, second.total]).toEqual([4, 4]);
    expect(first.rows).toHaveLength(3);
    expect(second.rows).toHaveLength(1);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(4);
    const past = await page('staff', '&offset=40');
    expect([past.total, past.rows.length]).toEqual([4, 0]);
    const byDue = await page('staff', '&sort=due&order=asc');
    const dues = byDue.rows.map((_, i) => cell(byDue, i, '期限'));
    expect(dues.filter(Boolean)).toEqual([...dues.filter(Boolean)].sort());
    expect(dues[dues.length - 1]).toBe(''); // no open deadline: last
    expect(titles(byDue)).toHaveLength(4);
  });

  it('marks an item overdue once its answer deadline passes', async () => {
    w.clock.set('2026-09-30T00:00:00Z');
    await runDueTimers(handle.db, w.rt);
    tok.staff = await w.login('staff');
    // Every deadline but the screening's (it has none) has passed: the units' and the staff's.
    const late = await page('staff', '&overdue=1');
    expect(late.rows.map((r) => r.id).sort()).toEqual([ids.aed, ids.elderly, ids.roads].sort());
    expect((await page('staff', '&overdue=0')).rows.map((r) => r.id)).toEqual([ids.waiting]);
    expect(cell(late, 0, '超期')).toBe('是');
    for (const u of ['unit1', 'unit2', 'unit3', 'deputy1', 'deputy2', 'deputy3']) tok[u] = await w.login(u);
  });

  it('shows a unit the items its unit handles and a deputy their own', async () => {
    const seen = async (user: string) => (await page(user, '')).rows.map((r) => r.id).sort();
    expect(await seen('unit1')).toEqual([ids.aed]); // lead unit
    expect(await seen('unit2')).toEqual([ids.aed]); // assisting unit
    expect(await seen('unit3')).toEqual([ids.elderly]);
    expect(await seen('deputy1')).toEqual([ids.aed, ids.roads].sort());
    expect(await seen('deputy3')).toEqual([]);
    expect((await page('unit1', `&q=${encodeURIComponent('十八届一次-0002')}`)).total).toBe(0);
  });

  it('refuses an unknown, repeated or ill-typed parameter with 400 INVALID_QUERY', async () => {
    const bad = [
      '',
      'definition=suggestion&foo=1',
      'definition=suggestion&limit=abc',
      'definition=suggestion&limit=0',
      'definition=suggestion&limit=501',
      'definition=suggestion&offset=-1',
      'definition=suggestion&sort=nope',
      'definition=suggestion&order=up',
      'definition=suggestion&state=nowhere',
      'definition=suggestion&state=constructor',
      'definition=suggestion&overdue=maybe',
      'definition=suggestion&key=yes',
      'definition=suggestion&year=20x6',
      'definition=suggestion&q=a&q=b',
      'definition=suggestion&lang=fr',
      `definition=suggestion&q=${'长'.repeat(101)}`,
      'definition=Suggestion',
      'definition=supervision&category=X',
    ];
    for (const q of bad) {
      const r = await w.call(tok.staff!, 'GET', `/register?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code, q).toBe('INVALID_QUERY');
    }
    expect((await w.call(tok.staff!, 'GET', '/register?definition=nosuch')).status).toBe(404);
    expect((await w.call(tok.staff!, 'GET', '/register?definition=suggestion-assignment')).status).toBe(404);
    expect((await w.call(tok.staff!, 'GET', '/register/export?definition=suggestion&format=pdf')).status).toBe(400);
    expect((await w.call(tok.staff!, 'GET', '/register/options?definition=suggestion&sort=x')).status).toBe(400);
  });

  it('offers the filters in words', async () => {
    const r = await w.call(tok.staff!, 'GET', '/register/options?definition=suggestion');
    expect(r.status).toBe(200);
    expect(r.body.terms).toEqual([{ value: '十八届', title: '十八届' }]);
    expect(r.body.sessions).toEqual([{ value: '一次', title: '一次' }]);
    expect(r.body.years).toEqual([{ value: '2026', title: '2026年' }]);
    expect(r.body.categories).toContainEqual({ value: 'TRANSPORT_POST_TELECOM', title: '交通邮电类' });
    expect(r.body.units).toContainEqual({ value: 'unit-housing', title: '县住房和城乡建设局' });
    expect(r.body.states).toContainEqual({ value: 'inHandling', title: '办理中' });
    const processes = (await w.call(tok.staff!, 'GET', '/register/processes')).body.processes as Array<{ id: string }>;
    expect(processes.map((p) => p.id)).toContain('livelihood-project');
    expect(processes.map((p) => p.id)).not.toContain('suggestion-assignment');
  });

  it('exports what is shown, every page, as XLSX and as CSV with a BOM', async () => {
    const shown = await page('staff', '&sort=serialNo&order=asc&limit=2');
    const all = [...shown.rows, ...(await page('staff', '&sort=serialNo&order=asc&limit=2&offset=2')).rows];
    const res = await w.app.request('/api/register/export?definition=suggestion&sort=serialNo&order=asc&limit=2&format=xlsx', { headers: { authorization: `Bearer ${tok.staff}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('代表建议台账-2026-09-30.xlsx')}`);
    expect(res.headers.get('content-disposition')).toContain('filename="register-2026-09-30.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    const read = (n: number) => shown.columns.map((_, i) => String(sheet.getRow(n).getCell(i + 1).value ?? ''));
    expect(read(1)).toEqual(shown.columns.map((c) => c.title));
    expect(sheet.rowCount).toBe(1 + all.length);
    for (let i = 0; i < all.length; i++) expect(read(i + 2)).toEqual(all[i]!.cells.map((c) => c));

    const csv = await w.app.request('/api/register/export?definition=suggestion&format=csv&lang=en&unit=unit-housing', { headers: { authorization: `Bearer ${tok.staff}` } });
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\n')[0]).toBe('No.,Title,Lead deputy,Category,Handling units,State,Due,Overdue,Key supervision,Key supervision theme');
    expect(text).toContain('十八届一次-0001');
    expect(text.trim().split('\n')).toHaveLength(2);
    expect(csv.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent("Register of deputies' suggestions-2026-09-30.csv")}`);
  });
});
