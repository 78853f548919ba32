/**
 * Delays and settings as a county admin reads them: each by its title and description, with
 * an input of its kind — a delay as a number and a unit (天 / 个工作日 / 周 / 个月 / 年, stored
 * as `P2M` or `{workingDays: 10}`), a switch, a select of the option titles, a number with its
 * unit, the county's units by name. A bad value gets its message at the input: a delay's
 * length is refused before it reaches the working copy; a setting outside its options or
 * bounds is the checker's error (SETTING_OUT_OF_RANGE…), pinned here in words.
 */
import { createMemo, createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { chosenCategories } from '../../../runtime/engine/index.ts';
import { inParens, lang, t } from '../i18n.ts';
import { loadChoices } from '../portal/choices.ts';
import type { Editor } from './editor.ts';
import { isObj } from './model.ts';
import {
  amountProblem,
  checkErrorWords,
  delayFor,
  delayWords,
  DURATION_UNITS,
  durationOf,
  numberProblem,
  settingInfo,
  settingInput,
  settingWords,
  unitWord,
  type DurationUnit,
} from './words.ts';

const pickWords = (w: { title?: string; title_en?: string; description?: string; description_en?: string } | undefined) => ({
  title: (lang() === 'zh' ? w?.title : w?.title_en || w?.title) ?? '',
  description: (lang() === 'zh' ? w?.description : w?.description_en || w?.description) ?? '',
});

/** Check errors whose pointer is at or under `prefix`, as sentences. */
function errorsUnder(ed: Editor, prefix: string): string[] {
  return ed.errors().filter((e) => e.pointer === prefix || e.pointer.startsWith(`${prefix}/`)).map((e) => checkErrorWords(ed.pkg(), e, lang()));
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function DelaysEditor(props: { ed: Editor; highlight: string | null }): JSX.Element {
  const names = createMemo(() => Object.keys(props.ed.pkg().delays));
  return (
    <section class="dg-panel" aria-label={t('dgDelays')}>
      <h3>{t('dgDelays')}</h3>
      <p class="muted">{t('dgDelayHelp')}</p>
      <div class="dg-settings">
        <For each={names()}>{(n) => <DelayRow ed={props.ed} name={n} highlight={props.highlight === n} />}</For>
      </div>
    </section>
  );
}

function DelayRow(props: { ed: Editor; name: string; highlight: boolean }): JSX.Element {
  const spec = () => props.ed.pkg().delays[props.name];
  const words = () => pickWords(props.ed.pkg().delaysInfo?.[props.name]);
  const parsed = () => durationOf(spec());
  // What the admin typed, kept while it is not a valid length (the working copy keeps the last good one).
  const [typed, setTyped] = createSignal<string | null>(null);
  const [unit, setUnit] = createSignal<DurationUnit | null>(null);
  const amountText = () => typed() ?? (parsed() ? String(parsed()?.amount) : '');
  const unitNow = (): DurationUnit => unit() ?? parsed()?.unit ?? 'day';
  const problem = () => (typed() === null && unit() === null ? null : amountProblem(amountText(), unitNow()));
  const id = () => `dg-delay-${props.name}`;
  const write = (text: string, u: DurationUnit) => {
    setTyped(text);
    setUnit(u);
    if (amountProblem(text, u)) return;
    props.ed.update((d) => {
      d.delays = { ...d.delays, [props.name]: delayFor({ amount: Number(text), unit: u }) };
    }, `delay|${props.name}`);
    setTyped(null);
    setUnit(null);
  };
  const checkErrors = () => errorsUnder(props.ed, `/delays/${esc(props.name)}`);
  const isAt = () => isObj(spec()) && 'at' in (spec() as object);
  return (
    <div class="dg-setting" classList={{ 'dg-selected': props.highlight, 'dg-has-error': problem() !== null || checkErrors().length > 0 }} data-delay={props.name}>
      <div class="dg-setting-head">
        <label for={id()} class="dg-setting-title">{words().title || t('dgUntitled')}</label>
        <Show when={!isAt()}><span class="dg-setting-now" data-testid={`delay-words-${props.name}`}>{delayWords(spec(), lang())}</span></Show>
      </div>
      <Show when={words().description}><p class="muted dg-setting-desc">{words().description}</p></Show>
      <Show
        when={!isAt()}
        fallback={<p class="dg-setting-fixed" id={id()}>{delayWords(spec(), lang())}</p>}
      >
        <div class="dg-duration">
          <input
            id={id()}
            type="number"
            inputmode="numeric"
            min="1"
            step="1"
            aria-label={`${words().title}${lang() === 'zh' ? '的长度' : ': length'}`}
            aria-invalid={problem() !== null}
            aria-describedby={problem() ? `${id()}-err` : undefined}
            value={amountText()}
            onInput={(e) => write(e.currentTarget.value.trim(), unitNow())}
          />
          <select aria-label={`${words().title}${lang() === 'zh' ? '的单位' : ': unit'}`} value={unitNow()} onChange={(e) => write(amountText(), e.currentTarget.value as DurationUnit)}>
            <For each={DURATION_UNITS}>{(u) => <option value={u}>{unitWord(u, lang())}</option>}</For>
          </select>
        </div>
      </Show>
      <Show when={problem()}>
        {(p) => <p class="field-error" role="alert" id={`${id()}-err`}>{lang() === 'zh' ? p().zh : p().en}{lang() === 'zh' ? '（此值未采用）' : ' (not applied)'}</p>}
      </Show>
      <For each={checkErrors()}>{(m) => <p class="field-error" role="alert">{m}</p>}</For>
    </div>
  );
}

export function SettingsEditor(props: { ed: Editor; highlight: string | null }): JSX.Element {
  const keys = createMemo(() => Object.keys(props.ed.pkg().settings ?? {}));
  return (
    <section class="dg-panel" aria-label={t('dgSettings')}>
      <h3>{t('dgSettings')}</h3>
      <Show when={keys().length > 0} fallback={<p class="muted">{t('dgNoSettings')}</p>}>
        <div class="dg-settings">
          <For each={keys()}>{(k) => <SettingRow ed={props.ed} name={k} highlight={props.highlight === k} />}</For>
        </div>
      </Show>
    </section>
  );
}

function SettingRow(props: { ed: Editor; name: string; highlight: boolean }): JSX.Element {
  const info = () => settingInfo(props.ed.pkg(), props.name);
  const value = () => (props.ed.pkg().settings ?? {})[props.name];
  const words = () => pickWords(info());
  const kind = () => settingInput(info(), value());
  const id = () => `dg-setting-${props.name}`;
  const set = (v: unknown) => props.ed.update((d) => { d.settings = { ...(d.settings ?? {}), [props.name]: v }; }, `setting|${props.name}`);
  const checkErrors = () => errorsUnder(props.ed, `/settings/${esc(props.name)}`);
  const [units] = createResource(() => (kind() === 'unit' ? ('unit' as const) : null), (k) => loadChoices(k));
  const unitName = (uid: string) => units()?.find((u) => u.id === uid)?.name ?? uid;
  const unitLabel = () => (lang() === 'zh' ? info()?.unit : info()?.unit_en ?? info()?.unit) ?? '';
  // A taxonomy (办理结果分类): the chosen option's categories, listed under the choice.
  const categories = () => chosenCategories(props.ed.pkg(), props.name) ?? [];
  const [bad, setBad] = createSignal(false);
  const bounds = () => (typeof value() === 'number' ? numberProblem(String(value()), info()) : null);
  return (
    <div class="dg-setting" classList={{ 'dg-selected': props.highlight, 'dg-has-error': checkErrors().length > 0 }} data-setting={props.name}>
      <div class="dg-setting-head">
        <Show when={kind() !== 'switch' && kind() !== 'multi' && kind() !== 'fields'} fallback={<span class="dg-setting-title" id={`${id()}-title`}>{words().title || t('dgUntitled')}</span>}>
          <label for={id()} class="dg-setting-title">{words().title || t('dgUntitled')}</label>
        </Show>
        <span class="dg-setting-now" data-testid={`setting-words-${props.name}`}>{settingWords(info(), value(), lang(), unitName)}</span>
      </div>
      <Show when={words().description}><p class="muted dg-setting-desc">{words().description}</p></Show>
      <Switch>
        <Match when={kind() === 'switch'}>
          <label class="dg-switch">
            <input id={id()} type="checkbox" role="switch" aria-labelledby={`${id()}-title`} checked={value() === true} onChange={(e) => set(e.currentTarget.checked)} />
            <span>{value() === true ? t('dgOn') : t('dgOff')}</span>
          </label>
        </Match>
        <Match when={kind() === 'select'}>
          <select id={id()} value={String(value())} onChange={(e) => set(e.currentTarget.value)}>
            <For each={Object.entries(info()?.options ?? {})}>{([v, w]) => <option value={v}>{lang() === 'zh' ? w.title : w.title_en}</option>}</For>
            <Show when={!Object.hasOwn(info()?.options ?? {}, String(value()))}><option value={String(value())}>{t('dgNotAnOption')}</option></Show>
          </select>
          <Show when={categories().length > 0}>
            <ol class="dg-categories" aria-label={lang() === 'zh' ? `${words().title}：所选分类` : `${words().title}: chosen categories`} data-testid={`setting-categories-${props.name}`}>
              <For each={categories()}>{(c) => <li>{c.code} {lang() === 'zh' ? c.title : c.title_en}</li>}</For>
            </ol>
          </Show>
        </Match>
        <Match when={kind() === 'multi'}>
          <div role="group" aria-labelledby={`${id()}-title`} class="dg-options">
            <For each={Object.entries(info()?.options ?? {})}>
              {([v, w]) => (
                <label class="check">
                  <input type="checkbox" checked={(value() as unknown[]).includes(v)} onChange={(e) => {
                    const list = (value() as unknown[]).filter((x) => x !== v);
                    set(e.currentTarget.checked ? [...list, v] : list);
                  }} />
                  {lang() === 'zh' ? w.title : w.title_en}
                </label>
              )}
            </For>
          </div>
        </Match>
        <Match when={kind() === 'number'}>
          <span class="dg-duration">
            <input id={id()} type="number" value={String(value())} aria-invalid={checkErrors().length > 0} onInput={(e) => { const x = e.currentTarget.value; if (x.trim() !== '' && Number.isFinite(Number(x))) set(Number(x)); }} />
            <Show when={unitLabel()}><span>{unitLabel()}</span></Show>
          </span>
        </Match>
        <Match when={kind() === 'text'}>
          <input id={id()} value={String(value())} onInput={(e) => set(e.currentTarget.value)} />
        </Match>
        <Match when={kind() === 'unit'}>
          <select id={id()} value={String(value())} onChange={(e) => set(e.currentTarget.value)}>
            <Show when={!units()?.some((u) => u.id === value())}><option value={String(value())}>{unitName(String(value()))}</option></Show>
            <For each={units() ?? []}>{(u) => <option value={u.id}>{u.name}</option>}</For>
          </select>
        </Match>
        <Match when={kind() === 'fields'}>
          <div role="group" aria-labelledby={`${id()}-title`} class="dg-fields">
            <For each={Object.keys(value() as object)}>
              {(k) => {
                const sub = () => info()?.fields?.[k];
                const subWords = () => pickWords(sub());
                return (
                  <label>
                    {subWords().title || k}
                    <span class="dg-duration">
                      <input type="number" value={String((value() as Record<string, unknown>)[k])} onInput={(e) => { const x = e.currentTarget.value; if (x.trim() !== '' && Number.isFinite(Number(x))) set({ ...(value() as object), [k]: Number(x) }); }} />
                      <Show when={sub()?.unit}><span>{lang() === 'zh' ? sub()?.unit : sub()?.unit_en ?? sub()?.unit}</span></Show>
                    </span>
                  </label>
                );
              }}
            </For>
          </div>
        </Match>
        <Match when={kind() === 'advanced'}>
          <details>
            <summary>{t('dgAdvancedSetting')}</summary>
            <textarea
              id={id()}
              class="dg-code"
              rows="4"
              value={JSON.stringify(value())}
              onInput={(e) => {
                try {
                  set(JSON.parse(e.currentTarget.value) as unknown);
                  setBad(false);
                } catch {
                  setBad(true);
                }
              }}
            />
            <Show when={bad()}><span class="field-error">{t('dgBadJson')}</span></Show>
          </details>
        </Match>
      </Switch>
      <For each={checkErrors()}>
        {(m) => (
          <p class="field-error" role="alert">
            {m}
            <Show when={bounds()}>{(b) => <>{inParens(lang() === 'zh' ? b().zh : b().en)}</>}</Show>
          </p>
        )}
      </For>
    </div>
  );
}

