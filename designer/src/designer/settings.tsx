/**
 * Delays (ISO 8601 duration, working days on the county calendar, or a time read from the
 * context) and settings (scalar values; lists and objects as JSON).
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { t } from '../i18n.ts';
import { delayKind, delayText, makeDelay, pinOf, type DelayKind } from './model.ts';
import type { Editor } from './editor.ts';

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function DelaysEditor(props: { ed: Editor; highlight: string | null }): JSX.Element {
  const delays = () => props.ed.pkg().delays;
  const [name, setName] = createSignal('');
  const errorNames = createMemo(() => new Set(props.ed.errors().map((e) => pinOf(e.pointer)).flatMap((p) => (p.kind === 'delay' ? [p.name] : []))));
  const set = (n: string, kind: DelayKind, text: string) =>
    props.ed.update((d) => {
      d.delays = { ...d.delays, [n]: makeDelay(kind, text) };
    }, `delay|${n}`);
  return (
    <section class="dg-panel" aria-label={t('dgDelays')}>
      <h3>{t('dgDelays')}</h3>
      <table class="dg-table">
        <thead><tr><th scope="col">{t('dgName')}</th><th scope="col">{t('dgDelayKind')}</th><th scope="col">{t('dgValue')}</th><th scope="col"><span class="sr-only">{t('removeItem')}</span></th></tr></thead>
        <tbody>
          <For each={Object.keys(delays())}>
            {(n) => (
              <tr classList={{ 'dg-error': errorNames().has(n), 'dg-selected': props.highlight === n }} data-delay={n}>
                <th scope="row"><code>{n}</code></th>
                <td>
                  <select aria-label={`${t('dgDelayKind')} ${n}`} value={delayKind(delays()[n])} onChange={(e) => {
                    const kind = e.currentTarget.value as DelayKind;
                    set(n, kind, kind === 'workingDays' ? '5' : kind === 'at' ? 'context.dueAt' : 'P10D');
                  }}>
                    <option value="duration">{t('dgDuration')}</option>
                    <option value="workingDays">{t('dgWorkingDays')}</option>
                    <option value="at">{t('dgAt')}</option>
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`${t('dgValue')} ${n}`}
                    type={delayKind(delays()[n]) === 'workingDays' ? 'number' : 'text'}
                    value={delayText(delays()[n])}
                    onInput={(e) => set(n, delayKind(delays()[n]), e.currentTarget.value.trim())}
                  />
                </td>
                <td>
                  <button type="button" class="secondary" aria-label={`${t('removeItem')} ${n}`} onClick={() => props.ed.update((d) => { const { [n]: _g, ...rest } = d.delays; d.delays = rest; })}>✕</button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="muted">{t('dgDelayHelp')}</p>
      <div class="dg-row">
        <label>
          {t('dgNewDelay')}
          <input value={name()} onInput={(e) => setName(e.currentTarget.value.trim())} />
        </label>
        <button type="button" class="secondary" onClick={() => { const n = name(); if (!KEY_RE.test(n) || n in delays()) return; set(n, 'duration', 'P10D'); setName(''); }}>
          {t('dgAddDelay')}
        </button>
      </div>
    </section>
  );
}

export function SettingsEditor(props: { ed: Editor; highlight: string | null }): JSX.Element {
  const settings = () => props.ed.pkg().settings ?? {};
  const set = (n: string, v: unknown) => props.ed.update((d) => { d.settings = { ...(d.settings ?? {}), [n]: v }; }, `setting|${n}`);
  return (
    <section class="dg-panel" aria-label={t('dgSettings')}>
      <h3>{t('dgSettings')}</h3>
      <Show when={Object.keys(settings()).length > 0} fallback={<p class="muted">{t('dgNoSettings')}</p>}>
        <For each={Object.keys(settings())}>
          {(n) => {
            const v = () => settings()[n];
            const [bad, setBad] = createSignal(false);
            return (
              <div classList={{ 'dg-setting': true, 'dg-selected': props.highlight === n }} data-setting={n}>
                <Show when={typeof v() === 'boolean'}>
                  <label class="check"><input type="checkbox" checked={v() === true} onChange={(e) => set(n, e.currentTarget.checked)} /><code>{n}</code></label>
                </Show>
                <Show when={typeof v() === 'number'}>
                  <label><code>{n}</code><input type="number" value={String(v())} onInput={(e) => { if (e.currentTarget.value !== '') set(n, Number(e.currentTarget.value)); }} /></label>
                </Show>
                <Show when={typeof v() === 'string'}>
                  <label><code>{n}</code><input value={String(v())} onInput={(e) => set(n, e.currentTarget.value)} /></label>
                </Show>
                <Show when={typeof v() === 'object' && v() !== null}>
                  <label>
                    <code>{n}</code> <span class="muted">(JSON)</span>
                    <input
                      value={JSON.stringify(v())}
                      onInput={(e) => {
                        try {
                          set(n, JSON.parse(e.currentTarget.value) as unknown);
                          setBad(false);
                        } catch {
                          setBad(true);
                        }
                      }}
                    />
                    <Show when={bad()}><span class="field-error">{t('dgBadJson')}</span></Show>
                  </label>
                </Show>
              </div>
            );
          }}
        </For>
      </Show>
    </section>
  );
}
