/**
 * The figures of each 重点督办专题 (issue 16 item 1): how many suggestions it lists, how many of
 * them the units have answered and concluded, the lead deputies' ratings (满意 / 基本满意 /
 * 不满意, and 未反馈), the visits planned, recorded and late, and whether the 推进会 was held —
 * for one theme (its page) or every theme proposed in a year (GET /api/key-themes?year=).
 *
 * The suggestions' figures are the statistics' own (populationsWhere over the suggestions the
 * theme marked, context.keyTheme.instanceId): one result and one rating per suggestion by the
 * catalogue's `combine`, exactly as 代表建议办理统计 counts them; the theme's own figures come from
 * its context and tasks (sql/key-theme-rows.ts). Each theme carries its figures in words too
 * (`words`), so a page or an export never spells a number out on its own.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import { yearBounds } from '../statistics/period.ts';
import { dateWords, type Actor } from '../engine/index.ts';
import { getInstanceView } from './instance-views.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectNames } from './sql/directory-names.ts';
import { selectKeyThemeRows, type KeyThemeRow, type KeyThemeScope } from './sql/key-theme-rows.ts';
import { populationsWhere } from './statistics.ts';

export interface KeyThemeFigures {
  id: string;
  title: string;
  leader: string | null;
  approved: boolean;
  /** Listed in the theme (at 提出 and by 增列). */
  suggestions: number;
  /** Marked key by the theme (after the chair council approved it). */
  marked: number;
  /** Every answering unit has sent its answer. */
  answered: number;
  concluded: number;
  ratings: { satisfied: number; basic: number; unsatisfied: number; noFeedback: number };
  visits: { planned: number; done: number; late: number };
  meeting: { date: string | null; held: boolean; late: boolean };
  words: { title: string; title_en: string; lines: Array<{ zh: string; en: string }> };
}

const SATISFACTION = { SATISFIED: 'satisfied', BASIC: 'basic', UNSATISFIED: 'unsatisfied' } as const;

async function figuresOf(db: Kysely<Database>, rt: Runtime, countyId: string, row: KeyThemeRow, leader: string | null): Promise<KeyThemeFigures> {
  const pops = await populationsWhere(db, rt, countyId, 'suggestion', { path: 'context.keyTheme.instanceId', value: row.id });
  const marked = pops.members('submitted');
  // Answered: each counted answering unit (退办 left out, as in 交办件次) has its answer in.
  const units = new Map<string, { all: number; answered: number }>();
  const answeredIds = new Set(pops.members('answered').map((a) => a.id));
  for (const a of pops.members('assignments')) {
    const s = String(a.suggestionId);
    const u = units.get(s) ?? { all: 0, answered: 0 };
    u.all += 1;
    if (answeredIds.has(a.id)) u.answered += 1;
    units.set(s, u);
  }
  const answered = marked.filter((s) => {
    const u = units.get(s.id);
    return u !== undefined && u.all > 0 && u.answered === u.all;
  }).length;
  const ratings = { satisfied: 0, basic: 0, unsatisfied: 0, noFeedback: pops.members('concludedNoFeedback').length };
  for (const s of pops.members('concludedWithFeedback')) {
    const v = String(s.satisfaction ?? '');
    if (Object.hasOwn(SATISFACTION, v)) ratings[SATISFACTION[v as keyof typeof SATISFACTION]] += 1;
  }
  const f = {
    id: row.id,
    title: row.title,
    leader,
    approved: row.approvedAt !== null,
    suggestions: row.suggestions.length,
    marked: marked.length,
    answered,
    concluded: pops.members('concluded').length,
    ratings,
    visits: { planned: row.visitsPlanned, done: row.visitsDone, late: row.visitsLate },
    meeting: { date: row.meetingDate, held: row.meetingDone, late: row.meetingLate },
  };
  return { ...f, words: wordsOf(f) };
}

/** The figures as sentences, Chinese and English side by side. */
export function wordsOf(f: Omit<KeyThemeFigures, 'words'>): KeyThemeFigures['words'] {
  const lines: Array<{ zh: string; en: string }> = [];
  lines.push({ zh: `督办建议${f.suggestions}件${f.approved ? '' : '（主任会议审定后列为重点督办）'}`, en: `${f.suggestions} suggestion(s) listed${f.approved ? '' : ' (marked key once the chair council approves)'}` });
  if (f.approved) {
    lines.push({ zh: `已答复${f.answered}件，已办结${f.concluded}件`, en: `${f.answered} answered, ${f.concluded} concluded` });
    const r = f.ratings;
    lines.push({
      zh: `领衔代表评价：满意${r.satisfied}件，基本满意${r.basic}件，不满意${r.unsatisfied}件${r.noFeedback > 0 ? `，未反馈${r.noFeedback}件` : ''}`,
      en: `Lead deputies' ratings: ${r.satisfied} satisfied, ${r.basic} basically satisfied, ${r.unsatisfied} not satisfied${r.noFeedback > 0 ? `, ${r.noFeedback} without feedback` : ''}`,
    });
  }
  const v = f.visits;
  lines.push({ zh: `视察调研：计划${v.planned}次，已完成${v.done}次，逾期${v.late}次`, en: `Visits: ${v.planned} planned, ${v.done} done, ${v.late} late` });
  const m = f.meeting;
  const day = m.date && /^\d{4}-\d{2}-\d{2}$/.test(m.date) ? dateWords(m.date) : null;
  lines.push(
    m.held
      ? { zh: `推进会：已召开${m.late ? '（晚于安排的日期）' : ''}`, en: `Progress meeting: held${m.late ? ' (after its planned day)' : ''}` }
      : { zh: `推进会：尚未召开${day ? `（安排在${day.zh}${m.late ? '，已逾期' : ''}）` : ''}`, en: `Progress meeting: not held yet${day ? ` (planned for ${day.en}${m.late ? ', overdue' : ''})` : ''}` },
  );
  return { title: f.title, title_en: f.title, lines };
}

async function figuresOfRows(db: Kysely<Database>, rt: Runtime, countyId: string, rows: readonly KeyThemeRow[]): Promise<KeyThemeFigures[]> {
  const leaderIds = [...new Set(rows.map((r) => r.leadLeaderId).filter((id): id is string => id !== null))];
  const names = new Map((leaderIds.length > 0 ? await selectNames(db, countyId, 'user', leaderIds) : []).map((n) => [n.id, n.name]));
  const out: KeyThemeFigures[] = [];
  for (const r of rows) out.push(await figuresOf(db, rt, countyId, r, r.leadLeaderId === null ? null : names.get(r.leadLeaderId) ?? null));
  return out;
}

/** One theme's figures, for its page: 404 when the caller may not see it or it is no theme. */
export async function keyThemeFigures(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, themeId: string): Promise<KeyThemeFigures> {
  const view = await getInstanceView(db, rt, countyId, actor, themeId);
  if (view.definitionId !== 'key-supervision') throw new AppError('INSTANCE_NOT_FOUND', 'No such key supervision theme');
  const [row] = await selectKeyThemeRows(db, countyId, { id: themeId }, rt.clock.now());
  if (!row) throw new AppError('INSTANCE_NOT_FOUND', 'No such key supervision theme');
  const [f] = await figuresOfRows(db, rt, countyId, [row]);
  return f as KeyThemeFigures;
}

/** The themes proposed in a calendar year (the county's zone), each with its figures, oldest first. */
export async function keyThemeFiguresOfYear(db: Kysely<Database>, rt: Runtime, countyId: string, year: number): Promise<KeyThemeFigures[]> {
  const scope: KeyThemeScope = yearBounds(year);
  return figuresOfRows(db, rt, countyId, await selectKeyThemeRows(db, countyId, scope, rt.clock.now()));
}
