/**
 * /admin/roster: the deputy roster import. The admin chooses an .xlsx or .csv file; the page
 * sends it to POST /api/roster/preview (which writes nothing) and shows every row error in
 * words (row, column title, message), then imports behind a confirmation
 * (POST /api/roster/import, all rows or none) and sums up what was written.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { COLUMNS } from '../../../runtime/roster/index.ts';
import { api, ApiError } from '../api.ts';
import type { RosterError, RosterImportResult, RosterPreview, Term } from '../api-types.ts';
import { errorText, lang, t } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { AdminFrame } from './admin-frame.tsx';
import { w } from './words.ts';

/** 2 MB of file is ~2.7 MB of base64 in JSON, under the server's 4 MiB upload limit. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Rows drawn in the preview table; every error is listed whatever the number of rows. */
const SHOWN_ROWS = 300;

const TEMPLATE_CSV = `\uFEFF${[COLUMNS.name.zh, COLUMNS.delegation.zh, COLUMNS.group.zh, COLUMNS.phone.zh, COLUMNS.standingCommittee.zh, COLUMNS.username.zh].join(',')}\r\n王建国,城关镇代表团,第一小组,13800138000,是,\r\n`;

interface ChosenFile {
  name: string;
  body: { format: 'csv' | 'xlsx'; base64: string };
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function RosterPage(): JSX.Element {
  return (
    <AdminFrame current="roster">
      <RosterScreen />
    </AdminFrame>
  );
}

function RosterScreen(): JSX.Element {
  const [terms] = createResource(() => api<{ terms: Term[] }>('GET', '/terms').then((r) => r.terms));
  const [file, setFile] = createSignal<ChosenFile | null>(null);
  const [preview, setPreview] = createSignal<RosterPreview | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [confirming, setConfirming] = createSignal(false);
  const [termId, setTermId] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<RosterImportResult | null>(null);

  const choose = async (input: HTMLInputElement) => {
    const picked = input.files?.[0];
    setPreview(null);
    setResult(null);
    setConfirming(false);
    setError('');
    setFile(null);
    if (!picked) return;
    const ext = picked.name.toLowerCase().split('.').pop();
    if (ext !== 'csv' && ext !== 'xlsx') return void setError(w('fileType'));
    if (picked.size > MAX_FILE_BYTES) return void setError(w('fileTooLarge'));
    setBusy(true);
    try {
      const chosen: ChosenFile = { name: picked.name, body: { format: ext, base64: await readAsDataUrl(picked) } };
      setPreview(await api<RosterPreview>('POST', '/roster/preview', chosen.body));
      setFile(chosen);
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setBusy(false);
      // The same file name chosen again (after fixing it) must fire `change` again.
      input.value = '';
    }
  };

  const runImport = async () => {
    const chosen = file();
    if (!chosen) return;
    setBusy(true);
    setError('');
    try {
      setResult(await api<RosterImportResult>('POST', '/roster/import', { ...chosen.body, termId: termId() }));
      setConfirming(false);
      setPreview(null);
      setFile(null);
    } catch (err) {
      setConfirming(false);
      // Someone changed the county meanwhile: the server lists the rows that now conflict.
      if (err instanceof ApiError && err.code === 'ROSTER_INVALID' && Array.isArray(err.details?.errors)) {
        const errors = err.details.errors as unknown as RosterError[];
        const current = preview();
        if (current) setPreview({ ...current, errors, summary: { ...current.summary, errors: errors.length } });
      }
      setError(apiErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const errorCount = () => preview()?.errors.length ?? 0;
  const badLines = () => new Set((preview()?.errors ?? []).map((e) => e.line));

  return (
    <>
      <h1>{w('tabRoster')}</h1>
      <p>{w('rosterIntro')}</p>
      <div class="notice">
        <p>{w('rosterColumns')}</p>
        <ul class="admin-columns">
          <For each={Object.entries(COLUMNS)}>
            {([field, spec]) => (
              <li>
                {lang() === 'zh' ? spec.zh : spec.en}
                {field === 'name' ? w('rosterRequired') : ''}
              </li>
            )}
          </For>
        </ul>
        <p class="muted">{w('rosterPhoneNote')}</p>
        <p><a href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE_CSV)}`} download="代表名册模板.csv">{w('rosterTemplate')}</a></p>
      </div>

      {/* The native file input speaks the browser's language ("No file chosen"); a label styled as a
          button and the chosen file's name speak the page's. */}
      <div class="admin-field admin-file">
        <input id="roster-file" class="sr-only" type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" disabled={busy()} onChange={(e) => void choose(e.currentTarget)} />
        <label for="roster-file" class="file-button">{w('chooseFile')}</label>
        <span class="muted">{file()?.name ?? w('noFile')}</span>
      </div>
      <Show when={busy() && !preview()}><p role="status">{w('reading')}</p></Show>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>

      <Show when={result()}>
        {(r) => (
          <div class="admin-ok-box" role="status">
            <p class="big">{w('imported', { n: r().imported })}</p>
            <p>{w('importedNote')}</p>
          </div>
        )}
      </Show>

      <Show when={preview()}>
        {(p) => (
          <section aria-label={w('previewOf')}>
            <h2>{w('previewOf')}{file()?.name}</h2>
            <p class="admin-summary">{w('rosterSummary', { rows: p().summary.rows, valid: p().summary.valid, invalid: p().summary.invalid, sc: p().summary.standingCommittee })}</p>

            <Show when={errorCount() > 0} fallback={<p class="admin-ok">{w('noErrors')}</p>}>
              <div class="form-errors" role="alert">
                <p>{w('rowErrors')}</p>
                <table class="admin-table roster-errors">
                  <thead>
                    <tr>
                      <th scope="col">{w('line')}</th>
                      <th scope="col">{w('column')}</th>
                      <th scope="col">{w('problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={p().errors}>
                      {(e) => (
                        <tr>
                          <td>{w('lineN', { n: e.line })}</td>
                          <td>{e.column === '' ? w('wholeFile') : e.column}</td>
                          <td>{errorText(e)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>

            <div class="table-wrap">
              <table class="admin-table roster-rows">
                <thead>
                  <tr>
                    <th scope="col">{w('line')}</th>
                    <For each={[COLUMNS.name, COLUMNS.delegation, COLUMNS.group, COLUMNS.phone, COLUMNS.standingCommittee, COLUMNS.username]}>
                      {(spec) => <th scope="col">{lang() === 'zh' ? spec.zh : spec.en}</th>}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={p().rows.slice(0, SHOWN_ROWS)}>
                    {(row) => (
                      <tr class={badLines().has(row.line) ? 'admin-bad-row' : ''}>
                        <td>{w('lineN', { n: row.line })}</td>
                        <td>{row.name}</td>
                        <td>{row.delegation ?? ''}</td>
                        <td>{row.group ?? ''}</td>
                        <td>{row.phone ?? ''}</td>
                        <td>{row.standingCommittee === null ? '' : w(row.standingCommittee ? 'yes' : 'no')}</td>
                        <td>{row.username ?? ''}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>

            <Show when={errorCount() === 0 && p().rows.length > 0}>
              <div class="admin-form">
                <div class="admin-field">
                  <label for="roster-term">{w('term')}</label>
                  <select id="roster-term" onChange={(e) => setTermId(e.currentTarget.value === '' ? null : e.currentTarget.value)}>
                    <option value="">{w('noTerm')}</option>
                    <For each={terms() ?? []}>{(t) => <option value={t.id} selected={termId() === t.id}>{t.name}</option>}</For>
                  </select>
                </div>
                <Show
                  when={confirming()}
                  fallback={<div class="actions"><button type="button" onClick={() => setConfirming(true)}>{w('importRoster')}</button></div>}
                >
                  <div class="confirm-box" role="alertdialog" aria-label={w('importRoster')}>
                    <p>{w('confirmImport', { n: p().summary.rows })}</p>
                    <div class="actions">
                      <button type="button" disabled={busy()} onClick={() => void runImport()}>{w('confirmImportButton')}</button>
                      <button type="button" class="secondary" onClick={() => setConfirming(false)}>{t('cancel')}</button>
                    </div>
                  </div>
                </Show>
              </div>
            </Show>
          </section>
        )}
      </Show>
    </>
  );
}
