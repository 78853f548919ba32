/**
 * /meetings: the lists the chair council approves in one step (DOMAIN §2.4) — 交办会 (each
 * listed suggestion is assigned to its units) and 年终集中办结 (each listed suggestion is
 * concluded). /meetings/:id: one list. The office (staff) prepares it in a table — prefilled
 * with every suggestion waiting, or imported from the Excel template with every row error
 * listed — and submits it; the chair council (leader) reads the whole list by number, title
 * and units' names and approves it with one 审定 button, or sends it back with a reason. The
 * steps are the list process's tasks (definitions/assignment-meeting, suggestion-closing).
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, apiDownload, ApiError, completeTask } from '../api.ts';
import type { StateJson } from '../api-types.ts';
import { hasRole } from '../session.ts';
import { Link } from '../ui/link.tsx';
import { navigate } from '../router.ts';
import { label, lang } from '../i18n.ts';
import { stateTitle } from '../portal/state-titles.ts';
import { apiErrorText } from '../portal/submission.ts';
import { w } from './words.ts';

const PROCESS = { assign: 'assignment-meeting', close: 'suggestion-closing' } as const;
type Kind = keyof typeof PROCESS;
const kindOf = (definitionId: string): Kind => (definitionId === PROCESS.close ? 'close' : 'assign');

interface Option { value: string; title: string; title_en?: string }
interface Definition { definition: { forms: Record<string, any>; machine: { states: Record<string, StateJson> } } }
interface Candidate { instanceId: string; serialNo: string | null; title: string; suggestedUnitIds: string[]; stateTitle: string; stateTitle_en: string | null; heldBy: { listId: string; title: string } | null }
interface Unit { id: string; name: string; nameEn: string | null; active: boolean }
interface Row { instanceId: string; serialNo?: string; title?: string; mode?: string; leadUnitId?: string; assistUnitIds?: string[]; separateUnitIds?: string[]; supervisionLevel?: string; dueAt?: string; viaGovOffice?: boolean; note?: string }
interface SheetError { line: number; column: string; message: string; message_en: string }
interface Task { id: string; instanceId: string; outcomes: Array<{ event: string }> }
interface Instance { id: string; definitionId: string; title: string; state: string; status: string; context: Record<string, any> }
interface ListItem { id: string; title: string; state: string }

const optionsOf = (def: Definition | undefined, field: string): Option[] =>
  ((def?.definition.forms.list?.properties?.rows?.items?.properties?.[field]?.oneOf ?? []) as Array<{ const: string; title: string; 'x-ui'?: { label_en?: string } }>).map((o) => ({
    value: o.const,
    title: o.title,
    title_en: o['x-ui']?.label_en,
  }));
const words = (options: Option[], value: string | undefined) => {
  const o = options.find((x) => x.value === value);
  return o ? label({ title: o.title, title_en: o.title_en }) : '';
};

export function MeetingsPage(): JSX.Element {
  const [kind, setKind] = createSignal<Kind>('assign');
  const [lists] = createResource(
    () => ({ k: kind() }),
    (s) => api<{ instances: ListItem[] }>('GET', `/instances?definition=${PROCESS[s.k]}&limit=100`),
  );
  const [def] = createResource(kind, (k) => api<Definition>('GET', `/definitions/${PROCESS[k]}`));
  const [name, setName] = createSignal('');
  const [date, setDate] = createSignal('');
  const [error, setError] = createSignal('');
  const create = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const field = kind() === 'assign' ? 'meetingDate' : 'reviewDate';
      const r = await api<{ id: string }>('POST', `/definitions/${PROCESS[kind()]}/instances`, { data: { title: name(), ...(date() ? { [field]: date() } : {}) } });
      navigate(`/meetings/${encodeURIComponent(r.id)}`);
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  return (
    <section class="meeting-page">
      <h1>{w('title')}</h1>
      <p class="hint">{w('intro')}</p>
      <div role="tablist" class="tabs">
        <button type="button" role="tab" aria-selected={kind() === 'assign'} onClick={() => setKind('assign')}>{w('assignTab')}</button>
        <button type="button" role="tab" aria-selected={kind() === 'close'} onClick={() => setKind('close')}>{w('closeTab')}</button>
      </div>
      <Show when={hasRole('staff')}>
        <form class="inline-form" onSubmit={create}>
          <label class="field">
            <span>{w('meetingName')}</span>
            <input required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{w('meetingDate')}</span>
            <input type="date" value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
          <button type="submit">{kind() === 'assign' ? w('newMeeting') : w('newReview')}</button>
        </form>
      </Show>
      <Show when={error()}>
        <p role="alert" class="error">{error()}</p>
      </Show>
      <Show when={lists()} fallback={<p>{lists.error ? apiErrorText(lists.error) : '…'}</p>}>
        <Show when={lists()!.instances.length > 0} fallback={<p class="empty">{w('none')}</p>}>
          <table class="data">
            <thead>
              <tr><th>{w('meetingName')}</th><th>{w('state')}</th></tr>
            </thead>
            <tbody>
              <For each={lists()!.instances}>
                {(i) => (
                  <tr>
                    <td><Link href={`/meetings/${encodeURIComponent(i.id)}`}>{i.title}</Link></td>
                    <td>{stateTitle(def()?.definition.machine.states, i.state)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </Show>
    </section>
  );
}

export function MeetingPage(props: { id: string }): JSX.Element {
  const [tick, setTick] = createSignal(0);
  const [inst] = createResource(() => ({ id: props.id, t: tick() }), (s) => api<Instance>('GET', `/instances/${encodeURIComponent(s.id)}`));
  const kind = () => kindOf(inst()?.definitionId ?? '');
  const [def] = createResource(() => inst()?.definitionId, (id) => api<Definition>('GET', `/definitions/${id}`));
  const [tasks] = createResource(() => ({ id: inst()?.definitionId, t: tick() }), (s) => (s.id ? api<{ tasks: Task[] }>('GET', `/tasks?mine=1&definition=${s.id}&limit=500`) : Promise.resolve({ tasks: [] })));
  const [units] = createResource(() => api<{ units: Unit[] }>('GET', '/units?active=true'));
  const myTask = (event: string) => tasks()?.tasks.find((t) => t.instanceId === props.id && t.outcomes.some((o) => o.event === event));
  const unitName = (id: string | undefined) => {
    const u = units()?.units.find((x) => x.id === id);
    return u ? (lang() === 'zh' ? u.name : u.nameEn ?? u.name) : '';
  };
  const modes = () => optionsOf(def(), 'mode');
  const levels = () => optionsOf(def(), 'supervisionLevel');
  const [rows, setRows] = createSignal<Row[] | null>(null);
  const current = () => rows() ?? ((inst()?.context.rows ?? []) as Row[]);
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');
  const [sheetErrors, setSheetErrors] = createSignal<SheetError[]>([]);
  const [comment, setComment] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const clear = () => {
    setMessage('');
    setError('');
    setSheetErrors([]);
  };
  /** The list routes' query: this list's kind, and this list (its own suggestions are not "on another list"). */
  const listQuery = () => `kind=${kind()}&list=${encodeURIComponent(props.id)}`;
  const set = (i: number, patch: Partial<Row>) => setRows(current().map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const prefill = async () => {
    clear();
    try {
      const r = await api<{ candidates: Candidate[] }>('GET', `/assignment-meetings/candidates?${listQuery()}`);
      if (r.candidates.length === 0) return setMessage(w('noCandidates'));
      const listed = new Set(current().map((x) => x.instanceId));
      // A suggestion on another open list cannot be listed here until that list is approved (the save would be refused).
      const held = r.candidates.filter((c) => c.heldBy !== null);
      if (held.length > 0) setMessage(w('heldElsewhere', { n: held.length, lists: [...new Set(held.map((c) => `“${c.heldBy!.title}”`))].join('、') }));
      const added = r.candidates
        .filter((c) => c.heldBy === null && !listed.has(c.instanceId))
        .map((c): Row =>
          kind() === 'assign'
            ? { instanceId: c.instanceId, ...(c.serialNo ? { serialNo: c.serialNo } : {}), title: c.title, mode: 'SINGLE', ...(c.suggestedUnitIds[0] ? { leadUnitId: c.suggestedUnitIds[0] } : {}), supervisionLevel: 'GENERAL' }
            : { instanceId: c.instanceId, ...(c.serialNo ? { serialNo: c.serialNo } : {}), title: c.title },
        );
      setRows([...current(), ...added]);
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  const importFile = async (file: File) => {
    clear();
    setBusy(true);
    try {
      const base64 = await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(file);
      });
      const r = await api<{ rows: Row[] }>('POST', `/assignment-meetings/import?${listQuery()}`, { format: 'xlsx', base64 });
      setRows(r.rows);
      setMessage(w('imported', { n: r.rows.length }));
    } catch (err) {
      const details = err instanceof ApiError ? (err.details?.errors as unknown as SheetError[] | undefined) : undefined;
      if (err instanceof ApiError && err.code === 'MEETING_SHEET_INVALID' && Array.isArray(details)) setSheetErrors(details);
      else setError(apiErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  /** What the form would refuse, said per row before sending. */
  const rowProblems = (): string[] => {
    if (current().length === 0) return [w('empty')];
    if (kind() !== 'assign') return [];
    return current().flatMap((r, i) => {
      const n = i + 1;
      if ((r.mode === 'SINGLE' || r.mode === 'LEAD_ASSIST') && !r.leadUnitId) return [w('rowMissing', { n, what: w('needLead') })];
      if (r.mode === 'LEAD_ASSIST' && !(r.assistUnitIds?.length)) return [w('rowMissing', { n, what: w('needAssist') })];
      if (r.mode === 'SEPARATE' && !(r.separateUnitIds?.length)) return [w('rowMissing', { n, what: w('needSeparate') })];
      return [];
    });
  };
  const clean = (r: Row): Row => {
    if (kind() !== 'assign') return { instanceId: r.instanceId, ...(r.serialNo ? { serialNo: r.serialNo } : {}), ...(r.title ? { title: r.title } : {}), ...(r.note ? { note: r.note } : {}) };
    const out: Row = { instanceId: r.instanceId, mode: r.mode ?? 'SINGLE', supervisionLevel: r.supervisionLevel ?? 'GENERAL' };
    if (r.serialNo) out.serialNo = r.serialNo;
    if (r.title) out.title = r.title;
    if (out.mode !== 'SEPARATE' && r.leadUnitId) out.leadUnitId = r.leadUnitId;
    if (out.mode === 'LEAD_ASSIST') out.assistUnitIds = r.assistUnitIds ?? [];
    if (out.mode === 'SEPARATE') out.separateUnitIds = r.separateUnitIds ?? [];
    if (r.dueAt) out.dueAt = r.dueAt;
    if (r.viaGovOffice !== undefined) out.viaGovOffice = r.viaGovOffice;
    return out;
  };
  const complete = async (event: string, data: Record<string, unknown>, done: string) => {
    clear();
    const task = myTask(event);
    if (!task) return;
    setBusy(true);
    try {
      await completeTask(task.id, event, data);
      setRows(null);
      setMessage(done);
      setTick(tick() + 1);
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    const problems = rowProblems();
    if (problems.length > 0) return setError(problems.join('；'));
    void complete('SUBMIT_LIST', { rows: current().map(clean) }, w('submitted'));
  };
  const editable = () => inst()?.state === 'preparing' && myTask('SUBMIT_LIST') !== undefined;
  const unitSelect = (value: string | undefined, onChange: (v: string) => void, labelText: string) => (
    <select aria-label={labelText} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{w('choose')}</option>
      <For each={units()?.units ?? []}>{(u) => <option value={u.id}>{lang() === 'zh' ? u.name : u.nameEn ?? u.name}</option>}</For>
    </select>
  );
  const multiUnits = (value: string[] | undefined, onChange: (v: string[]) => void, labelText: string) => (
    <select multiple aria-label={labelText} size={3} onChange={(e) => onChange([...e.currentTarget.selectedOptions].map((o) => o.value))}>
      <For each={units()?.units ?? []}>{(u) => <option value={u.id} selected={(value ?? []).includes(u.id)}>{lang() === 'zh' ? u.name : u.nameEn ?? u.name}</option>}</For>
    </select>
  );
  const unitsWords = (r: Row) =>
    r.mode === 'SEPARATE'
      ? (r.separateUnitIds ?? []).map(unitName).join('、')
      : [unitName(r.leadUnitId), ...(r.mode === 'LEAD_ASSIST' ? [`${w('assist')}：${(r.assistUnitIds ?? []).map(unitName).join('、')}`] : [])].filter(Boolean).join('；');

  return (
    <section class="meeting-page">
      <p><Link href="/meetings">{w('back')}</Link></p>
      <Show when={inst()} fallback={<p>{inst.error ? apiErrorText(inst.error) : '…'}</p>}>
        {(i) => (
          <>
            <h1>{i().title}</h1>
            <p class="meta-line">
              {w('currentState')}
              <strong>{stateTitle(def()?.definition.machine.states, i().state)}</strong>
              {' · '}
              {w('rows', { n: current().length })}
            </p>
            <Show when={(i().context.sendBacks ?? []).length > 0 && i().state === 'preparing'}>
              <p class="warning">{w('lastSendBack')}{(i().context.sendBacks as Array<{ reason: string }>).at(-1)?.reason}</p>
            </Show>
            <Show when={editable()}>
              <div class="toolbar">
                <button type="button" onClick={() => void prefill()}>{kind() === 'assign' ? w('prefill') : w('prefillClose')}</button>
                <button type="button" onClick={() => void apiDownload(`/assignment-meetings/template?${listQuery()}`, kind() === 'assign' ? '交办清单.xlsx' : '集中办结清单.xlsx').catch((err: unknown) => setError(apiErrorText(err)))}>{w('template')}</button>
                <label class="file-button">
                  {busy() ? w('importing') : w('importXlsx')}
                  <input class="sr-only" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => { const f = e.currentTarget.files?.[0]; if (f) void importFile(f); e.currentTarget.value = ''; }} />
                </label>
              </div>
            </Show>
            <Show when={message()}><p role="status" class="ok">{message()}</p></Show>
            <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
            <Show when={sheetErrors().length > 0}>
              <div role="alert" class="error sheet-errors">
                <p>{w('importErrors', { n: sheetErrors().length })}</p>
                <ul>
                  <For each={sheetErrors()}>{(e) => <li>{w('errorLine', { line: e.line })}{e.column ? ` · ${e.column}` : ''}：{lang() === 'zh' ? e.message : e.message_en}</li>}</For>
                </ul>
              </div>
            </Show>
            <table class="data meeting-list">
              <thead>
                <tr>
                  <th>{w('serialNo')}</th>
                  <th>{w('suggestion')}</th>
                  <Show when={kind() === 'assign'} fallback={<th>{w('note')}</th>}>
                    <th>{w('mode')}</th>
                    <th>{w('units')}</th>
                    <th>{w('level')}</th>
                    <th>{w('due')}</th>
                    <th>{w('viaGov')}</th>
                  </Show>
                  <Show when={editable()}><th /></Show>
                </tr>
              </thead>
              <tbody>
                <For each={current()}>
                  {(r, idx) => (
                    <tr>
                      <td>{r.serialNo ?? ''}</td>
                      <td>{r.title ?? ''}</td>
                      <Show when={kind() === 'assign'} fallback={<td><Show when={editable()} fallback={r.note ?? ''}><input aria-label={w('note')} value={r.note ?? ''} onInput={(e) => set(idx(), { note: e.currentTarget.value })} /></Show></td>}>
                        <Show when={editable()} fallback={<><td>{words(modes(), r.mode)}</td><td>{unitsWords(r)}</td><td>{words(levels(), r.supervisionLevel)}</td><td>{r.dueAt ?? w('dueDefault')}</td><td>{r.viaGovOffice ? w('yes') : w('no')}</td></>}>
                          <td>
                            <select aria-label={w('mode')} value={r.mode ?? 'SINGLE'} onChange={(e) => set(idx(), { mode: e.currentTarget.value })}>
                              <For each={modes()}>{(o) => <option value={o.value}>{label({ title: o.title, title_en: o.title_en })}</option>}</For>
                            </select>
                          </td>
                          <td>
                            <Show when={r.mode !== 'SEPARATE'} fallback={multiUnits(r.separateUnitIds, (v) => set(idx(), { separateUnitIds: v }), w('separate'))}>
                              {unitSelect(r.leadUnitId, (v) => set(idx(), { leadUnitId: v || undefined }), w('lead'))}
                              <Show when={r.mode === 'LEAD_ASSIST'}>{multiUnits(r.assistUnitIds, (v) => set(idx(), { assistUnitIds: v }), w('assist'))}</Show>
                            </Show>
                          </td>
                          <td>
                            <select aria-label={w('level')} value={r.supervisionLevel ?? 'GENERAL'} onChange={(e) => set(idx(), { supervisionLevel: e.currentTarget.value })}>
                              <For each={levels()}>{(o) => <option value={o.value}>{label({ title: o.title, title_en: o.title_en })}</option>}</For>
                            </select>
                          </td>
                          <td><input type="date" aria-label={w('due')} value={r.dueAt ?? ''} onInput={(e) => set(idx(), { dueAt: e.currentTarget.value || undefined })} /></td>
                          <td><input type="checkbox" aria-label={w('viaGov')} checked={r.viaGovOffice === true} onChange={(e) => set(idx(), { viaGovOffice: e.currentTarget.checked })} /></td>
                        </Show>
                      </Show>
                      <Show when={editable()}>
                        <td><button type="button" class="link" onClick={() => setRows(current().filter((_, j) => j !== idx()))}>{w('remove')}</button></td>
                      </Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <Show when={editable()}>
              <p><button type="button" class="primary" disabled={busy()} onClick={submit}>{w('submit')}</button></p>
            </Show>
            <Show when={i().state === 'awaitingApproval' && myTask('APPROVE_LIST')}>
              <div class="decision">
                <label class="field">
                  <span>{w('comment')}</span>
                  <textarea value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
                </label>
                <p>
                  <button type="button" class="primary" disabled={busy()} onClick={() => void complete('APPROVE_LIST', comment() ? { comment: comment() } : {}, w('approved'))}>{w('approve')}</button>
                </p>
                <label class="field">
                  <span>{w('reason')}</span>
                  <textarea value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
                </label>
                <p>
                  <button type="button" disabled={busy()} onClick={() => (reason().trim() ? void complete('SEND_BACK', { reason: reason() }, w('sentBack')) : setError(w('reasonRequired')))}>{w('sendBack')}</button>
                </p>
              </div>
            </Show>
            <Show when={i().state === 'awaitingApproval' && !myTask('APPROVE_LIST')}><p class="hint">{w('waitingLeader')}</p></Show>
            <Show when={i().state === 'preparing' && !editable()}><p class="hint">{w('waitingStaff')}</p></Show>
          </>
        )}
      </Show>
    </section>
  );
}
