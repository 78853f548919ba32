/**
 * 纸质选票: the paper ballots counted in the hall, entered by a teller while the ballot is
 * counting (POST /api/ballots/:id/paper, replaceable until the result is published): how many
 * were returned, how many of them were invalid (and blank: valid but unmarked, optional), and per candidate the count of each mark the
 * electronic ballot also counts (ballotLayout: 赞成/反对, 满意/基本满意/不满意, 优秀…; a blank
 * is what is left of the valid ballots). Checked here first, with a message per field.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import { api, ApiError } from '../api.ts';
import { errorText, fill, t, withColon } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { ballotLayout } from '../../../runtime/ballot/sealed/index.ts';
import { candidateName, MARKS, word, type BallotView, type PaperCounts } from './ballot-api.ts';
import { specOf } from './sealed-device.ts';

const MARK_WORDS: Record<string, [string, string]> = { ...MARKS.FOR_AGAINST, ...MARKS.SATISFACTION, ...MARKS.COMPETENCE };

export function markWord(mark: string): string {
  if (/^[0-9]+$/.test(mark)) return fill(t('rankN'), { n: mark });
  return word(MARK_WORDS, mark);
}

/** Candidate id → the marks counted for it, in the layout's order. */
function marksByCandidate(b: BallotView): Array<{ id: string; name: string; marks: string[] }> {
  const layout = ballotLayout(specOf(b));
  return b.candidates.map((c) => ({
    id: c.id,
    name: candidateName(c),
    marks: layout.indicators.filter((x) => x.candidateId === c.id).map((x) => String(x.mark)),
  }));
}

export function PaperForm(props: { ballot: BallotView; refetch: () => Promise<void> }): JSX.Element {
  const b = () => props.ballot;
  const rows = marksByCandidate(b());
  const initial = b().paper;
  const [values, setValues] = createSignal<Record<string, string>>(Object.fromEntries([
    ['returned', initial ? String(initial.returned) : ''],
    ['invalid', initial ? String(initial.invalid) : ''],
    ['blank', initial ? String(initial.blank ?? 0) : ''],
    ...rows.flatMap((r) => r.marks.map((m) => [`${r.id}/${m}`, initial ? String(initial.counts[r.id]?.[m] ?? 0) : ''] as [string, string])),
  ]));
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal('');
  const [saved, setSaved] = createSignal(initial ? fill(t('paperSaved'), { returned: String(initial.returned), invalid: String(initial.invalid) }) : '');
  const [busy, setBusy] = createSignal(false);
  const set = (key: string, v: string) => setValues((x) => ({ ...x, [key]: v }));

  const check = (): PaperCounts | null => {
    const v = values();
    const errs: Record<string, string> = {};
    const num = (key: string, label: string, optional = false): number => {
      const text = (v[key] ?? '').trim();
      if (text === '' && optional) return 0;
      if (text === '') {
        errs[key] = fill(t('paperRequired'), { field: label });
        return 0;
      }
      if (!/^[0-9]{1,6}$/.test(text)) {
        errs[key] = fill(t('paperNotCount'), { field: label });
        return 0;
      }
      return Number(text);
    };
    const returned = num('returned', t('paperReturned'));
    const invalid = num('invalid', t('paperInvalid'));
    if (!errs.invalid && !errs.returned && invalid > returned) errs.invalid = t('paperInvalidTooMany');
    const valid = Math.max(0, returned - invalid);
    const blank = num('blank', t('paperBlank'), true);
    if (!errs.blank && !errs.invalid && !errs.returned && blank > valid) errs.blank = t('paperBlankTooMany');
    const counts: PaperCounts['counts'] = {};
    let approved = 0;
    for (const r of rows) {
      counts[r.id] = {};
      let sum = 0;
      for (const m of r.marks) {
        const n = num(`${r.id}/${m}`, `${r.name}${withColon('')}${markWord(m)}`);
        (counts[r.id] as Record<string, number>)[m] = n;
        sum += n;
        if (m === 'APPROVE') approved += n;
      }
      const last = `${r.id}/${r.marks[r.marks.length - 1]}`;
      if (sum > valid && !r.marks.some((m) => errs[`${r.id}/${m}`])) errs[last] = fill(t('paperRowTooMany'), { name: r.name, sum: String(sum), valid: String(valid) });
    }
    const seats = b().seats;
    if (b().kind === 'CHOOSE_K' && seats !== null && approved > seats * valid && Object.keys(errs).length === 0) {
      errs.returned = fill(t('paperApproveTooMany'), { sum: String(approved), max: String(seats * valid), seats: String(seats) });
    }
    setErrors(errs);
    return Object.keys(errs).length > 0 ? null : { returned, invalid, blank, counts };
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError('');
    setSaved('');
    const paper = check();
    if (!paper) {
      setError(t('formErrors'));
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/ballots/${encodeURIComponent(b().id)}/paper`, paper);
      setSaved(fill(t('paperSaved'), { returned: String(paper.returned), invalid: String(paper.invalid) }));
      await props.refetch();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length > 0) setError(err.fieldErrors.map(errorText).join('；'));
      else setError(apiErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const Field = (p: { key: string; label: string; id: string }) => (
    <div class="count-field">
      <label for={p.id}>{p.label}</label>
      <input id={p.id} type="text" inputmode="numeric" autocomplete="off" value={values()[p.key] ?? ''}
        aria-invalid={errors()[p.key] ? true : undefined} aria-describedby={errors()[p.key] ? `${p.id}-err` : undefined}
        onInput={(e) => set(p.key, e.currentTarget.value)} />
      <Show when={errors()[p.key]}><p class="error field-error" id={`${p.id}-err`}>{errors()[p.key]}</p></Show>
    </div>
  );

  return (
    <form class="paper-form" onSubmit={(e) => void submit(e)} novalidate>
      <h3>{t('paperSection')}</h3>
      <p class="hint">{t('paperIntro')}</p>
      <div class="count-grid">
        <Field key="returned" id="paper-returned" label={t('paperReturned')} />
        <Field key="invalid" id="paper-invalid" label={t('paperInvalid')} />
        <Field key="blank" id="paper-blank" label={t('paperBlank')} />
      </div>
      <For each={rows}>
        {(r, i) => (
          <fieldset class="count-row">
            <legend>{r.name}</legend>
            <div class="count-grid">
              <For each={r.marks}>{(m, j) => <Field key={`${r.id}/${m}`} id={`paper-${i()}-${j()}`} label={markWord(m)} />}</For>
            </div>
          </fieldset>
        )}
      </For>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
      <Show when={saved()}><p role="status" class="ok-line">{saved()}</p></Show>
      <div class="actions">
        <button type="submit" disabled={busy()}>{t('paperSave')}</button>
      </div>
    </form>
  );
}
