/**
 * /admin/terms: the county's terms (届) and their sessions (次会议): GET /api/terms and
 * /api/sessions, POST /api/terms and /api/terms/:id/sessions. The admin gives a term's number
 * (18) and a session's number (1); the page makes the ids the API wants from them (`18`,
 * `18-1`) and suggests the names (第十八届, 第一次会议), so nobody types an id or an ISO date
 * (dates come from date inputs).
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, ApiError } from '../api.ts';
import type { Session, Term } from '../api-types.ts';
import { inParens, lang, withColon } from '../i18n.ts';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { AdminFrame, ErrorList, errorsAt, InputField, otherErrors } from './admin-frame.tsx';
import { chineseNumber, dateText, w } from './words.ts';

export function TermsPage(): JSX.Element {
  return (
    <AdminFrame current="terms">
      <TermsScreen />
    </AdminFrame>
  );
}

const termNameFor = (n: number) => (lang() === 'zh' ? `第${chineseNumber(n)}届` : `Term ${n}`);
const sessionNameFor = (n: number) => (lang() === 'zh' ? `第${chineseNumber(n)}次会议` : `Session ${n}`);

/** A positive whole number typed in a number input, else null. */
function ordinal(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 999 ? n : null;
}

/**
 * Sends a create; an id the county already has (TERM_EXISTS, SESSION_EXISTS) becomes an error
 * on the number input the id was made from, in words.
 */
async function createWith(send: () => Promise<unknown>, existsCode: string, existsMessage: () => string): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (err instanceof ApiError && err.code === existsCode) {
      const message = existsMessage();
      throw new ApiError(err.status, 'INVALID_INPUT', message, { errors: [{ pointer: '/id', message, message_en: message }] });
    }
    throw err;
  }
}

function TermsScreen(): JSX.Element {
  const [terms, { refetch: refetchTerms }] = createResource(() => api<{ terms: Term[] }>('GET', '/terms').then((r) => r.terms));
  const [sessions, { refetch: refetchSessions }] = createResource(() => api<{ sessions: Session[] }>('GET', '/sessions').then((r) => r.sessions));
  const sessionsOf = (termId: string) => (sessions() ?? []).filter((s) => s.termId === termId);
  const [notice, setNotice] = createSignal('');

  const [number, setNumber] = createSignal('');
  const [name, setName] = createSignal('');
  const [nameTouched, setNameTouched] = createSignal(false);
  const [startsOn, setStartsOn] = createSignal('');
  const [endsOn, setEndsOn] = createSignal('');
  const add = createSubmission();
  const fields = ['/id', '/name', '/startsOn', '/endsOn'];
  const onNumber = (text: string) => {
    setNumber(text);
    const n = ordinal(text);
    if (!nameTouched()) setName(n === null ? '' : termNameFor(n));
  };
  const addTerm = (e: Event) => {
    e.preventDefault();
    setNotice('');
    void add.run(async () => {
      const n = ordinal(number());
      if (n === null) {
        const message = lang() === 'zh' ? '请填写届次的数字，如 18' : 'Give the number of the term, e.g. 18';
        throw new ApiError(400, 'INVALID_INPUT', message, { errors: [{ pointer: '/id', message, message_en: message }] });
      }
      const body = { id: String(n), name: name(), ...(startsOn() ? { startsOn: startsOn() } : {}), ...(endsOn() ? { endsOn: endsOn() } : {}) };
      await createWith(() => api<Term>('POST', '/terms', body), 'TERM_EXISTS', () => w('termExists', { name: termNameFor(n) }));
      const added = name();
      setNumber('');
      setName('');
      setNameTouched(false);
      setStartsOn('');
      setEndsOn('');
      // The list first, then the notice: what the notice announces is already on screen.
      await refetchTerms();
      setNotice(`${withColon(w('termAdded'))}${added}`);
    });
  };

  return (
    <>
      <h1>{w('tabTerms')}</h1>
      <p>{w('termsIntro')}</p>
      <Show when={notice()}><p role="status" class="admin-ok">{notice()}</p></Show>
      <Show when={!terms.error && !sessions.error} fallback={<p role="alert" class="error">{apiErrorText(terms.error ?? sessions.error)}</p>}>
        <ul class="cards" aria-busy={terms.loading}>
          <For each={terms() ?? []} fallback={<li class="empty">{terms.loading ? '…' : w('noTerms')}</li>}>
            {(term, i) => (
              <li class="card admin-term" data-term={term.name}>
                <h2>{term.name}</h2>
                <p class="muted">{withColon(w('termPeriod'))}{dateText(term.startsOn)} — {dateText(term.endsOn)}</p>
                <h3>{w('sessions')}</h3>
                <Show when={sessionsOf(term.id).length > 0} fallback={<p class="empty">{w('noSessions')}</p>}>
                  <table class="admin-table">
                    <thead>
                      <tr>
                        <th scope="col">{w('sessionName')}</th>
                        <th scope="col">{w('heldOn')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={sessionsOf(term.id)}>
                        {(s) => (
                          <tr>
                            <td>{s.name}</td>
                            <td>{dateText(s.heldOn)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </Show>
                <Show when={i() > 0 && (terms() ?? [])[i() - 1]}>
                  {(previous) => <CarryOver term={term} previous={previous()} onDone={setNotice} />}
                </Show>
                <NewSessionForm term={term} taken={sessionsOf(term.id).length} onAdded={async (s) => { await refetchSessions(); setNotice(`${withColon(w('sessionAdded'))}${term.name}${s.name}`); }} />
              </li>
            )}
          </For>
        </ul>
      </Show>

      <form class="admin-form admin-panel" onSubmit={addTerm} aria-label={w('addTerm')}>
        <h2>{w('addTerm')}</h2>
        <ErrorList errors={otherErrors(add.fieldErrors(), fields)} />
        <Show when={add.error()}><p role="alert" class="error">{add.error()}</p></Show>
        <div class="admin-grid">
          <InputField id="term-number" type="number" min={1} max={999} label={w('termOrdinal')} required hint={w('ordinalHint')} value={number()} onInput={onNumber} errors={errorsAt(add.fieldErrors(), '/id')} />
          <InputField id="term-name" label={w('termName')} required value={name()} onInput={(v) => { setName(v); setNameTouched(true); }} errors={errorsAt(add.fieldErrors(), '/name')} />
          <InputField id="term-starts" type="date" label={w('startsOn')} value={startsOn()} onInput={setStartsOn} errors={errorsAt(add.fieldErrors(), '/startsOn')} />
          <InputField id="term-ends" type="date" label={w('endsOn')} value={endsOn()} onInput={setEndsOn} errors={errorsAt(add.fieldErrors(), '/endsOn')} />
        </div>
        <div class="actions">
          <button type="submit" disabled={add.busy()}>{w('addTerm')}</button>
        </div>
      </form>
    </>
  );
}

function NewSessionForm(props: { term: Term; taken: number; onAdded: (s: Session) => Promise<void> }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [number, setNumber] = createSignal('');
  const [name, setName] = createSignal('');
  const [nameTouched, setNameTouched] = createSignal(false);
  const [heldOn, setHeldOn] = createSignal('');
  const send = createSubmission();
  const prefix = () => `session-${props.term.id}`;
  const onNumber = (text: string) => {
    setNumber(text);
    const n = ordinal(text);
    if (!nameTouched()) setName(n === null ? '' : sessionNameFor(n));
  };
  const start = () => {
    setOpen(true);
    onNumber(String(props.taken + 1));
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void send.run(async () => {
      const n = ordinal(number());
      if (n === null) {
        const message = lang() === 'zh' ? '请填写第几次会议的数字，如 1' : 'Give the number of the session, e.g. 1';
        throw new ApiError(400, 'INVALID_INPUT', message, { errors: [{ pointer: '/id', message, message_en: message }] });
      }
      const body = { id: `${props.term.id}-${n}`, name: name(), ...(heldOn() ? { heldOn: heldOn() } : {}) };
      let created: Session | undefined;
      await createWith(async () => { created = await api<Session>('POST', `/terms/${encodeURIComponent(props.term.id)}/sessions`, body); }, 'SESSION_EXISTS', () => w('sessionExists', { n }));
      setOpen(false);
      setNumber('');
      setName('');
      setNameTouched(false);
      setHeldOn('');
      if (created) await props.onAdded(created);
    });
  };
  return (
    <Show when={open()} fallback={<div class="actions"><button type="button" class="secondary" aria-label={`${withColon(w('addSession'))}${props.term.name}`} onClick={start}>{w('addSession')}</button></div>}>
      <form class="admin-form admin-subpanel" onSubmit={submit} aria-label={`${withColon(w('addSession'))}${props.term.name}`}>
        <ErrorList errors={otherErrors(send.fieldErrors(), ['/id', '/name', '/heldOn'])} />
        <Show when={send.error()}><p role="alert" class="error">{send.error()}</p></Show>
        <div class="admin-grid">
          <InputField id={`${prefix()}-number`} type="number" min={1} max={999} label={w('sessionOrdinal')} required value={number()} onInput={onNumber} errors={errorsAt(send.fieldErrors(), '/id')} />
          <InputField id={`${prefix()}-name`} label={w('sessionName')} required value={name()} onInput={(v) => { setName(v); setNameTouched(true); }} errors={errorsAt(send.fieldErrors(), '/name')} />
          <InputField id={`${prefix()}-held`} type="date" label={w('heldOn')} value={heldOn()} onInput={setHeldOn} errors={errorsAt(send.fieldErrors(), '/heldOn')} />
        </div>
        <div class="actions">
          <button type="submit" disabled={send.busy()}>{w('addSession')}</button>
          <button type="button" class="secondary" onClick={() => { setOpen(false); send.reset(); }}>{w('close')}</button>
        </div>
      </form>
    </Show>
  );
}

/** "Carry over the deputies of the previous term": POST /api/terms/:id/carry-over (term-carry-over.ts). */
function CarryOver(props: { term: Term; previous: Term; onDone: (text: string) => void }): JSX.Element {
  const send = createSubmission();
  const run = () => {
    props.onDone('');
    void send.run(async () => {
      const r = await api<{ carried: number; from: string; to: string }>('POST', `/terms/${encodeURIComponent(props.term.id)}/carry-over`, { fromTermId: props.previous.id });
      props.onDone(w('carried', { from: r.from, to: r.to, n: r.carried }));
    });
  };
  return (
    <div class="actions">
      <Show when={send.error() || send.fieldErrors().length > 0}><p role="alert" class="error">{send.error() || send.fieldErrors().map((e) => (lang() === 'zh' ? e.message : e.message_en)).join(' ')}</p></Show>
      <p class="hint">{w('carryOverHint', { from: props.previous.name })}</p>
      <button type="button" class="secondary" disabled={send.busy()} aria-label={`${withColon(w('carryOver', { from: props.previous.name }))}${props.term.name}`} onClick={run}>{w('carryOver', { from: props.previous.name })}</button>
    </div>
  );
}
