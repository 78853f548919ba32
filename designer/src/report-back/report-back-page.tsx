/**
 * /report-back: the office's page for deputies reporting back to their voters (代表向选民述职,
 * DOMAIN §7.7): the term's coverage (每届至少一次) and the voters' satisfaction in words, each
 * deputy's progress and result, and the plan — ticking the term's deputies not yet planned.
 * The steps themselves (report, review, meeting, the voters' ballot, sending, archiving) are
 * tasks in the inbox; the deputy finds “撰写述职报告” there on the phone.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { fill, lang, listJoin, t } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { countyToday } from '../points/today.ts';

interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
  display: string;
}

interface DeputyRow {
  deputyId: string;
  name: string;
  planned: number;
  held: number;
  reported: boolean;
  instanceId: string | null;
  stateTitle: string | null;
  stateTitle_en: string | null;
  meetingDate: string | null;
  resultWords: string | null;
  resultWords_en: string | null;
}

interface Coverage {
  term: { id: string; name: string };
  reportsPerTerm: number;
  coverage: Ratio;
  satisfaction: { satisfied: Ratio; satisfiedOrBasic: Ratio };
  deputies: DeputyRow[];
}

const rate = (r: Ratio) => (r.denominator === 0 ? r.display : `${r.display}（${r.numerator}/${r.denominator}）`);

export function ReportBackPage(): JSX.Element {
  const [terms] = createResource(() => api<{ terms: Array<{ id: string; name: string }> }>('GET', '/terms'));
  const [term, setTerm] = createSignal('');
  const [tick, setTick] = createSignal(1);
  const chosen = () => term() || terms()?.terms[terms()!.terms.length - 1]?.id || '';
  const [coverage] = createResource(
    () => (chosen() ? { term: chosen(), tick: tick() } : false),
    (s) => api<Coverage>('GET', `/report-back/coverage?term=${encodeURIComponent(s.term)}`),
  );
  const [picked, setPicked] = createSignal<string[]>([]);
  const [year, setYear] = createSignal(Number(countyToday().slice(0, 4)));
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');
  const plan = async () => {
    setError('');
    setMessage('');
    if (picked().length === 0) return setError(t('rbChooseDeputies'));
    try {
      const r = await api<{ instanceIds: string[] }>('POST', '/report-back/plans', { termId: chosen(), year: year(), deputyIds: picked() });
      setMessage(fill(t('rbPlanned'), { n: String(r.instanceIds.length) }));
      setPicked([]);
      setTick(tick() + 1);
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  const words = (zh: string | null, en: string | null) => (lang() === 'zh' ? zh : en ?? zh) ?? '';
  return (
    <section class="report-back-page">
      <h1>{t('rbTitle')}</h1>
      <Show when={terms() && terms()!.terms.length === 0}>
        <p class="empty">{t('rbNoTerms')}</p>
      </Show>
      <Show when={(terms()?.terms.length ?? 0) > 0}>
        <label class="field">
          <span>{t('rbTerm')}</span>
          <select value={chosen()} onChange={(e) => setTerm(e.currentTarget.value)}>
            <For each={terms()?.terms ?? []}>{(tm) => <option value={tm.id}>{tm.name}</option>}</For>
          </select>
        </label>
      </Show>
      <Show when={coverage()}>
        {(c) => {
          const missing = () => c().deputies.filter((d) => !d.reported).map((d) => d.name);
          return (
            <>
              <section class="rb-summary" aria-label={t('rbTitle')}>
                <p class="rb-coverage">
                  {fill(t('rbCoverage'), {
                    term: c().term.name,
                    d: String(c().coverage.denominator),
                    n: String(c().coverage.numerator),
                    m: String(c().coverage.denominator - c().coverage.numerator),
                    rate: rate(c().coverage),
                    k: String(c().reportsPerTerm),
                  })}
                </p>
                <p>{missing().length > 0 ? fill(t('rbNotYet'), { names: listJoin(missing()) }) : t('rbAllDone')}</p>
                <p class="rb-satisfaction">
                  {c().satisfaction.satisfied.denominator === 0
                    ? t('rbNoSatisfaction')
                    : fill(t('rbSatisfaction'), { s: rate(c().satisfaction.satisfied), sb: rate(c().satisfaction.satisfiedOrBasic) })}
                </p>
              </section>
              <table class="rb-table">
                <thead>
                  <tr>
                    <th>{t('rbDeputy')}</th>
                    <th>{t('rbState')}</th>
                    <th>{t('rbMeeting')}</th>
                    <th>{t('rbResult')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={c().deputies}>
                    {(d) => (
                      <tr data-reported={d.reported ? 'yes' : 'no'}>
                        <td>
                          <Show when={d.planned === 0 && d.held === 0}>
                            <input
                              type="checkbox"
                              aria-label={`${t('rbPlan')}：${d.name}`}
                              checked={picked().includes(d.deputyId)}
                              onChange={(e) => setPicked(e.currentTarget.checked ? [...picked(), d.deputyId] : picked().filter((x) => x !== d.deputyId))}
                            />{' '}
                          </Show>
                          {d.name}
                          <span class="muted">{lang() === 'zh' ? '（' : ' ('}{d.reported ? t('rbReported') : t('rbNotReported')}{lang() === 'zh' ? '）' : ')'}</span>
                        </td>
                        <td>
                          <Show when={d.instanceId} fallback={t('rbNotPlanned')}>
                            <a href={`/instances/${d.instanceId}`}>{words(d.stateTitle, d.stateTitle_en)}</a>
                          </Show>
                        </td>
                        <td>{d.meetingDate ?? ''}</td>
                        <td>{words(d.resultWords, d.resultWords_en)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <section class="rb-plan">
                <h2>{t('rbPlan')}</h2>
                <p class="muted">{t('rbPlanHelp')}</p>
                <label class="field">
                  <span>{t('rbYear')}</span>
                  <input type="number" min="2000" max="2100" value={year()} onInput={(e) => setYear(Number(e.currentTarget.value))} />
                </label>
                <button type="button" onClick={() => void plan()}>{t('rbPlan')}</button>
                <Show when={message()}><p role="status">{message()}</p></Show>
                <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
              </section>
            </>
          );
        }}
      </Show>
    </section>
  );
}
