/**
 * The form designer: any form of the package — add fields, order them (up/down), edit type,
 * required, titles in Chinese and English, enum options in both languages, showIf as a simple
 * condition, repeating groups (an array of objects, whose item fields are edited the same
 * way) — with a live preview beside it.
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { JsonSchema } from '../../../runtime/engine/index.ts';
import { inParens, label, lang, t, withColon } from '../i18n.ts';
import { formTitle, type PathChoice } from './titles.ts';
import { ConditionEditor } from './condition.tsx';
import {
  enumOptions,
  FIELD_TYPES,
  fieldType,
  isObj,
  labelEnOf,
  orderedFields,
  pinOf,
  renumber,
  retype,
  setEnumOptions,
  type FieldType,
  type JsonObject,
} from './model.ts';
import { FormPreview } from './preview.tsx';
import { checkErrorWords } from './words.ts';
import type { Editor } from './editor.ts';

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const TYPE_NAMES: Record<FieldType, [string, string]> = {
  text: ['单行文本', 'Text'],
  textarea: ['多行文本', 'Long text'],
  number: ['数字', 'Number'],
  integer: ['整数', 'Whole number'],
  boolean: ['是/否', 'Yes/no'],
  date: ['日期', 'Date'],
  enum: ['单选', 'Choice'],
  multi: ['多选', 'Multiple choice'],
  group: ['重复组', 'Repeating group'],
  other: ['其他（JSON）', 'Other (JSON)'],
};
export const typeName = (ft: FieldType) => TYPE_NAMES[ft][lang() === 'zh' ? 0 : 1];

type Mutate = (fn: (schema: JsonSchema) => void, coalesce?: string) => void;

export function FormDesigner(props: { ed: Editor; form: string; field: string | null; onSelect: (form: string, field: string | null) => void }): JSX.Element {
  const forms = () => Object.keys(props.ed.pkg().forms);
  const schema = () => props.ed.pkg().forms[props.form];
  const mutate: Mutate = (fn, key) =>
    props.ed.update((d) => {
      const s = d.forms[props.form];
      if (s) fn(s);
    }, key ? `form|${props.form}|${key}` : undefined);
  const [preview, setPreview] = createSignal<JsonObject>({});
  const [newForm, setNewForm] = createSignal('');
  const formErrors = createMemo(() =>
    props.ed.errors().filter((e) => {
      const p = pinOf(e.pointer);
      return p.kind === 'field' && p.form === props.form;
    }),
  );
  return (
    <div class="dg-forms">
      <div class="dg-row">
        <label>
          {t('dgForm')}
          <select aria-label={t('dgForm')} value={props.form} onChange={(e) => { setPreview({}); props.onSelect(e.currentTarget.value, null); }}>
            <For each={forms()}>{(f) => <option value={f}>{formTitle(props.ed.pkg(), f)}</option>}</For>
          </select>
        </label>
        <label>
          {t('dgNewFormName')}
          <input value={newForm()} placeholder="review" onInput={(e) => setNewForm(e.currentTarget.value.trim())} />
        </label>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const name = newForm();
            if (!KEY_RE.test(name) || forms().includes(name)) return;
            props.ed.update((d) => {
              d.forms = { ...d.forms, [name]: { $schema: 'https://json-schema.org/draft/2020-12/schema', title: name, 'x-ui': { label_en: name }, type: 'object', additionalProperties: false, required: [], properties: {} } };
            });
            setNewForm('');
            props.onSelect(name, null);
          }}
        >
          {t('dgAddForm')}
        </button>
      </div>
      <Show when={schema()}>
        {(s) => (
          <>
            <div class="dg-row">
              <label>
                {t('dgFormTitle')}
                <input value={typeof s().title === 'string' ? (s().title as string) : ''} onInput={(e) => { const v = e.currentTarget.value; mutate((x) => { x.title = v; }, 'title'); }} />
              </label>
              <label>
                {t('dgTitleEn')}
                <input value={labelEnOf(s())} onInput={(e) => { const v = e.currentTarget.value; mutate((x) => { x['x-ui'] = { ...(isObj(x['x-ui']) ? x['x-ui'] : {}), label_en: v }; }, 'label_en'); }} />
              </label>
            </div>
            <Show when={formErrors().length > 0}>
              <ul class="dg-errors-inline">
                <For each={formErrors()}>{(e) => <li class="field-error" data-code={e.code} title={`${e.code} ${e.pointer}`}>{checkErrorWords(props.ed.pkg(), e, lang())}</li>}</For>
              </ul>
            </Show>
            <div class="dg-form-grid">
              <div>
                <FieldsEditor
                  schema={s()}
                  mutate={mutate}
                  selected={props.field}
                  onSelect={(f) => props.onSelect(props.form, f)}
                  prefix={props.form}
                  prefixTitle={formTitle(props.ed.pkg(), props.form)}
                  errorFields={new Set(formErrors().map((e) => pinOf(e.pointer)).flatMap((p) => (p.kind === 'field' && p.field ? [p.field] : [])))}
                />
              </div>
              <section class="dg-preview" aria-label={t('dgPreview')}>
                <h3>{withColon(t('dgPreview'))}{label(s() as never)}</h3>
                <FormPreview schema={s()} value={preview()} onChange={setPreview} idPrefix={`pv-${props.form}`} validate />
                <button type="button" class="secondary" onClick={() => setPreview({})}>{t('dgClearPreview')}</button>
              </section>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}

function FieldsEditor(props: {
  schema: JsonSchema;
  mutate: Mutate;
  selected: string | null;
  onSelect: (field: string | null) => void;
  prefix: string;
  /** The form's (or group's) title, for the labels people and screen readers hear. */
  prefixTitle: string;
  errorFields?: ReadonlySet<string>;
}): JSX.Element {
  /** A field by its title; the key only when it has none. */
  const titleOf = (k: string) => label(props_()[k] as never) || k;
  const order = createMemo(() => orderedFields(props.schema));
  const props_ = () => (isObj(props.schema.properties) ? props.schema.properties : {}) as Record<string, JsonSchema>;
  const required = () => (Array.isArray(props.schema.required) ? (props.schema.required as string[]) : []);
  const [key, setKey] = createSignal('');
  const [title, setTitle] = createSignal('');
  const [titleEn, setTitleEn] = createSignal('');
  const [type, setType] = createSignal<FieldType>('text');
  const [err, setErr] = createSignal('');
  const move = (k: string, delta: number) =>
    props.mutate((s) => {
      const o = orderedFields(s);
      const i = o.indexOf(k);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= o.length) return;
      [o[i], o[j]] = [o[j] as string, o[i] as string];
      renumber(s, o);
    });
  const remove = (k: string) => {
    props.mutate((s) => {
      const p = { ...(isObj(s.properties) ? s.properties : {}) };
      delete p[k];
      s.properties = p;
      if (Array.isArray(s.required)) s.required = (s.required as string[]).filter((r) => r !== k);
    });
    if (props.selected === k) props.onSelect(null);
  };
  const add = () => {
    setErr('');
    const k = key().trim();
    if (!KEY_RE.test(k)) return setErr(t('dgBadKey'));
    if (k in props_()) return setErr(t('dgKeyExists'));
    props.mutate((s) => {
      const o = orderedFields(s);
      const field = retype({ title: title().trim() || k, 'x-ui': { label_en: titleEn().trim() } }, type());
      s.properties = { ...(isObj(s.properties) ? s.properties : {}), [k]: field };
      renumber(s, [...o, k]);
    });
    setKey('');
    setTitle('');
    setTitleEn('');
    props.onSelect(k);
  };
  return (
    <div class="dg-fields">
      <ol class="dg-field-list">
        <For each={order()}>
          {(k, i) => (
            <li classList={{ 'dg-selected': props.selected === k, 'dg-error': props.errorFields?.has(k) ?? false }} data-field={k}>
              <button type="button" class="link dg-field-name" aria-pressed={props.selected === k} onClick={() => props.onSelect(props.selected === k ? null : k)}>
                {titleOf(k)} <span class="muted">{typeName(fieldType(props_()[k] ?? {}))}{required().includes(k) ? ` · ${t('required')}` : ''}</span>
              </button>
              <span class="dg-field-actions">
                <button type="button" class="secondary" aria-label={`${t('dgUp')} ${titleOf(k)}`} disabled={i() === 0} onClick={() => move(k, -1)}>↑</button>
                <button type="button" class="secondary" aria-label={`${t('dgDown')} ${titleOf(k)}`} disabled={i() === order().length - 1} onClick={() => move(k, 1)}>↓</button>
                <button type="button" class="secondary" aria-label={`${t('removeItem')} ${titleOf(k)}`} onClick={() => remove(k)}>✕</button>
              </span>
              <Show when={props.selected === k}>
                <FieldEditor
                  name={k}
                  title={titleOf(k)}
                  schema={props_()[k] ?? {}}
                  siblings={order().filter((x) => x !== k).map((x) => ({ path: x, title: titleOf(x) }))}
                  required={required().includes(k)}
                  prefix={`${props.prefix}-${k}`}
                  prefixTitle={`${props.prefixTitle} › ${titleOf(k)}`}
                  mutateParent={props.mutate}
                />
              </Show>
            </li>
          )}
        </For>
      </ol>
      <fieldset class="dg-add">
        <legend>{t('dgAddField')}</legend>
        <div class="dg-row">
          <label>
            {t('dgTitleZh')}
            <input aria-label={`${t('dgNewFieldTitle')}${inParens(props.prefixTitle)}`} value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
          </label>
          <label>
            {t('dgTitleEn')}
            <input aria-label={`${t('dgNewFieldTitleEn')}${inParens(props.prefixTitle)}`} value={titleEn()} onInput={(e) => setTitleEn(e.currentTarget.value)} />
          </label>
          {/* The one place a key shows: the admin names the new field's key, behind its titles. */}
          <label>
            {t('dgFieldKey')}
            <input aria-label={`${t('dgFieldKey')}${inParens(props.prefixTitle)}`} value={key()} placeholder="selfAssessment" onInput={(e) => setKey(e.currentTarget.value)} />
          </label>
          <label>
            {t('dgFieldType')}
            <select aria-label={`${t('dgFieldType')}${inParens(props.prefixTitle)}`} value={type()} onChange={(e) => setType(e.currentTarget.value as FieldType)}>
              <For each={FIELD_TYPES}>{(ft) => <option value={ft}>{typeName(ft)}</option>}</For>
            </select>
          </label>
          <button type="button" onClick={add}>{t('dgAddField')}</button>
        </div>
        <Show when={err()}><p class="error" role="alert">{err()}</p></Show>
      </fieldset>
    </div>
  );
}

function FieldEditor(props: { name: string; title: string; schema: JsonSchema; siblings: PathChoice[]; required: boolean; prefix: string; prefixTitle: string; mutateParent: Mutate }): JSX.Element {
  const mutate: Mutate = (fn, key) =>
    props.mutateParent((s) => {
      const f = isObj(s.properties) ? (s.properties[props.name] as JsonSchema | undefined) : undefined;
      if (f) fn(f);
    }, key ? `${props.name}|${key}` : undefined);
  const ft = () => fieldType(props.schema);
  const ui = () => (isObj(props.schema['x-ui']) ? props.schema['x-ui'] : {}) as JsonObject;
  const setUi = (k: string, v: unknown, key?: string) =>
    mutate((f) => {
      const next = { ...(isObj(f['x-ui']) ? f['x-ui'] : {}) } as JsonObject;
      if (v === undefined || v === '') delete next[k];
      else next[k] = v;
      f['x-ui'] = next;
    }, key);
  const options = () => enumOptions(props.schema);
  const setOptions = (fn: (o: ReturnType<typeof enumOptions>) => void, key?: string) =>
    mutate((f) => {
      const o = enumOptions(f);
      fn(o);
      setEnumOptions(f, o);
    }, key);
  const itemsMutate: Mutate = (fn, key) =>
    mutate((f) => {
      if (isObj(f.items)) fn(f.items as JsonSchema);
    }, key ? `items|${key}` : undefined);
  const [groupSel, setGroupSel] = createSignal<string | null>(null);
  return (
    <div class="dg-field-editor" role="group" aria-label={`${t('dgField')} ${props.title}`}>
      <div class="dg-row">
        <label>
          {t('dgFieldType')}
          <select value={ft()} onChange={(e) => { const v = e.currentTarget.value as FieldType; mutate((f) => { const next = retype(f, v); for (const k of Object.keys(f)) delete f[k]; Object.assign(f, next); }); }}>
            <For each={ft() === 'other' ? [...FIELD_TYPES, 'other' as FieldType] : FIELD_TYPES}>{(x) => <option value={x}>{typeName(x)}</option>}</For>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={props.required}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              props.mutateParent((s) => {
                const r = (Array.isArray(s.required) ? (s.required as string[]) : []).filter((x) => x !== props.name);
                s.required = on ? [...r, props.name] : r;
              });
            }}
          />
          {t('dgRequired')}
        </label>
      </div>
      <div class="dg-row">
        <label>
          {t('dgTitleZh')}
          <input value={typeof props.schema.title === 'string' ? props.schema.title : ''} onInput={(e) => { const v = e.currentTarget.value; mutate((f) => { f.title = v; }, 'title'); }} />
        </label>
        <label>
          {t('dgTitleEn')}
          <input value={labelEnOf(props.schema)} onInput={(e) => setUi('label_en', e.currentTarget.value, 'label_en')} />
        </label>
        <Show when={ft() === 'text' || ft() === 'textarea'}>
          <label>
            {t('dgPlaceholder')}
            <input value={typeof ui().placeholder === 'string' ? (ui().placeholder as string) : ''} onInput={(e) => setUi('placeholder', e.currentTarget.value, 'placeholder')} />
          </label>
        </Show>
      </div>
      <Show when={ft() === 'enum' || ft() === 'multi'}>
        <fieldset>
          <legend>{t('dgOptions')}</legend>
          <table class="dg-table">
            <thead><tr><th scope="col">{t('dgOptionValue')}</th><th scope="col">{t('dgTitleZh')}</th><th scope="col">{t('dgTitleEn')}</th><th scope="col"><span class="sr-only">{t('removeItem')}</span></th></tr></thead>
            <tbody>
              <For each={options().map((_, i) => i)}>
                {(i) => (
                  <tr>
                    <td><input aria-label={`${t('dgOptionValue')} ${i + 1}`} value={options()[i]?.const ?? ''} onInput={(e) => { const v = e.currentTarget.value; setOptions((o) => { if (o[i]) o[i].const = v; }, `opt${i}c`); }} /></td>
                    <td><input aria-label={`${t('dgOptionZh')} ${i + 1}`} value={options()[i]?.title ?? ''} onInput={(e) => { const v = e.currentTarget.value; setOptions((o) => { if (o[i]) o[i].title = v; }, `opt${i}t`); }} /></td>
                    <td><input aria-label={`${t('dgOptionEn')} ${i + 1}`} value={options()[i]?.label_en ?? ''} onInput={(e) => { const v = e.currentTarget.value; setOptions((o) => { if (o[i]) o[i].label_en = v; }, `opt${i}e`); }} /></td>
                    <td><button type="button" class="secondary" aria-label={`${t('removeItem')} ${i + 1}`} onClick={() => setOptions((o) => { o.splice(i, 1); })}>✕</button></td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <button type="button" class="secondary" onClick={() => setOptions((o) => { o.push({ const: String.fromCharCode(65 + o.length), title: '', label_en: '' }); })}>{t('dgAddOption')}</button>
        </fieldset>
      </Show>
      <fieldset>
        <legend>{t('dgShowIf')}</legend>
        <Show
          when={ui().showIf !== undefined}
          fallback={<button type="button" class="link" onClick={() => setUi('showIf', { '==': [{ var: props.siblings[0]?.path ?? '' }, ''] })}>{t('dgAddShowIf')}</button>}
        >
          <ConditionEditor name={`${t('dgShowIf')} ${props.title}`} rule={ui().showIf} choices={props.siblings} zh={lang() === 'zh'} onChange={(rule) => setUi('showIf', rule, 'showIf')} />
          <button type="button" class="link" onClick={() => setUi('showIf', undefined)}>{t('dgRemoveShowIf')}</button>
        </Show>
      </fieldset>
      <Show when={ft() === 'group' && isObj(props.schema.items)}>
        <fieldset>
          <legend>{t('dgGroupFields')}</legend>
          <FieldsEditor schema={props.schema.items as JsonSchema} mutate={itemsMutate} selected={groupSel()} onSelect={setGroupSel} prefix={props.prefix} prefixTitle={props.prefixTitle} />
        </fieldset>
      </Show>
    </div>
  );
}
