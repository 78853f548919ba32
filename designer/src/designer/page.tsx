/**
 * `/designer/:id`: a working copy of the county's effective definition, edited in the
 * diagram, the state editor, the form designer and the delay/setting tables. Edits are never
 * written to the base: the county overlay is the RFC 7396 merge patch from the parent to the
 * working copy, saved with PUT /api/definitions/:id/overlay. checkPackage runs in the browser
 * on every change (each error pinned to its state or field); POST …/check asks the server;
 * Diff, Publish and Simulate are tabs of their own.
 */
import { createMemo, createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { checkPackage, mergePatch, resolveTaxonomies, type DefinitionChange, type DefinitionError } from '../../../runtime/engine/index.ts';
import { api, ApiError } from '../api.ts';
import type { DefinitionDetail, DefinitionDraft, DefinitionSummary, VersionView } from '../api-types.ts';
import { Link } from '../ui/link.tsx';
import { inParens, label, lang, t, withColon } from '../i18n.ts';
import { formatDateTime } from '../county-time.ts';
import { StateDiagram } from './diagram.tsx';
import { FormDesigner } from './forms.tsx';
import { clone, isObj, jsonEqual, overlayFor, pinOf, walkStates, type Pin, type ProcessPackage } from './model.ts';
import { DelaysEditor, SettingsEditor } from './settings.tsx';
import { Simulator } from './simulate.tsx';
import type { Editor } from './editor.ts';
import { StateEditor } from './state-editor.tsx';
import { eventWords, stateTitle } from './titles.ts';
import { changeWords, checkErrorWords, delayTitle } from './words.ts';
import { loadChoices, type Choice } from '../portal/choices.ts';

interface Loaded {
  effective: ProcessPackage;
  /** What publishing is compared against: the latest published version, else the parent. */
  published: ProcessPackage;
  /** The parent's effective definition (base + province + city overlays): what 与上级对比 compares the draft with. */
  parent: ProcessPackage;
  /** Every process of the county by id, for naming sub-processes by their titles. */
  processes: Map<string, DefinitionSummary>;
  baseline: ProcessPackage;
  overlay: unknown;
  versions: VersionView[];
  known: Set<string>;
  approximate: boolean;
}

async function load(id: string): Promise<Loaded> {
  const [def, list, versions] = await Promise.all([
    api<DefinitionDetail>('GET', `/definitions/${encodeURIComponent(id)}`),
    api<{ definitions: DefinitionSummary[] }>('GET', '/definitions'),
    api<{ versions: VersionView[] }>('GET', `/definitions/${encodeURIComponent(id)}/versions`),
  ]);
  const known = new Set(list.definitions.map((d) => d.id));
  const processes = new Map(list.definitions.map((d) => [d.id, d]));
  // Admins get the county's exact draft (parent + its saved overlay) from the server.
  try {
    const draft = await api<DefinitionDraft>('GET', `/definitions/${encodeURIComponent(id)}/draft`);
    const published = versions.versions.length > 0 ? def.definition : draft.parent;
    return { effective: def.definition, published, parent: draft.parent, processes, baseline: draft.definition, overlay: draft.overlay, versions: versions.versions, known, approximate: false };
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 403)) throw err;
  }
  let overlay: unknown = null;
  // Without the draft (not an admin): GET /definitions/:id is the latest published version (or
  // the base when none is). The working copy starts from that version when the draft has not
  // moved since, else the saved overlay applied over it (exact when nothing was published yet).
  let baseline = def.definition;
  let approximate = false;
  const latest = versions.versions[0];
  if (latest) {
    const { changes } = await api<{ changes: DefinitionChange[] }>('GET', `/definitions/${encodeURIComponent(id)}/diff?from=${latest.version}`);
    if (changes.length > 0) {
      approximate = true;
      if (isObj(overlay)) baseline = mergePatch(def.definition, overlay) as ProcessPackage;
    }
  } else if (isObj(overlay)) baseline = mergePatch(def.definition, overlay) as ProcessPackage;
  // Without the draft the parent is not served: its nearest stand-in is the definition itself.
  return { effective: def.definition, published: def.definition, parent: def.definition, processes, baseline, overlay, versions: versions.versions, known, approximate };
}

export function DesignerPage(props: { id: string }): JSX.Element {
  const [data, { refetch }] = createResource(() => props.id, load);
  return (
    <div class="designer">
      <p><Link href="/designer">← {t('dgProcessList')}</Link></p>
      <Switch>
        <Match when={data.error}>
          <p class="error" role="alert">{(data.error as Error).message}</p>
        </Match>
        <Match when={data()}>{(d) => <Workspace id={props.id} loaded={d()} reload={() => void refetch()} />}</Match>
        <Match when={data.loading}>
          <p>{t('loading')}</p>
        </Match>
      </Switch>
    </div>
  );
}

type Tab = 'diagram' | 'forms' | 'delays' | 'publish' | 'simulate';

function Workspace(props: { id: string; loaded: Loaded; reload: () => void }): JSX.Element {
  const zh = () => lang() === 'zh';
  const [working, setWorking] = createSignal<ProcessPackage>(clone(props.loaded.baseline));
  const [baseline, setBaseline] = createSignal<ProcessPackage>(clone(props.loaded.baseline));
  const [saved, setSaved] = createSignal<unknown>(props.loaded.overlay);
  const [versions, setVersions] = createSignal<VersionView[]>(props.loaded.versions);
  const [history, setHistory] = createSignal<ProcessPackage[]>([]);
  let lastKey: string | undefined;

  const update = (fn: (draft: ProcessPackage) => void, coalesce?: string) => {
    const next = clone(working());
    fn(next);
    if (jsonEqual(next, working())) return;
    if (!(coalesce && coalesce === lastKey)) setHistory((h) => [...h.slice(-99), working()]);
    lastKey = coalesce;
    setWorking(next);
  };
  const undo = () => {
    const h = history();
    const prev = h[h.length - 1];
    if (!prev) return;
    setHistory(h.slice(0, -1));
    lastKey = undefined;
    setWorking(prev);
  };

  const patchResult = createMemo(() => overlayFor(baseline(), saved(), working()));
  const localErrors = createMemo<DefinitionError[]>(() => {
    let errors: DefinitionError[];
    try {
      // Checked as the server will see it: choices a taxonomy setting derives follow the setting
      // (the working copy keeps them as loaded, so the overlay holds the setting alone).
      errors = checkPackage(resolveTaxonomies(working()), props.loaded.known);
    } catch (err) {
      errors = [{ code: 'CHECK_FAILED', pointer: '', message: (err as Error).message }];
    }
    const lost = patchResult().lostNulls.map((p) => ({ code: 'OVERLAY_NULL', pointer: p, message: zh() ? '覆盖补丁不能写入 null（null 表示删除）；请改用一个表单或其他值' : 'An overlay cannot set null (null means delete); use a form or another value' }));
    return [...errors, ...lost];
  });
  const [serverErrors, setServerErrors] = createSignal<DefinitionError[] | null>(null);
  const errors = () => localErrors();
  const dirty = createMemo(() => !jsonEqual(patchResult().patch, isObj(saved()) ? saved() : {}));
  const ed: Editor = { pkg: working, update, errors };

  const [tab, setTab] = createSignal<Tab>('diagram');
  const [selState, setSelState] = createSignal<string | null>(null);
  const firstForm = () => Object.keys(working().forms)[0] ?? '';
  const [selForm, setSelForm] = createSignal<string>(firstForm());
  const [selField, setSelField] = createSignal<string | null>(null);
  const [hlDelay, setHlDelay] = createSignal<string | null>(null);
  const [hlSetting, setHlSetting] = createSignal<string | null>(null);

  const states = createMemo(() => walkStates(working().machine));
  const errorStates = createMemo(() => {
    const out = new Set<string>();
    for (const e of errors()) {
      const p = pinOf(e.pointer);
      if (p.kind !== 'state') continue;
      out.add(p.path);
    }
    return out;
  });

  const selectPin = (pin: Pin) => {
    if (pin.kind === 'state') {
      setTab('diagram');
      const path = states().has(pin.path) ? pin.path : pin.path.split('.').slice(0, -1).join('.');
      setSelState(path === '' ? '.' : path);
    } else if (pin.kind === 'field') {
      setTab('forms');
      if (pin.form in working().forms) setSelForm(pin.form);
      setSelField(pin.field);
    } else if (pin.kind === 'delay') {
      setTab('delays');
      setHlDelay(pin.name);
    } else if (pin.kind === 'setting') {
      setTab('delays');
      setHlSetting(pin.name);
    }
  };

  // ---- server actions
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal('');
  const [actionError, setActionError] = createSignal('');
  const [changes, setChanges] = createSignal<DefinitionChange[] | null>(null);
  const [published, setPublished] = createSignal<VersionView | null>(null);
  // The publish confirmation: the changes this version makes, in words, before anything is published.
  const [confirming, setConfirming] = createSignal<DefinitionChange[] | null>(null);
  const [publishedPkg, setPublishedPkg] = createSignal<ProcessPackage>(props.loaded.published);
  const [units] = createResource(() => loadChoices('unit'));
  const unitName = (id: string) => (units() ?? []).find((u: Choice) => u.id === id)?.name ?? id;
  /** A sub-process by its title (承办单位办理代表建议), from GET /api/definitions. */
  const processTitle = (id: string) => label(props.loaded.processes.get(id)) || id;
  let dialog: HTMLDialogElement | undefined;

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setActionError('');
    setMessage('');
    try {
      await fn();
    } catch (err) {
      if (err instanceof ApiError) {
        const list = (err.details?.errors ?? []) as unknown as DefinitionError[];
        if (list.length > 0 && list.every((x) => typeof x.code === 'string')) setServerErrors(list);
        setActionError(`${err.code}: ${err.message}`);
      } else setActionError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    const patch = patchResult().patch;
    const r = await api<{ overlay: unknown; definition: ProcessPackage; changes: DefinitionChange[] }>('PUT', `/definitions/${encodeURIComponent(props.id)}/overlay`, { patch });
    setSaved(r.overlay);
    setBaseline(clone(r.definition));
    setWorking(clone(r.definition));
    lastKey = undefined;
    setChanges(r.changes);
    setServerErrors(null);
    setMessage(t('dgSavedOverlay'));
  };

  const serverCheck = () =>
    act(async () => {
      const r = await api<{ ok: boolean; errors: DefinitionError[] }>('POST', `/definitions/${encodeURIComponent(props.id)}/check`, { patch: patchResult().patch });
      setServerErrors(r.errors);
      setMessage(r.ok ? t('dgServerOk') : `${t('dgServerErrors')}: ${r.errors.length}`);
    });

  const loadDiff = () =>
    act(async () => {
      const r = await api<{ changes: DefinitionChange[] }>('GET', `/definitions/${encodeURIComponent(props.id)}/diff`);
      setChanges(r.changes);
    });

  /** Save what is unsaved, then show what publishing would change and wait for the admin's yes. */
  const askPublish = () =>
    act(async () => {
      if (dirty()) await save();
      const latest = versions()[0];
      const r = await api<{ changes: DefinitionChange[] }>('GET', `/definitions/${encodeURIComponent(props.id)}/diff${latest ? `?from=${latest.version}` : ''}`);
      setConfirming(r.changes);
      dialog?.showModal();
    });

  const cancelPublish = () => {
    dialog?.close();
    setConfirming(null);
    setMessage(t('dgPublishCancelled'));
  };

  const doPublish = () =>
    act(async () => {
      dialog?.close();
      setConfirming(null);
      const v = await api<VersionView>('POST', `/definitions/${encodeURIComponent(props.id)}/publish`);
      setPublished(v);
      setPublishedPkg(clone(working()));
      setVersions((await api<{ versions: VersionView[] }>('GET', `/definitions/${encodeURIComponent(props.id)}/versions`)).versions);
      setMessage(`${t('dgPublished')} ${v.version}`);
    });

  const tabs: Array<[Tab, () => string]> = [
    ['diagram', () => t('dgTabDiagram')],
    ['forms', () => t('dgTabForms')],
    ['delays', () => t('dgTabDelays')],
    ['publish', () => t('dgTabPublish')],
    ['simulate', () => t('dgTabSimulate')],
  ];

  const ErrorButtons = (p: { list: DefinitionError[] }) => (
    <ul class="dg-error-list">
      <For each={p.list}>
        {(e) => (
          <li>
            {/* The sentence from the code catalogue with the place in words; code and pointer only as a tooltip for developers. */}
            <button type="button" class="dg-error-item" data-code={e.code} title={`${e.code} ${e.pointer}`} onClick={() => selectPin(pinOf(e.pointer))}>
              <span class="dg-check-msg">{checkErrorWords(working(), e, lang())}</span>
            </button>
          </li>
        )}
      </For>
    </ul>
  );

  return (
    <div class="dg-workspace">
      <div class="dg-head">
        <div>
          <h1>{label(working())}</h1>
          <p class="muted">{zh() ? working().description ?? '' : ''}</p>
        </div>
        <div class="dg-head-actions">
          <span class="dg-pill" classList={{ 'dg-pill-warn': dirty() }} role="status">{dirty() ? t('dgUnsaved') : t('dgNoUnsaved')}</span>
          <button type="button" class="secondary" disabled={history().length === 0} onClick={undo}>{t('dgUndo')}</button>
          <button type="button" disabled={busy() || !dirty()} onClick={() => act(save)}>{t('dgSave')}</button>
        </div>
      </div>
      <Show when={props.loaded.approximate}>
        <p class="dg-note" role="note">{t('dgApproxNote')}</p>
      </Show>
      <Show when={message()}><p class="dg-ok" role="status">{message()}</p></Show>
      <Show when={actionError()}><p class="error" role="alert">{actionError()}</p></Show>
      <div class="dg-layout">
        <div class="dg-main">
          <div class="tabs" role="tablist" aria-label={t('designer')}>
            <For each={tabs}>
              {([id, name]) => (
                <button type="button" role="tab" id={`dg-tab-${id}`} aria-controls="dg-tabpanel" aria-selected={tab() === id} onClick={() => setTab(id)}>{name()}</button>
              )}
            </For>
          </div>
          <div id="dg-tabpanel" role="tabpanel" aria-labelledby={`dg-tab-${tab()}`}>
            <Switch>
              <Match when={tab() === 'diagram'}>
                <div class="dg-diagram-grid">
                  <div class="dg-diagram-wrap">
                    <label>
                      {t('dgSelectState')}
                      <select value={selState() ?? ''} onChange={(e) => setSelState(e.currentTarget.value === '' ? null : e.currentTarget.value)}>
                        <option value="">—</option>
                        <For each={[...states().keys()]}>
                          {(p) => <option value={p === '' ? '.' : p}>{p === '' ? t('dgWholeProcess') : `${'　'.repeat((states().get(p)?.depth ?? 1) - 1)}${stateTitle(states().get(p))}`}</option>}
                        </For>
                      </select>
                    </label>
                    <StateDiagram machine={working().machine} selected={selState()} onSelect={setSelState} errorStates={errorStates()} title={t('diagram')} eventLabel={(ev) => eventWords(working(), ev)} delayLabel={(d) => delayTitle(working(), d, lang())} processLabel={processTitle} />
                  </div>
                  <div class="dg-editor-col">
                    <Show when={selState() !== null} fallback={<p class="muted">{t('dgPickState')}</p>}>
                      <StateEditor ed={ed} path={selState() === '.' ? '' : (selState() as string)} onSelect={setSelState} />
                    </Show>
                  </div>
                </div>
              </Match>
              <Match when={tab() === 'forms'}>
                <FormDesigner ed={ed} form={selForm() in working().forms ? selForm() : firstForm()} field={selField()} onSelect={(f, field) => { setSelForm(f); setSelField(field); }} />
              </Match>
              <Match when={tab() === 'delays'}>
                <DelaysEditor ed={ed} highlight={hlDelay()} />
                <SettingsEditor ed={ed} highlight={hlSetting()} />
              </Match>
              <Match when={tab() === 'publish'}>
                <section class="dg-panel" aria-label={t('dgTabPublish')}>
                  <div class="actions">
                    <button type="button" disabled={busy() || !dirty()} onClick={() => act(save)}>{t('dgSave')}</button>
                    <button type="button" class="secondary" disabled={busy()} onClick={serverCheck}>{t('dgServerCheck')}</button>
                    <button type="button" class="secondary" disabled={busy()} onClick={loadDiff}>{t('dgDiff')}</button>
                    <button type="button" disabled={busy() || errors().length > 0} onClick={askPublish}>{t('dgPublish')}</button>
                  </div>
                  <Show when={published()}>
                    {(v) => <p class="dg-ok" role="status" data-testid="published-version">{t('dgPublished')} {v().version}{inParens(formatDateTime(v().publishedAt))}</p>}
                  </Show>
                  {/* Saving and 与上级对比 both list the saved draft against the parent (GET …/diff): removed things are named from the parent. */}
                  <Show when={changes()}>
                    {(list) => (
                      <>
                        <h3>{t('dgChanges')}</h3>
                        <Show when={list().length > 0} fallback={<p class="muted">{t('dgNoChanges')}</p>}>
                          <ul class="dg-changes" data-testid="diff">
                            <For each={list()}>
                              {(c) => (
                                <li>{changeWords(c, props.loaded.parent, baseline(), lang(), unitName)}</li>
                              )}
                            </For>
                          </ul>
                        </Show>
                      </>
                    )}
                  </Show>
                  <details>
                    <summary>{t('dgPatch')}</summary>
                    <pre class="dg-code dg-pre" data-testid="patch">{JSON.stringify(patchResult().patch, null, 2)}</pre>
                  </details>
                  <h3>{t('dgVersions')}</h3>
                  <Show when={versions().length > 0} fallback={<p class="muted">{t('dgNoVersions')}</p>}>
                    <table class="dg-table">
                      <thead><tr><th scope="col">{t('dgVersion')}</th><th scope="col">{t('dgPublishedBy')}</th><th scope="col">{t('dgPublishedAt')}</th></tr></thead>
                      <tbody>
                        <For each={versions()}>
                          {(v) => (
                            <tr data-version={v.version}>
                              <td>{v.version}</td>
                              <td>{v.publishedByName ?? v.publishedBy ?? ''}</td>
                              <td>{formatDateTime(v.publishedAt)}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </Show>
                </section>
              </Match>
              <Match when={tab() === 'simulate'}>
                <Simulator pkg={working()} processLabel={processTitle} />
              </Match>
            </Switch>
          </div>
        </div>
        <aside class="dg-check" aria-label={t('dgCheck')}>
          <h2>{t('dgCheck')}</h2>
          <Show
            when={errors().length === 0}
            fallback={<p class="dg-bad" role="status" data-testid="check-status">{withColon(t('dgCheckFailed'))}{errors().length}</p>}
          >
            <p class="dg-good" role="status" data-testid="check-status">{t('dgCheckPassed')}</p>
          </Show>
          <Show when={errors().length > 0}><p class="muted">{t('dgCheckHint')}</p></Show>
          <ErrorButtons list={errors()} />
          <Show when={serverErrors()}>
            {(list) => (
              <>
                <h3>{t('dgServerCheck')}</h3>
                <Show when={list().length > 0} fallback={<p class="dg-good">{t('dgServerOk')}</p>}>
                  <ErrorButtons list={list()} />
                </Show>
              </>
            )}
          </Show>
        </aside>
      </div>
      <dialog ref={dialog} class="dg-dialog" aria-labelledby="dg-confirm-title" onCancel={(e) => { e.preventDefault(); cancelPublish(); }}>
        <h2 id="dg-confirm-title">{withColon(t('dgConfirmPublish'))}{label(working())}</h2>
        <Show when={confirming()}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p>{t('dgPublishNothing')}</p>}>
              <p>{t('dgPublishAsk')}</p>
              <ul data-testid="publish-changes">
                <For each={list()}>{(c) => <li>{changeWords(c, publishedPkg(), working(), lang(), unitName)}</li>}</For>
              </ul>
            </Show>
          )}
        </Show>
        <div class="actions">
          <button type="button" disabled={busy()} onClick={doPublish}>{t('dgConfirmPublish')}</button>
          <button type="button" class="secondary" onClick={cancelPublish}>{t('dgCancel')}</button>
        </div>
      </dialog>
    </div>
  );
}
