/**
 * The annual assessment's graded list as a table (GET /api/assessments/export, XLSX or CSV; the
 * /assessment page shows the same columns): one row per deputy in rank order, every cell in
 * words — rank, name, delegation, the year's confirmed points, score, grade, self-evaluation and
 * the note of a second poor year. Built from assessmentOverview (assessments.ts), so the file
 * and the page can never disagree; no grade code, no id.
 */
import type { assessmentOverview } from './assessments.ts';

type Overview = Awaited<ReturnType<typeof assessmentOverview>>;

export const ASSESSMENT_COLUMNS: ReadonlyArray<{ zh: string; en: string; width: number }> = [
  { zh: '排名', en: 'Rank', width: 8 },
  { zh: '代表', en: 'Deputy', width: 14 },
  { zh: '代表团', en: 'Delegation', width: 18 },
  { zh: '全年确认积分', en: 'Confirmed points', width: 14 },
  { zh: '考核得分', en: 'Score', width: 10 },
  { zh: '考核等次', en: 'Grade', width: 12 },
  { zh: '自评', en: 'Self-evaluation', width: 24 },
  { zh: '备注', en: 'Note', width: 50 },
];

/** The graded rows in words (none before the office has scored the year). */
export function assessmentTableRows(o: Overview, lang: 'zh' | 'en'): Array<[number, string, string, number, number, string, string, string]> {
  const s = o.scoring;
  if (!s || !s.ok) return [];
  return s.rows.map((r) => [
    r.rank,
    r.name,
    r.delegation ?? r.group ?? '',
    r.points,
    r.score,
    lang === 'zh' ? r.gradeTitle : r.gradeTitle_en,
    lang === 'zh' ? r.selfEvaluationTitle : r.selfEvaluationTitle_en,
    r.flag ? (lang === 'zh' ? r.flag.title : r.flag.title_en) : '',
  ]);
}
