/**
 * The `gradeDeputies` effect of the annual assessment (DOMAIN §7.4): the store reads what the
 * pure grading (runtime/points/grading.ts) needs — every active deputy of the county with their
 * confirmed points of the year (the 亮分 query over the whole year), the state of each deputy's
 * self-evaluation, and whose grade in last year's approved assessment was an 约谈 grade — and
 * writes the graded list into the campaign's context, in the transaction of the step that
 * entered 办公室评分. Settings that do not check are written as errors (words), not thrown: the
 * office's submission is guarded on `ok`.
 */
import type { Kysely } from 'kysely';
import { checkGrading, gradeDeputies, type GradedRow } from '../points/index.ts';
import type { Database } from './schema.ts';
import { assessmentRows } from './sql/assessment-rows.ts';
import { quarterPoints } from './sql/quarter-points.ts';

export const ASSESSMENT = 'deputy-assessment';
export const SELF_EVALUATION = 'deputy-self-evaluation';

export type AssessmentScoring =
  | { ok: true; year: number; mode: string; rows: GradedRow[]; counts: Array<{ grade: string; title: string; title_en: string; count: number }> }
  | { ok: false; year: number | null; errors: Array<{ pointer: string; message: string; message_en: string }> };

/** A self-evaluation instance's state as the grading reads it. */
function selfState(state: string): GradedRow['selfEvaluation'] {
  return state === 'checked' ? 'CHECKED' : state === 'groupCheck' ? 'SUBMITTED' : 'NONE';
}

/** The approved rows of a year's campaign (the newest approved one), or null. */
export async function approvedRows(db: Kysely<Database>, countyId: string, year: number): Promise<GradedRow[] | null> {
  for (const row of await assessmentRows(db, countyId, ASSESSMENT, year)) {
    const ctx = row.context;
    const scoring = ctx.scoring as AssessmentScoring | null | undefined;
    if (ctx.approval && scoring && scoring.ok) return scoring.rows;
  }
  return null;
}

export async function assessmentScoring(db: Kysely<Database>, countyId: string, yearValue: unknown, mode: unknown, bands: unknown): Promise<AssessmentScoring> {
  const year = typeof yearValue === 'number' && Number.isInteger(yearValue) && yearValue >= 2000 && yearValue <= 2100 ? yearValue : null;
  if (year === null) return { ok: false, year: null, errors: [{ pointer: '/year', message: '考核年度无效', message_en: 'The assessment year is not valid' }] };
  const settings = checkGrading({ mode, bands });
  if (!settings.ok) return { ok: false, year, errors: settings.errors };
  const points = await quarterPoints(db, countyId, `${year}-01-01`, `${year}-12-31`);
  const selfStates = new Map<string, string>();
  // Newest first: a deputy's newest self-evaluation of the year counts.
  for (const r of await assessmentRows(db, countyId, SELF_EVALUATION, year)) {
    const id = r.context.deputyId;
    if (typeof id === 'string' && !selfStates.has(id)) selfStates.set(id, r.state);
  }
  const lastYear = await approvedRows(db, countyId, year - 1);
  const interviewedLastYear = new Set((lastYear ?? []).filter((r) => r.interview).map((r) => r.deputyId));
  const rows = gradeDeputies(
    settings.settings,
    points.map((p) => ({
      deputyId: p.deputy_id,
      name: p.name,
      delegation: p.delegation,
      group: p.deputy_group,
      points: p.points,
      interviewedLastYear: interviewedLastYear.has(p.deputy_id),
      selfEvaluation: selfState(selfStates.get(p.deputy_id) ?? ''),
    })),
  );
  const counts = settings.settings.bands.map((b) => ({ grade: b.grade, title: b.title, title_en: b.title_en, count: rows.filter((r) => r.grade === b.grade).length }));
  return { ok: true, year, mode: settings.settings.mode, rows, counts };
}
