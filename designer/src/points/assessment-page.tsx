/**
 * /assessment: deputies' annual assessment (年度履职考核). The office and the chair council read
 * the year — where it stands, every deputy's points, score and grade in words, the commendation
 * list, the 约谈 and the deputies flagged for a second poor year — and the office opens a year.
 * A deputy (a phone first) sees their own self-evaluation and, once approved, their own grade.
 * The steps themselves are tasks in the inbox (self-evaluation, group check, scoring, approval).
 * The graded table prints on A4 (styles.css `.assessment-office` print rules: the tools hidden,
 * the whole table, a title and a footer) and exports to Excel or CSV (GET /api/assessments/export).
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, apiDownload } from '../api.ts';
import { fill, lang, t, withColon } from '../i18n.ts';
import { hasRole } from '../session.ts';
import { apiErrorText } from '../portal/submission.ts';
import { Link } from '../ui/link.tsx';
import { asw } from './assessment-words.ts';
import { countyToday } from './today.ts';
import { words, type Words } from './points-api.ts';

interface Row {
  deputyId: string;
  name: string;
  delegation: string | null;
  group: string | null;
  points: number;
  score: number;
  rank: number;
  gradeTitle: string;
  gradeTitle_en: string;
  commend: boolean;
  interview: boolean;
  selfEvaluationTitle: string;
  selfEvaluationTitle_en: string;
  flag: Words | null;
}

interface Overview {
  year: number;
  opened: boolean;
  campaign: { stateTitle: string; stateTitle_en: string } | null;
  progress: { deputies: number; written: number; checked: number };
  scoring: { ok: true; modeTitle: string; modeTitle_en: string; counts: Array<Words & { count: number }>; rows: Row[] } | { ok: false; errors: Array<{ message: string; message_en: string }> } | null;
  approved: boolean;
  approval: { meeting?: string; decidedOn?: string } | null;
  commended: Array<{ name: string; gradeTitle: string }>;
  commendation: { honour?: string; publishedOn?: string } | null;
  interviews: Array<{ name: string; done: boolean }>;
  flagged: Array<Words & { name: string }>;
}

interface Mine {
  year: number;
  opened: boolean;
  selfEvaluation: (Words & { state: string }) | null;
  published: boolean;
  result: { points: number; score: number; rank: number; of: number; gradeTitle: string; gradeTitle_en: string; commend: boolean; flag: Words | null } | null;
}

const zh = () => lang() === 'zh';

function YearChooser(props: { year: number; onChange: (y: number) => void }): JSX.Element {
  const thisYear = Number(countyToday().slice(0, 4));
  return (
    <label class="assessment-year">
      {t('assessmentYear')}
      <select value={props.year} onChange={(e) => props.onChange(Number(e.currentTarget.value))}>
        <For each={[thisYear, thisYear - 1, thisYear - 2, thisYear - 3]}>{(y) => <option value={y}>{fill(t('assessmentYearValue'), { year: String(y) })}</option>}</For>
      </select>
    </label>
  );
}

function OfficeAssessment(): JSX.Element {
  const [year, setYear] = createSignal(Number(countyToday().slice(0, 4)) - 1);
  const [data, { refetch }] = createResource(year, (y) => api<Overview>('GET', `/assessments?year=${y}`));
  const [error, setError] = createSignal('');
  const [status, setStatus] = createSignal('');
  const open = async () => {
    setError('');
    try {
      const r = await api<{ selfEvaluations: number }>('POST', '/assessments', { year: year() });
      setStatus(fill(t('assessmentOpened'), { year: String(year()), n: String(r.selfEvaluations) }));
      await refetch();
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  const scoring = () => {
    const s = data()?.scoring;
    return s && s.ok ? s : null;
  };
  const [exporting, setExporting] = createSignal(false);
  const download = async (format: 'xlsx' | 'csv') => {
    setError('');
    setExporting(true);
    try {
      await apiDownload(`/assessments/export?year=${year()}&format=${format}`, `deputy-assessment-${year()}.${format}`);
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setExporting(false);
    }
  };
  return (
    <section class="assessment-office">
      <h1 class="no-print">{t('assessmentTitle')}</h1>
      <h1 class="print-only">{asw('printTitle', { year: year() })}</h1>
      <div class="no-print">
        <YearChooser year={year()} onChange={setYear} />
      </div>
      <Show when={status()}><p role="status" class="ok">{status()}</p></Show>
      <Show when={error() || data.error}><p role="alert" class="error">{error() || apiErrorText(data.error)}</p></Show>
      <Show when={data()}>
        {(d) => (
          <Show
            when={d().opened}
            fallback={
              <div class="card">
                <p>{fill(t('assessmentNotOpened'), { year: String(d().year) })}</p>
                <Show when={hasRole('staff')}>
                  <button type="button" onClick={() => void open()}>{fill(t('assessmentOpen'), { year: String(d().year) })}</button>
                </Show>
              </div>
            }
          >
            <div class="card assessment-stage">
              <p><strong>{withColon(t('assessmentStage'))}{zh() ? d().campaign?.stateTitle : d().campaign?.stateTitle_en}</strong></p>
              <p class="muted">{fill(t('assessmentProgress'), { deputies: String(d().progress.deputies), written: String(d().progress.written), checked: String(d().progress.checked) })}</p>
              <Show when={scoring()}>{(s) => <p class="muted">{withColon(t('assessmentMode'))}{zh() ? s().modeTitle : s().modeTitle_en}</p>}</Show>
              <p>
                <Show when={d().approved} fallback={<span class="muted">{t('assessmentNotApproved')}</span>}>
                  <span class="ok">{withColon(t('assessmentApproved'))}{d().approval?.meeting ?? ''}{d().approval?.decidedOn ? `（${d().approval?.decidedOn}）` : ''}</span>
                </Show>
              </p>
            </div>
            <Show when={d().scoring && !d().scoring!.ok}>
              <p role="alert" class="error">{t('assessmentBadSettings')}{(d().scoring as { errors: Array<{ message: string; message_en: string }> }).errors.map((e) => (zh() ? e.message : e.message_en)).join('；')}</p>
            </Show>
            <Show when={scoring()} fallback={<p class="muted">{t('assessmentNoScores')}</p>}>
              {(s) => (
                <>
                  <div class="assessment-tools no-print">
                    <button type="button" onClick={() => window.print()}>{asw('print')}</button>
                    <button type="button" disabled={exporting()} onClick={() => void download('xlsx')}>{exporting() ? asw('exporting') : asw('exportXlsx')}</button>
                    <button type="button" disabled={exporting()} onClick={() => void download('csv')}>{asw('exportCsv')}</button>
                  </div>
                  <p class="assessment-counts">
                    {withColon(t('assessmentGradeCounts'))}
                    {s().counts.map((c) => `${words(c)} ${fill(t('assessmentPeople'), { n: String(c.count) })}`).join(zh() ? '，' : ', ')}
                  </p>
                  <div class="table-scroll">
                    <table class="points-ranking assessment-table">
                      <thead>
                        <tr>
                          <th>{t('assessmentRank')}</th>
                          <th>{t('pointsDeputy')}</th>
                          <th>{t('pointsDelegation')}</th>
                          <th>{t('assessmentPoints')}</th>
                          <th>{t('assessmentScore')}</th>
                          <th>{t('assessmentGrade')}</th>
                          <th>{t('assessmentSelf')}</th>
                          <th>{t('assessmentNote')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={s().rows}>
                          {(r) => (
                            <tr classList={{ poor: r.interview, commended: r.commend }}>
                              <td>{r.rank}</td>
                              <td>{r.name}</td>
                              <td>{r.delegation ?? r.group ?? ''}</td>
                              <td>{r.points}</td>
                              <td>{r.score}</td>
                              <td>{zh() ? r.gradeTitle : r.gradeTitle_en}</td>
                              <td>{zh() ? r.selfEvaluationTitle : r.selfEvaluationTitle_en}</td>
                              <td>{r.flag ? words(r.flag) : ''}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </Show>
            <Show when={d().approved}>
              <h2>{t('assessmentCommended')}</h2>
              <p class="muted">
                {d().commendation
                  ? fill(t('assessmentCommendationPublished'), { date: d().commendation?.publishedOn ?? '', honour: d().commendation?.honour ?? '' })
                  : t('assessmentCommendationPending')}
              </p>
              <ul class="assessment-commended">
                <For each={d().commended} fallback={<li class="empty">{t('assessmentNone')}</li>}>{(c) => <li>{c.name}（{c.gradeTitle}）</li>}</For>
              </ul>
              <h2>{t('assessmentInterviews')}</h2>
              <ul class="assessment-interviews">
                <For each={d().interviews} fallback={<li class="empty">{t('assessmentNone')}</li>}>
                  {(i) => <li>{i.name}{withColon('')}{i.done ? t('assessmentInterviewDone') : t('assessmentInterviewPending')}</li>}
                </For>
              </ul>
            </Show>
            <p class="muted print-only">{asw('printFooter')}</p>
            <h2>{t('assessmentFlagged')}</h2>
            <ul class="assessment-flagged">
              <For each={d().flagged} fallback={<li class="empty">{t('assessmentNone')}</li>}>{(f) => <li>{f.name}{withColon('')}{words(f)}</li>}</For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}

function MyAssessment(): JSX.Element {
  const [year, setYear] = createSignal(Number(countyToday().slice(0, 4)) - 1);
  const [mine] = createResource(year, (y) => api<Mine>('GET', `/assessments/mine?year=${y}`));
  return (
    <section class="assessment-mine">
      <h1>{t('assessmentMine')}</h1>
      <YearChooser year={year()} onChange={setYear} />
      <Show when={!mine.error} fallback={<p role="alert" class="error">{apiErrorText(mine.error)}</p>}>
        <Show when={mine()}>
          {(m) => (
            <Show when={m().opened} fallback={<p class="muted">{fill(t('assessmentNotOpened'), { year: String(m().year) })}</p>}>
              <div class="card">
                <p>
                  {withColon(t('assessmentSelfState'))}
                  <strong>{m().selfEvaluation ? words(m().selfEvaluation!) : t('assessmentNone')}</strong>
                </p>
                <Show when={m().selfEvaluation?.state === 'writing'}>
                  <Link href="/">{t('assessmentGoWrite')}</Link>
                </Show>
              </div>
              <Show when={m().result} fallback={<p class="muted">{t('assessmentNotPublished')}</p>}>
                {(r) => (
                  <div class="card assessment-result">
                    <span class="muted">{t('assessmentMyGrade')}</span>
                    <strong class="big">{zh() ? r().gradeTitle : r().gradeTitle_en}</strong>
                    <span>{fill(t('assessmentMyScore'), { score: String(r().score), points: String(r().points), rank: String(r().rank), of: String(r().of) })}</span>
                    <Show when={r().commend}><span class="ok">{t('assessmentCommendedMine')}</span></Show>
                    <Show when={r().flag}>{(f) => <span class="error">{words(f())}</span>}</Show>
                  </div>
                )}
              </Show>
            </Show>
          )}
        </Show>
      </Show>
    </section>
  );
}

export function AssessmentPage(): JSX.Element {
  return (
    <Show when={hasRole('staff', 'leader', 'admin')} fallback={<MyAssessment />}>
      <OfficeAssessment />
    </Show>
  );
}
