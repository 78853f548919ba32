/**
 * A condition as people say it — field, operator, value — compiled to JSON Logic
 * (`{"==": [{"var": "event.data.x"}, v]}`). Rules richer than one comparison stay editable
 * as JSON.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import { inParens, t } from '../i18n.ts';
import type { PathChoice } from './titles.ts';
import { compileCondition, CONDITION_OPS, parseCondition, parseValue, valueText, type ConditionOp, type SimpleCondition } from './model.ts';

const OP_NAMES: Record<ConditionOp, [string, string]> = {
  '==': ['等于', 'equals'],
  '!=': ['不等于', 'differs from'],
  '>': ['大于', 'greater than'],
  '>=': ['不小于', 'at least'],
  '<': ['小于', 'less than'],
  '<=': ['不大于', 'at most'],
  in: ['属于（逗号分隔）', 'one of (comma separated)'],
  truthy: ['有值', 'is set'],
  falsy: ['无值', 'is not set'],
};

export function opName(op: ConditionOp, zh: boolean): string {
  return OP_NAMES[op][zh ? 0 : 1];
}

export function ConditionEditor(props: {
  rule: unknown;
  onChange: (rule: unknown) => void;
  /** Names for the labels, e.g. "条件 ACCEPT". */
  name: string;
  fields?: string[];
  /** Fields by their titles: a select instead of typing a path (the state editor's guards). */
  choices?: PathChoice[];
  placeholder?: string;
  zh: boolean;
}): JSX.Element {
  const simple = () => parseCondition(props.rule);
  const [raw, setRaw] = createSignal<string | null>(null);
  const [rawError, setRawError] = createSignal(false);
  const update = (patch: Partial<SimpleCondition>) => {
    const cur = simple() ?? { field: props.choices?.[0]?.path ?? props.fields?.[0] ?? '', op: '==' as ConditionOp, value: '' };
    props.onChange(compileCondition({ ...cur, ...patch }));
  };
  const listId = `dg-fields-${Math.random().toString(36).slice(2, 8)}`;
  return (
    <div class="dg-condition">
      <Show
        when={simple()}
        fallback={
          // A rule richer than one comparison: JSON Logic, for integrators, closed by default.
          <details class="dg-advanced">
            <summary>{props.name} · {t('dgComplexRule')}</summary>
            <label>
              {props.name}{inParens('JSON Logic')}
              <textarea
                class="dg-code"
                value={raw() ?? JSON.stringify(props.rule)}
                onInput={(e) => {
                  setRaw(e.currentTarget.value);
                  try {
                    props.onChange(JSON.parse(e.currentTarget.value) as unknown);
                    setRawError(false);
                  } catch {
                    setRawError(true);
                  }
                }}
              />
              <Show when={rawError()}>
                <span class="field-error">{t('dgBadJson')}</span>
              </Show>
              <button type="button" class="secondary" onClick={() => { setRaw(null); update({}); }}>{t('dgMakeSimple')}</button>
            </label>
          </details>
        }
      >
        {(c) => (
          <div class="dg-row">
            <Show
              when={props.choices}
              fallback={
                <label>
                  {t('dgCondField')}
                  <input list={props.fields ? listId : undefined} aria-label={`${props.name} ${t('dgCondField')}`} value={c().field} placeholder={props.placeholder} onInput={(e) => update({ field: e.currentTarget.value })} />
                  <Show when={props.fields}>
                    <datalist id={listId}>
                      <For each={props.fields}>{(f) => <option value={f} />}</For>
                    </datalist>
                  </Show>
                </label>
              }
            >
              {(choices) => (
                <label>
                  {t('dgCondField')}
                  <select aria-label={`${props.name} ${t('dgCondField')}`} value={c().field} onChange={(e) => update({ field: e.currentTarget.value })}>
                    <Show when={!choices().some((x) => x.path === c().field)}>
                      <option value={c().field}>{c().field || t('dgPickOne')}</option>
                    </Show>
                    <For each={choices()}>{(x) => <option value={x.path}>{x.title}</option>}</For>
                  </select>
                </label>
              )}
            </Show>
            <label>
              {t('dgCondOp')}
              <select aria-label={`${props.name} ${t('dgCondOp')}`} value={c().op} onChange={(e) => {
                const op = e.currentTarget.value as ConditionOp;
                update({ op, value: op === 'in' ? (Array.isArray(c().value) ? c().value : [c().value].filter((v) => v !== '' && v !== null)) : Array.isArray(c().value) ? (c().value as unknown[])[0] ?? '' : c().value });
              }}>
                <For each={CONDITION_OPS}>{(op) => <option value={op}>{opName(op, props.zh)}</option>}</For>
              </select>
            </label>
            <Show when={c().op !== 'truthy' && c().op !== 'falsy'}>
              <label>
                {t('dgCondValue')}
                <input
                  aria-label={`${props.name} ${t('dgCondValue')}`}
                  value={valueText(c().value)}
                  onInput={(e) => {
                    const text = e.currentTarget.value;
                    update({ value: c().op === 'in' ? text.split(/[,，]/).map((s) => parseValue(s.trim())).filter((v) => v !== '') : parseValue(text) });
                  }}
                />
              </label>
            </Show>
          </div>
        )}
      </Show>
    </div>
  );
}
