/**
 * A deputy's 履职档案 (DOMAIN §7.6, the "一档" of Yanjiang's 一档一册一报告): a read model of what
 * the deputy did in one year in every process — congress session attendance (the points entries
 * of the session rules: days attended, leave, absence), suggestions led or co-signed with their
 * results and the deputy's rating, reception days on duty, constituent issues taken up,
 * inspections and supervision activities, ballots attended (that they voted, never how),
 * training, report-backs to voters with the voters' result, the approved annual grade with its
 * commendation or 约谈 (deputy-archive-assessment.ts), and points with the quarter's rank.
 * Nothing is stored for it: the two statements of sql/deputy-archive-*.ts, the year's assessment
 * campaign and the points read model (points.ts) are read each time, so the archive is never out
 * of date.
 *
 * Every text is words in Chinese and English — process and state titles from the package each
 * instance runs on, options by their labels in the county's current forms, dates as county-local
 * days — and each entry carries the portal path that opens it for the viewer (the instance page
 * when the viewer may open it by task-access.ts, else the deputy's duty days or the archive entry
 * itself). Who may read: the deputy their own (another deputy of the county: 403); staff and
 * admins any deputy of their county; a deputy of another county, or none, is 404 for everyone.
 */
import type { Kysely } from 'kysely';
import { dateWords, enumOptions, type Actor, type ProcessPackage } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { quarterRange } from '../points/index.ts';
import { currentDefinition } from './county-definitions.ts';
import { assessmentEntries } from './deputy-archive-assessment.ts';
import { deputyPoints, publications, quarterRanking } from './points.ts';
import { stateWords } from './register.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectArchiveBallots } from './sql/deputy-archive-ballots.ts';
import { selectArchiveInstances, type ArchiveInstanceRow } from './sql/deputy-archive-instances.ts';
import { listUnits } from './users.ts';

import type { ArchiveEntry, ArchiveFact, ArchiveSection, ArchiveSectionKey, DeputyArchive, Words } from './deputy-archive-views.ts';

export type { ArchiveEntry, ArchiveFact, ArchiveSection, ArchiveSectionKey, DeputyArchive, Words };

const w = (zh: string, en = zh): Words => ({ zh, en });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: unknown, key: string): unknown => (isObj(o) && Object.hasOwn(o, key) ? o[key] : undefined);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** A day in words, both languages (the one rule: the engine's dateWords). */
export function dayWords(day: string): Words {
  return dateWords(day);
}

const PARTS: Record<string, Words> = {
  lead: w('领衔代表', 'Lead deputy'),
  cosigner: w('联名附议', 'Co-signer'),
  duty: w('值班代表', 'Deputy on duty'),
  issue: w('接待收集', 'Received the issue'),
  requester: w('申请视察', 'Requested the inspection'),
  participant: w('参加视察', 'Took part'),
  invited: w('受邀参加', 'Invited'),
  reporter: w('述职代表', 'Reporting deputy'),
};

/** Point rules of the congress session (出席大会): attendance by day, leave by half day, absence. */
const SESSION_RULES = ['SESSION_ATTEND_DAY', 'SESSION_LEAVE_HALFDAY', 'SESSION_ABSENT_UNEXCUSED'];

const BALLOT_STATES: Record<string, Words> = {
  ready: w('待开始', 'Not yet open'),
  open: w('投票中', 'Voting'),
  counting: w('计票中', 'Counting'),
  closed: w('已结束', 'Closed'),
  cancelled: w('已取消', 'Cancelled'),
};

function option(pkg: ProcessPackage | undefined, form: string, field: string, value: unknown): Words | null {
  if (typeof value !== 'string') return null;
  const o = pkg ? enumOptions(pkg.forms[form], field)?.find((x) => x.value === value) : undefined;
  return o ? { zh: o.title, en: o.title_en } : null;
}

const fact = (zh: string, en: string, value: Words | null): ArchiveFact[] => (value && value.zh ? [{ label: w(zh, en), value }] : []);

export async function readDeputyArchive(db: Kysely<Database>, rt: Runtime, countyId: string, viewer: Actor, deputyId: string, year: number): Promise<DeputyArchive> {
  const office = viewer.roles.includes('staff') || viewer.roles.includes('admin');
  const deputy = await db
    .selectFrom('deputies')
    .select(['user_id', 'name', 'delegation', 'deputy_group', 'standing_committee'])
    .where('county_id', '=', countyId)
    .where('user_id', '=', deputyId)
    .executeTakeFirst();
  if (!deputy) throw new AppError('DEPUTY_NOT_FOUND');
  // Another county's deputy (or none) is not found, whoever asks; one of this county is the deputy's own only.
  if (!office && viewer.id !== deputyId) throw new AppError('FORBIDDEN', '代表只能查看本人的履职档案 / A deputy reads only their own archive');

  const [rows, ballots, units] = await Promise.all([
    selectArchiveInstances(db, countyId, deputyId, year, viewer),
    selectArchiveBallots(db, countyId, deputyId, year),
    listUnits(db, countyId),
  ]);
  const unitName = (id: unknown): Words | null => {
    const u = units.find((x) => x.id === id);
    return u ? { zh: u.name, en: u.nameEn ?? u.name } : null;
  };
  // Options in the county's current forms (a county's own result words: Chengdu's, 青溪县's A–D).
  const current = async (id: string) => (rt.registry.list().some((d) => d.id === id) ? (await currentDefinition(db, rt, countyId, id)).pkg : undefined);
  const assignmentPkg = await current('suggestion-assignment');
  const suggestionPkg = await current('suggestion');
  const issuePkg = await current('constituent-issue');
  const packages = new Map<string, ProcessPackage>();
  const pkgOf = async (hash: string) => packages.get(hash) ?? packages.set(hash, (await rt.registry.byHash(db, hash)).pkg).get(hash)!;
  const selfLink = (id: string) => (office ? `/deputies/${encodeURIComponent(deputyId)}/archive?year=${year}#e-${id}` : `/archive?year=${year}#e-${id}`);

  const entryOf = async (r: ArchiveInstanceRow): Promise<ArchiveEntry> => {
    const pkg = await pkgOf(r.definition_hash);
    const c = r.context;
    const facts: ArchiveFact[] = [];
    if (r.definition_id === 'suggestion') {
      facts.push(...fact('编号', 'No.', str(get(c, 'serialNo')) ? w(str(get(c, 'serialNo'))!) : null));
      facts.push(...fact('重点督办', 'Key supervision', ['KEY_COMMITTEE', 'KEY_CHAIR', 'KEY_GOV_LEADER'].includes(String(get(c, 'supervisionLevel'))) ? option(suggestionPkg, 'assignment', 'supervisionLevel', get(c, 'supervisionLevel')) : null));
      const done = (Array.isArray(get(c, 'assignments')) ? (get(c, 'assignments') as unknown[]) : []).filter((a) => typeof get(a, 'resultCode') === 'string');
      const results = done.map((a) => {
        const unit = unitName(get(a, 'unitId'));
        const result = option(assignmentPkg, 'answer', 'resultCode', get(a, 'resultCode'));
        return result ? { zh: `${unit ? `${unit.zh}：` : ''}${result.zh}`, en: `${unit ? `${unit.en}: ` : ''}${result.en}` } : null;
      }).filter((x): x is Words => x !== null);
      facts.push(...fact('办理结果', 'Result', results.length ? { zh: results.map((x) => x.zh).join('；'), en: results.map((x) => x.en).join('; ') } : null));
      const rating = option(assignmentPkg, 'feedback', 'resultSatisfaction', get(c, 'satisfaction'));
      facts.push(...fact('代表评价', "Deputy's rating", rating));
    } else if (r.definition_id === 'reception-session') {
      facts.push(...fact('站点', 'Station', str(get(c, 'stationName')) ? w(str(get(c, 'stationName'))!) : null));
      facts.push(...fact('接待时间', 'When', str(get(c, 'dateLabel')) ? w(str(get(c, 'dateLabel'))!) : null));
      const record = get(c, 'record');
      if (isObj(record)) {
        const present = Array.isArray(get(record, 'deputiesPresent')) && (get(record, 'deputiesPresent') as unknown[]).includes(deputyId);
        facts.push(...fact('到场', 'Present', present ? w('已到场接待', 'Present') : w('未记为到场', 'Not recorded as present')));
        const n = get(record, 'citizensReceived');
        if (typeof n === 'number') facts.push(...fact('接待群众', 'Citizens received', { zh: `${n}人`, en: String(n) }));
      }
    } else if (r.definition_id === 'constituent-issue') {
      facts.push(...fact('站点', 'Station', str(get(c, 'stationName')) ? w(str(get(c, 'stationName'))!) : null));
      facts.push(...fact('类别', 'Category', option(issuePkg, 'record', 'category', get(c, 'category'))));
      facts.push(...fact('承办单位', 'Handling unit', unitName(get(c, 'targetUnitId'))));
    } else if (r.definition_id === 'inspection-request') {
      const names = (Array.isArray(get(c, 'unitIds')) ? (get(c, 'unitIds') as unknown[]) : []).map(unitName).filter((x): x is Words => x !== null);
      facts.push(...fact('视察单位', 'Units', names.length ? { zh: names.map((x) => x.zh).join('、'), en: names.map((x) => x.en).join(', ') } : null));
    } else if (r.definition_id === 'deputy-report-back') {
      facts.push(...fact('届次', 'Term', str(get(c, 'termName')) ? w(str(get(c, 'termName'))!) : null));
      const meeting = str(get(c, 'meetingDate'));
      facts.push(...fact('述职会日期', 'Meeting', meeting && /^\d{4}-\d{2}-\d{2}$/.test(meeting) ? dayWords(meeting) : null));
      facts.push(...fact('述职地点', 'Place', str(get(get(c, 'schedule'), 'place')) ? w(str(get(get(c, 'schedule'), 'place'))!) : null));
      const voters = get(c, 'votersPresent');
      if (typeof voters === 'number') facts.push(...fact('到会选民', 'Voters present', { zh: `${voters}人`, en: String(voters) }));
      const result = str(get(c, 'resultWords'));
      facts.push(...fact('满意度测评结果', "Voters' satisfaction", result ? { zh: result, en: str(get(c, 'resultWords_en')) ?? result } : null));
      facts.push(...fact('书面评议意见', 'Written opinions', str(get(c, 'feedbackSentAt')) ? w('已送达代表本人', 'Sent to the deputy') : null));
    } else {
      facts.push(...fact('监督项目', 'Supervision item', w(pkg.title, pkg.title_en)));
    }
    return {
      id: r.id,
      date: r.day,
      dateText: dayWords(r.day),
      title: r.title,
      part: PARTS[r.part] ?? null,
      state: { zh: stateWords(pkg, r.state, 'zh'), en: stateWords(pkg, r.state, 'en') },
      facts,
      link: r.opens ? `/instances/${r.id}` : r.definition_id === 'reception-session' && !office ? '/duty' : selfLink(r.id),
    };
  };

  const entries = await Promise.all(rows.map(async (r) => ({ process: r.definition_id, entry: await entryOf(r) })));
  const of = (...processes: string[]) => entries.filter((e) => processes.includes(e.process)).map((e) => e.entry);

  const ballotEntries: ArchiveEntry[] = [];
  for (const b of ballots) {
    const pkg = b.definition_hash ? await pkgOf(b.definition_hash) : undefined;
    ballotEntries.push({
      id: b.id,
      date: b.day,
      dateText: dayWords(b.day),
      title: b.title,
      part: w('已投票（投票内容保密）', 'Voted (the vote is secret)'),
      state: BALLOT_STATES[b.status] ?? w(b.status),
      facts: [...fact('所属事项', 'Part of', b.instance_title ? { zh: `${pkg ? `${pkg.title}：` : ''}${b.instance_title}`, en: `${pkg ? `${pkg.title_en}: ` : ''}${b.instance_title}` } : null)],
      link: `/ballots/${b.id}`,
    });
  }

  const points = await deputyPoints(db, countyId, { id: viewer.id, roles: office ? [...viewer.roles, 'staff'] : viewer.roles }, deputyId, year);
  const pointEntry = (e: (typeof points.entries)[number]): ArchiveEntry => ({
    id: e.id,
    date: e.occurredOn,
    dateText: dayWords(e.occurredOn),
    title: e.ruleTitle,
    part: e.source === 'AUTO' ? w('系统记分', 'Recorded automatically') : w('本人申报', 'Own claim'),
    state: { zh: e.stateTitle, en: e.stateTitle_en },
    facts: [
      ...fact('数量', 'Quantity', SESSION_RULES.includes(e.ruleCode) ? { zh: `${e.quantity}${e.unitTitle}`, en: String(e.quantity) } : null),
      ...fact('分值', 'Points', { zh: `${e.points > 0 ? '+' : ''}${e.points}分`, en: `${e.points > 0 ? '+' : ''}${e.points}` }),
      ...fact('事由', 'Cause', e.cause ? { zh: e.cause.zh, en: e.cause.en } : e.description ? w(e.description) : null),
      ...fact('退回理由', 'Reason', e.rejectReason ? w(e.rejectReason) : null),
    ],
    link: '/points',
  });
  const training = points.entries.filter((e) => e.ruleCode === 'TRAINING').map(pointEntry);
  const session = points.entries.filter((e) => SESSION_RULES.includes(e.ruleCode)).map(pointEntry);
  const assessmentLink = '/assessment';
  const commendations = [
    ...(await assessmentEntries(db, countyId, deputyId, year)).map((e): ArchiveEntry => ({ ...e, dateText: dayWords(e.date), link: assessmentLink })),
    ...points.entries.filter((e) => e.ruleCode === 'COMMENDATION').map(pointEntry),
  ];

  // The quarter's rank: the published 亮分 when there is one, else computed now from confirmed entries.
  const published = await publications(db, countyId, year);
  const today = new Date(rt.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const quarters: DeputyArchive['points']['quarters'] = [];
  for (const q of [1, 2, 3, 4]) {
    if (quarterRange(year, q).from > today) break;
    const pub = published.find((p) => p.quarter === q);
    const table = pub ? pub.rows : await quarterRanking(db, countyId, year, q);
    const row = table.find((r) => r.deputyId === deputyId);
    quarters.push({ quarter: q, title: { zh: `${year}年第${q}季度`, en: `Q${q} ${year}` }, points: row?.points ?? 0, rank: row && row.points !== 0 ? row.rank : null, of: table.length, published: Boolean(pub) });
  }

  const section = (key: ArchiveSectionKey, title: Words, list: ArchiveEntry[], empty: Words): ArchiveSection => ({ key, title, count: list.length, entries: [...list].sort((a, b) => a.date.localeCompare(b.date)), empty });
  return {
    year,
    title: { zh: `${deputy.name} ${year}年度履职档案`, en: `${deputy.name}: performance archive ${year}` },
    deputy: { id: deputy.user_id, name: deputy.name, delegation: deputy.delegation, group: deputy.deputy_group, standingCommittee: Boolean(deputy.standing_committee) },
    sections: [
      section(
        'session',
        w('出席人民代表大会会议', 'Attending the congress session'),
        session,
        w(
          '本年度没有出席大会的记录。代表出席、请假或缺席人代会，在“履职积分”中申报或由工作机构登记，经初审、复核后记入本档案。',
          'No session attendance recorded this year. Attendance, leave or absence is claimed under Points or recorded by the office; once reviewed twice it appears here.',
        ),
      ),
      section('suggestions', w('提出建议', 'Suggestions'), of('suggestion'), w('本年度没有领衔或联名提出的建议。', 'No suggestion led or co-signed this year.')),
      section('receptions', w('进站接待选民', 'Reception days on duty'), of('reception-session'), w('本年度没有在代表联络站值班接待。', 'No reception day on duty this year.')),
      section('issues', w('收集反映群众意见', 'Constituent issues taken up'), of('constituent-issue'), w('本年度没有接待收集的群众意见。', 'No constituent issue taken up this year.')),
      section('inspections', w('视察调研与监督活动', 'Inspections and supervision'), of('inspection-request', 'supervision-item'), w('本年度没有参加视察或监督活动。', 'No inspection or supervision activity this year.')),
      section('ballots', w('参加票决与测评', 'Ballots attended'), ballotEntries, w('本年度没有参加票决或满意度测评。', 'No ballot attended this year.')),
      section(
        'training',
        w('学习培训', 'Training'),
        training,
        w(
          '本年度没有培训记录。代表参加学习培训后，在“履职积分”中申报“参加学习培训”，经初审、复核后记入本档案。',
          'No training recorded this year. After a training a deputy claims “参加学习培训” under Points; once reviewed twice it appears here.',
        ),
      ),
      section('reportBacks', w('向原选区选民述职', 'Reporting back to voters'), of('deputy-report-back'), w('本年度没有向选民述职的安排。', 'No report-back to voters this year.')),
      section('commendations', w('考核、表彰与约谈', 'Assessment, commendations and interviews'), commendations, w('本年度的考核结果尚未经主任会议审定，也没有表彰记录。', 'No approved assessment result and no commendation this year.')),
      section('points', w('履职积分', 'Points'), points.entries.map(pointEntry), w('本年度没有积分记录。', 'No point entries this year.')),
    ],
    points: { total: points.total, inReview: points.inReview, quarters },
  };
}

/** The archive as the rows of its export (the XLSX) and of the page: one row per entry, the same words. */
export function archiveRows(a: DeputyArchive, lang: 'zh' | 'en'): string[][] {
  const out: string[][] = [];
  for (const s of a.sections) {
    for (const e of s.entries) {
      out.push([s.title[lang], e.dateText[lang], e.title, e.part?.[lang] ?? '', e.state[lang], e.facts.map((f) => `${f.label[lang]}${lang === 'zh' ? '：' : ': '}${f.value[lang]}`).join(lang === 'zh' ? '；' : '; ')]);
    }
  }
  return out;
}

export const ARCHIVE_COLUMNS: ReadonlyArray<{ zh: string; en: string; width: number }> = [
  { zh: '类别', en: 'Section', width: 18 },
  { zh: '日期', en: 'Date', width: 16 },
  { zh: '事项', en: 'Item', width: 40 },
  { zh: '身份', en: 'Part', width: 16 },
  { zh: '状态', en: 'State', width: 16 },
  { zh: '情况', en: 'Details', width: 60 },
];
