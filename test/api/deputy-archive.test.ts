/**
 * A deputy's 履职档案 (issue 15 item 5, DOMAIN §7.6) over HTTP, on PGlite and PostgreSQL: a small
 * year of 王建国 (demo-deputy1) driven through the engine — a suggestion he leads to its end
 * (answered 已经解决或基本解决, rated 满意), one he co-signs, a reception day on duty at a station,
 * the 民生实事 ballot he votes in, a training claim reviewed in two steps — and the archive lists
 * exactly these, in words, with nothing of another deputy, another year or another county; a
 * deputy cannot read another's; the XLSX holds the same rows; bad parameters are 400.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCounty, runDueTimers } from '../../runtime/store/index.ts';
import { Authenticator } from '../../server/auth.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;
const D1 = 'demo-deputy1';
const D2 = 'demo-deputy2';

const candidate = (id: string, name: string) => ({
  id,
  name,
  domain: 'HOUSING',
  content: `${name}：建设内容详见可行性研究报告。`,
  totalInvestment: 1200,
  fundingSource: 'COUNTY_BUDGET',
  responsibleUnitId: 'unit-housing',
  completionDate: '2026-11-30',
});

/** The 民生实事 vote to its ballot: deputies 1 and 2 cast, the rest stay away. */
async function ballotYear(w: WorkApp): Promise<string> {
  const { token, act } = taskDriver(w);
  const started = await w.call(await token('staff'), 'POST', '/definitions/livelihood-vote/instances', { data: { year: 2026, seats: 1, collectionEnd: '2026-04-30' } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const vote = started.body.id as string;
  await act('staff', vote, 'RECORD_IDEA', { domain: 'HEALTH', need: '群众反映看病难。', proposerType: 'CITIZEN', proposerName: '赵敏', contact: '13800000000', channel: 'STATION', title: '乡镇卫生院设备更新' });
  await act('staff', vote, 'CLOSE_COLLECTION');
  await act('staff', vote, 'SHORTLIST', {});
  await act('staff', vote, 'PROPOSE_CANDIDATES', { candidates: [candidate('01', '老旧小区改造'), candidate('02', '公共场所AED配置')] });
  await act('leader', vote, 'APPROVE_LIST', { opinion: '同意提请大会票决。' });
  await act('staff', vote, 'ADOPT_VOTING_RULES', { adoptedOn: '2026-05-10', reportDelivered: true });
  const ballots = (await w.call(await token('staff'), 'GET', `/ballots?instance=${vote}`)).body.ballots as Array<{ id: string; status: string }>;
  const id = ballots.find((b) => b.status === 'ready')!.id;
  const sealed = new SealedBallots(w, await tellersOf(w));
  await sealed.prepare(await token('staff'), id);
  await sealed.open(await token('staff'), id);
  const auth = new Authenticator({ db: w.handle.db, secret: 'test-secret', clock: w.clock });
  for (const deputy of [D1, D2]) {
    const t = await auth.issueToken({ id: deputy, countyId: 'demo' });
    expect((await sealed.cast(t, id, { '01': 'APPROVE' })).status).toBe(201);
  }
  await sealed.closeAndPublish(await token('staff'), id);
  return id;
}

/** The rows the export must hold, computed from the page's JSON (as the page shows them). */
function pageRows(a: Json): string[][] {
  return a.sections.flatMap((s: Json) =>
    s.entries.map((e: Json) => [s.title.zh, e.dateText.zh, e.title, e.part?.zh ?? '', e.state.zh, e.facts.map((f: Json) => `${f.label.zh}：${f.value.zh}`).join('；')]),
  );
}

describe.each(databases)('a deputy’s performance archive ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('lists exactly the year’s activities in words, nothing of another deputy, year or county; a deputy reads only their own', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2025-12-10T02:00:00Z');
    const { token, act, issue, start, forget } = suggestionDriver(w.call, (u) => w.login(u));
    const at = (iso: string) => {
      w.clock.set(iso);
      forget();
    };
    await createCounty(handle.db, { code: 'other', name: '另一县', users: [{ username: 'ot-staff', roles: ['staff'] }, { username: 'ot-deputy', roles: ['deputy'] }] });

    // December 2025: a suggestion of the year before (in the 2025 archive only).
    const old = await start('deputy1', { origin: 'RECESS', sourceCode: 'VISIT', title: '关于城东菜市场改造的建议' });

    // March 2026: S1 led by 王建国 (李秀英 co-signs), answered A and rated 满意; S2 led by 李秀英, he co-signs; S3 李秀英's alone.
    at('2026-03-02T02:00:00Z');
    const s1 = await start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH', title: '关于增设城关镇公交线路的建议', coSignerIds: [D2] });
    await act('staff', s1, 'ACCEPT', { categoryCode: 'TRANSPORT_POST_TELECOM' });
    await act('staff', s1, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', s1, 'APPROVE_ASSIGNMENT', {});
    await act('unit1', s1, 'ACCEPT');
    await act('unit1', s1, 'LOG_CONSULTATION', consult);
    await act('unit1', s1, 'START_DRAFT');
    await issue('unit1', s1, answer('A'));
    await act('deputy1', s1, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    at('2026-03-03T02:00:00Z');
    const s2 = await start('deputy2', { origin: 'RECESS', sourceCode: 'CONSTITUENT', title: '关于改善乡村学校供暖的建议', coSignerIds: [D1] });
    await act('staff', s2, 'ACCEPT', { categoryCode: 'EDU_SCI_CULT_HEALTH_SPORT' });
    await act('staff', s2, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-education', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', s2, 'APPROVE_ASSIGNMENT', {});
    await start('deputy2', { origin: 'RECESS', sourceCode: 'OTHER', title: '关于李秀英独自提出的建议' });

    // A reception day: 王建国 on duty on 5 March (present), 李秀英 alone on 6 March.
    const admin = await token('admin');
    const station = (await w.call(admin, 'POST', '/stations', { name: '城关镇代表之家', level: 'HOME', managerId: 'demo-staff', deputyIds: [D1, D2] })).body;
    const mine = await w.call(await token('staff'), 'POST', '/receptions', { stationId: station.id, date: '2026-03-05', startTime: '09:00', endTime: '11:00', deputyIds: [D1] });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect((await w.call(await token('staff'), 'POST', '/receptions', { stationId: station.id, date: '2026-03-06', startTime: '09:00', endTime: '11:00', deputyIds: [D2] })).status).toBe(201);
    at('2026-03-05T01:00:00Z');
    expect(await runDueTimers(handle.db, w.rt)).toBe(2); // both notices out
    const staffTask = async (title: string) => {
      const tasks = (await w.call(await token('staff'), 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; title: string }>;
      const found = tasks.find((t) => t.title.startsWith(title) && t.title.includes('3月5日'));
      expect(found, tasks.map((t) => t.title).join('; ')).toBeDefined();
      return found!.id;
    };
    const done = async (title: string, outcome: string, data?: unknown) => {
      const r = await w.call(await token('staff'), 'POST', `/tasks/${await staffTask(title)}/complete`, { outcome, ...(data ? { data } : {}) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await done('开始接待', 'OPEN');
    await done('填写接待情况', 'CLOSE', { deputiesPresent: [D1], citizensReceived: 8, issuesRecorded: 2, summary: '群众反映路灯不亮等2件事项。' });
    await done('归档接待记录', 'ARCHIVE');

    // May: the 民生实事 ballot, 王建国 and 李秀英 vote.
    at('2026-05-12T02:00:00Z');
    const ballot = await ballotYear(w);

    // June: his training claim, 初审 by staff and 复核 by admin.
    at('2026-06-15T02:00:00Z');
    const claim = await w.call(await token('deputy1'), 'POST', '/points/claims', { ruleCode: 'TRAINING', date: '2026-06-09', description: '参加全县代表履职培训班。' });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await w.call(await token('staff'), 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'APPROVE' })).status).toBe(200);
    expect((await w.call(await token('admin'), 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'CONFIRM' })).status).toBe(200);

    // Another county's deputy does the same kind of work: none of it may show.
    const otherDeputy = await w.login('ot-deputy', 'other');
    expect((await w.call(otherDeputy, 'POST', '/definitions/suggestion/instances', { data: { title: '另一县代表的建议', body: '内容。', origin: 'RECESS', sourceCode: 'OTHER', leadDeputyId: 'other-ot-deputy' } })).status).toBe(201);

    // —— The archive as 王建国 reads it.
    at('2026-07-01T02:00:00Z');
    const d1 = await token('deputy1');
    const t0 = performance.now();
    const res = await w.call(d1, 'GET', `/deputies/${D1}/archive?year=2026`);
    const ms = performance.now() - t0;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    console.log(`[deputy-archive] the page's request: ${ms.toFixed(0)} ms`);
    const a: Json = res.body;
    expect(a.title.zh).toBe('王建国 2026年度履职档案');
    const counts = Object.fromEntries(a.sections.map((s: Json) => [s.key, s.count]));
    expect(counts).toEqual({ session: 0, suggestions: 2, receptions: 1, issues: 0, inspections: 0, ballots: 1, training: 1, reportBacks: 0, commendations: 0, points: 5 });
    const section = (key: string) => a.sections.find((s: Json) => s.key === key);
    const line = (e: Json) => [e.dateText.zh, e.title, e.part?.zh ?? '', e.state.zh, ...e.facts.map((f: Json) => `${f.label.zh}：${f.value.zh}`)].join(' | ');

    expect(section('suggestions').entries.map(line)).toEqual([
      expect.stringMatching(/^2026年3月2日 \| 关于增设城关镇公交线路的建议 \| 领衔代表 \| 已办结 \| 编号：十八届一次-\d+ \| 办理结果：县住房和城乡建设局：已经解决或基本解决 \| 代表评价：满意$/),
      expect.stringMatching(/^2026年3月3日 \| 关于改善乡村学校供暖的建议 \| 联名附议 \| 办理中 \| 编号：十八届一次-\d+$/),
    ]);
    expect(section('suggestions').entries.map((e: Json) => e.link)).toEqual([`/instances/${s1}`, expect.any(String)]);
    expect(section('receptions').entries.map(line)).toEqual(['2026年3月5日 | 城关镇代表之家 2026年3月5日（周四）09:00–11:00 | 值班代表 | 已归档 | 站点：城关镇代表之家 | 接待时间：2026年3月5日（周四）09:00–11:00 | 到场：已到场接待 | 接待群众：8人']);
    expect(section('ballots').entries.map(line)).toEqual([expect.stringMatching(/^2026年5月12日 \| .+ \| 已投票（投票内容保密） \| 已结束 \| 所属事项：民生实事项目人大代表票决：.+$/)]);
    expect(section('ballots').entries[0].link).toBe(`/ballots/${ballot}`);
    expect(section('training').entries.map(line)).toEqual(['2026年6月9日 | 参加学习培训 | 本人申报 | 已确认 | 分值：+2分 | 事由：参加全县代表履职培训班。']);
    expect(section('points').entries.map((e: Json) => `${e.title} ${e.state.zh}`).sort()).toEqual(['联名附议 待复核', '参加学习培训 已确认', '参加民生实事项目票决 待复核', '提出建议(每件,领衔) 待复核', '进站接待选民 待复核'].sort());
    expect([a.points.total, a.points.inReview]).toEqual([2, expect.any(Number)]);
    expect(a.points.quarters.map((q: Json) => q.title.zh)).toEqual(['2026年第1季度', '2026年第2季度', '2026年第3季度']);
    expect(a.points.quarters[1]).toMatchObject({ points: 2, rank: 1, published: false });
    // Words only: no state id, option code or vote anywhere a person reads.
    const text = JSON.stringify(a.sections.map((s: Json) => s.entries.map((e: Json) => [e.title, e.part, e.state, e.facts, e.dateText])));
    for (const code of ['concluded', 'inHandling', 'archived', 'SATISFIED', '"A"', 'APPROVE', 'TRANSPORT', 'confirmed', 'pendingConfirm']) expect(text).not.toContain(code);
    // Nothing of another deputy, year or county.
    for (const title of ['关于李秀英独自提出的建议', '关于城东菜市场改造的建议', '另一县代表的建议', '3月6日']) expect(JSON.stringify(a)).not.toContain(title);

    // The year before holds the December suggestion only.
    const y2025: Json = (await w.call(d1, 'GET', `/deputies/${D1}/archive?year=2025`)).body;
    expect(y2025.sections.map((s: Json) => `${s.key}${s.count}`)).toEqual(['session0', 'suggestions1', 'receptions0', 'issues0', 'inspections0', 'ballots0', 'training0', 'reportBacks0', 'commendations0', 'points0']);
    expect(y2025.sections.find((s: Json) => s.key === 'suggestions').entries[0]).toMatchObject({ title: '关于城东菜市场改造的建议', dateText: { zh: '2025年12月10日' }, link: `/instances/${old}` });
    expect(y2025.sections.find((s: Json) => s.key === 'training').empty.zh).toMatch(/^本年度没有培训记录。代表参加学习培训后/);

    // Who may read: the deputy their own (another's is 403), the office any of the county, nobody another county's.
    const d2 = await token('deputy2');
    expect((await w.call(d2, 'GET', `/deputies/${D1}/archive?year=2026`)).status).toBe(403);
    expect((await w.call(d2, 'GET', `/deputies/${D1}/archive/export?year=2026`)).status).toBe(403);
    expect((await w.call(await token('unit1'), 'GET', `/deputies/${D1}/archive`)).status).toBe(403);
    expect((await w.call(await token('leader'), 'GET', `/deputies/${D1}/archive`)).status).toBe(403);
    const staff = await token('staff');
    const asStaff: Json = (await w.call(staff, 'GET', `/deputies/${D1}/archive?year=2026`)).body;
    expect(asStaff.sections.map((s: Json) => s.count)).toEqual(a.sections.map((s: Json) => s.count));
    expect(asStaff.sections.find((s: Json) => s.key === 'suggestions').entries[1].link).toBe(`/instances/${s2}`); // the office opens every item
    expect((await w.call(staff, 'GET', '/deputies/other-ot-deputy/archive')).status).toBe(404);
    expect((await w.call(await w.login('ot-staff', 'other'), 'GET', `/deputies/${D1}/archive`)).status).toBe(404);
    expect((await w.call(await w.login('ot-deputy', 'other'), 'GET', `/deputies/${D1}/archive`)).status).toBe(404); // another county's deputy: not found, whoever asks

    // Bad parameters: 400 with the parameter named.
    for (const [q, code] of [['year=20x6', 'INVALID_QUERY'], ['year=1999', 'INVALID_QUERY'], ['year=2026&year=2025', 'INVALID_QUERY'], ['month=3', 'INVALID_QUERY'], ['year=2026%00', 'INVALID_TEXT']]) {
      const bad = await w.call(d1, 'GET', `/deputies/${D1}/archive?${q}`);
      expect([q, bad.status, bad.body.error.code]).toEqual([q, 400, code]);
    }
    const nul = await w.call(staff, 'GET', `/deputies/${encodeURIComponent('demo-deputy1\u0000')}/archive`);
    expect([nul.status, nul.body.error.code]).toEqual([400, 'INVALID_TEXT']);
    expect((await w.call(d1, 'GET', `/deputies/${D1}/archive/export?format=pdf`)).status).toBe(400);

    // The XLSX holds the page's rows, in words.
    const file = await w.app.request(`/api/deputies/${D1}/archive/export?year=2026`, { headers: { authorization: `Bearer ${d1}` } });
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain('王建国2026年度履职档案.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const sheet = book.worksheets[0]!;
    const read: string[][] = [];
    sheet.eachRow((row) => read.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(read[0]).toEqual(['类别', '日期', '事项', '身份', '状态', '情况']);
    const pad = (r: string[]) => [...r, ...Array(6 - r.length).fill('')];
    expect(read.slice(1).map(pad)).toEqual(pageRows(a));
  });
});
