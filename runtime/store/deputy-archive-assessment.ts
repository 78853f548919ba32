/**
 * The annual assessment's part of a deputy's 履职档案 (DOMAIN §7.4, §7.6: "commendations"): once
 * the chair council has approved the year's list, the deputy's grade in words; on the
 * commendation list (表扬名单), the honour and when it was published; in an interview band, the
 * 约谈 — still to hold, or held (when, by whom, what was said and promised); two such years in a
 * row, the recommendation to the electoral unit in words. Before approval nothing shows: a
 * deputy reads their own grade only once approved (assessments.ts `myAssessment`), and so does
 * the archive. Commendations recorded as points (rule 受表彰) are added by the caller.
 *
 * Reads the year's campaigns (sql/assessment-rows.ts, newest first; the newest approved one
 * counts, as for last year's grades in assessment-grading.ts). Pure words: no grade code, no id.
 */
import type { Kysely } from 'kysely';
import type { GradedRow } from '../points/index.ts';
import { ASSESSMENT, type AssessmentScoring } from './assessment-grading.ts';
import type { ArchiveEntry, ArchiveFact, Words } from './deputy-archive-views.ts';
import type { Database } from './schema.ts';
import { assessmentRows } from './sql/assessment-rows.ts';

const w = (zh: string, en = zh): Words => ({ zh, en });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (o: unknown, k: string): string | null => (isObj(o) && typeof o[k] === 'string' && (o[k] as string).trim() ? (o[k] as string) : null);
const day = (v: string | null): string | null => (v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);
const fact = (label: Words, value: string | Words | null): ArchiveFact[] => (value ? [{ label, value: typeof value === 'string' ? w(value) : value }] : []);

/** An entry before its date is put in words (the caller's dayWords) and its link chosen. */
export type AssessmentEntry = Omit<ArchiveEntry, 'dateText' | 'link'>;

export async function assessmentEntries(db: Kysely<Database>, countyId: string, deputyId: string, year: number): Promise<AssessmentEntry[]> {
  let campaign: { id: string; context: Record<string, unknown>; row: GradedRow } | null = null;
  for (const r of await assessmentRows(db, countyId, ASSESSMENT, year)) {
    const scoring = r.context.scoring as AssessmentScoring | null | undefined;
    if (!r.context.approval || !scoring || !scoring.ok) continue;
    const row = scoring.rows.find((x) => x.deputyId === deputyId);
    if (row) campaign = { id: r.id, context: r.context, row };
    break;
  }
  if (!campaign) return [];
  const { id, context, row } = campaign;
  const approvedOn = day(text(context.approval, 'decidedOn')) ?? `${year + 1}-01-01`;
  const grade = w(row.gradeTitle, row.gradeTitle_en);
  const out: AssessmentEntry[] = [];
  out.push({
    id: `${id}-grade`,
    date: approvedOn,
    title: `${year}年度履职考核`,
    part: w('考核对象', 'Assessed'),
    state: w('主任会议已审定', 'Approved by the chair council'),
    facts: [
      ...fact(w('考核等次', 'Grade'), grade),
      ...fact(w('考核得分', 'Score'), w(`${row.score}分`, String(row.score))),
      ...fact(w('全县排名', 'Rank in the county'), w(`第${row.rank}名（共${(context.scoring as { rows: unknown[] }).rows.length}名）`, `${row.rank} of ${(context.scoring as { rows: unknown[] }).rows.length}`)),
      ...fact(w('审定会议', 'Approved by'), text(context.approval, 'meeting')),
      ...fact(
        w('提示', 'Note'),
        row.secondPoorYear ? w('连续两年考核为约谈档：建议原选举单位劝其辞去代表职务', 'In the interview band two years in a row: the electoral unit is advised to ask the deputy to resign') : null,
      ),
    ],
  });
  if (row.commend) {
    const published = isObj(context.commendation) ? context.commendation : null;
    out.push({
      id: `${id}-commendation`,
      date: day(text(published, 'publishedOn')) ?? approvedOn,
      title: text(published, 'honour') ?? `${year}年度表扬名单`,
      part: w('列入表扬名单', 'On the commendation list'),
      state: published ? w('已公布', 'Published') : w('待公布', 'To be published'),
      facts: [...fact(w('考核等次', 'Grade'), grade), ...fact(w('公布渠道', 'Published in'), text(published, 'channel'))],
    });
  }
  if (row.interview) {
    const interviewed = Array.isArray(context.interviewed) ? (context.interviewed as unknown[]) : [];
    const records = Array.isArray(context.interviews) ? (context.interviews as unknown[]) : [];
    // RECORD_INTERVIEW appends the record and the deputy in one step: the same index in both lists.
    const at = interviewed.findIndex((x) => isObj(x) && x.deputyId === deputyId);
    const record = at >= 0 ? records[at] : undefined;
    out.push({
      id: `${id}-interview`,
      date: day(text(record, 'interviewedOn')) ?? approvedOn,
      title: `约谈（${year}年度考核${row.gradeTitle}）`,
      part: w('约谈对象', 'Interviewed'),
      state: at >= 0 ? w('已约谈', 'Held') : w('待约谈', 'To be held'),
      facts: [
        ...fact(w('约谈人', 'Interviewer'), text(record, 'interviewer')),
        ...fact(w('约谈情况', 'Record'), text(record, 'record')),
        ...fact(w('改进承诺', 'Commitment'), text(record, 'commitment')),
      ],
    });
  }
  return out;
}
