/**
 * A small form renderer of the designer's own (the live preview, and the simulator's forms):
 * fields in `x-ui.order`, `showIf` evaluated with JSON Logic over the data, enums as radio
 * buttons or a select, multi-selects as checkboxes, repeating groups with add/remove, and
 * the engine's validation (the browser's interpreted validator, which agrees with the server's
 * Ajv), each error under its field.
 */
import { createMemo, For, Index, Show, type JSX } from 'solid-js';
import { evaluateLogic, type JsonSchema } from '../../../runtime/engine/index.ts';
import { compileForm, createAjv } from '../../../runtime/engine/form-validator-interpreted.ts';
import { inParens, label, lang, t } from '../i18n.ts';
import { enumOptions, fieldType, isObj, orderedFields, type JsonObject } from './model.ts';

const forms = createAjv();

export function validateForm(schema: JsonSchema, data: unknown): Array<{ pointer: string; message: string; message_en?: string }> {
  try {
    return compileForm(forms, JSON.parse(JSON.stringify(schema)) as JsonSchema)(data);
  } catch (err) {
    return [{ pointer: '', message: `表单无法编译：${(err as Error).message}`, message_en: `The form does not compile: ${(err as Error).message}` }];
  }
}

/** Remove values of hidden fields and empty strings, as a person filling the form would leave them. */
export function cleanData(schema: JsonSchema, data: JsonObject): JsonObject {
  const props = isObj(schema.properties) ? schema.properties : {};
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(data)) {
    const f = props[k];
    if (!isObj(f)) continue;
    const showIf = isObj(f['x-ui']) ? f['x-ui'].showIf : undefined;
    if (showIf !== undefined && !evaluateLogic(showIf, data)) continue;
    if (v === '' || v === undefined) continue;
    out[k] = v;
  }
  return out;
}

export function FormPreview(props: {
  schema: JsonSchema;
  value: JsonObject;
  onChange: (next: JsonObject) => void;
  idPrefix: string;
  /** Show validation errors under the fields. */
  validate?: boolean;
}): JSX.Element {
  const errors = createMemo(() => (props.validate ? validateForm(props.schema, cleanData(props.schema, props.value)) : []));
  const errorsFor = (field: string) => errors().filter((e) => e.pointer === `/${field}` || e.pointer.startsWith(`/${field}/`));
  const formErrors = () => errors().filter((e) => e.pointer === '' || e.pointer === '/');
  const set = (k: string, v: unknown) => props.onChange({ ...props.value, [k]: v });
  const fields = createMemo(() => orderedFields(props.schema));
  const prop = (k: string): JsonSchema => ((isObj(props.schema.properties) ? props.schema.properties[k] : undefined) ?? {}) as JsonSchema;
  const required = (k: string) => Array.isArray(props.schema.required) && props.schema.required.includes(k);
  const visible = (k: string) => {
    const showIf = isObj(prop(k)['x-ui']) ? (prop(k)['x-ui'] as JsonObject).showIf : undefined;
    try {
      return showIf === undefined || Boolean(evaluateLogic(showIf, props.value));
    } catch {
      return true;
    }
  };
  return (
    <div class="dg-preview-form">
      <For each={fields()}>
        {(k) => (
          <Show when={visible(k)}>
            <FieldInput
              id={`${props.idPrefix}-${k}`}
              name={k}
              schema={prop(k)}
              required={required(k)}
              value={props.value[k]}
              onChange={(v) => set(k, v)}
              errors={errorsFor(k).map((e) => (lang() === 'zh' || !e.message_en ? e.message : e.message_en))}
            />
          </Show>
        )}
      </For>
      <For each={formErrors()}>{(e) => <p class="field-error">{lang() === 'zh' || !e.message_en ? e.message : e.message_en}</p>}</For>
    </div>
  );
}

function FieldInput(props: {
  id: string;
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
  errors: string[];
}): JSX.Element {
  const type = () => fieldType(props.schema);
  const title = () => label(props.schema as { title?: unknown; 'x-ui'?: { label_en?: unknown } }) || props.name;
  const req = () => (props.required ? <span class="dg-req">{inParens(t('required'))}</span> : null);
  const errs = () => (
    <For each={props.errors}>{(m) => <p class="field-error" id={`${props.id}-err`}>{m}</p>}</For>
  );
  const str = () => (typeof props.value === 'string' ? props.value : props.value === undefined || props.value === null ? '' : String(props.value));
  const options = () => enumOptions(props.schema);
  const optLabel = (o: { title: string; label_en: string }) => (lang() === 'en' && o.label_en ? o.label_en : o.title);
  const describedBy = () => (props.errors.length > 0 ? `${props.id}-err` : undefined);
  return (
    <div class="dg-field">
      {(() => {
        switch (type()) {
          case 'boolean':
            return (
              <label class="check">
                <input type="checkbox" id={props.id} checked={props.value === true} onChange={(e) => props.onChange(e.currentTarget.checked)} aria-describedby={describedBy()} />
                {title()}{req()}
              </label>
            );
          case 'enum':
            return (
              <fieldset>
                <legend>{title()}{req()}</legend>
                <For each={options()}>
                  {(o) => (
                    <label class="check">
                      <input type="radio" name={props.id} value={o.const} checked={props.value === o.const} onChange={() => props.onChange(o.const)} />
                      {optLabel(o)}
                    </label>
                  )}
                </For>
              </fieldset>
            );
          case 'multi': {
            const list = () => (Array.isArray(props.value) ? (props.value as string[]) : []);
            return (
              <fieldset>
                <legend>{title()}{req()}</legend>
                <For each={options()}>
                  {(o) => (
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={list().includes(o.const)}
                        onChange={(e) => props.onChange(e.currentTarget.checked ? [...list(), o.const] : list().filter((x) => x !== o.const))}
                      />
                      {optLabel(o)}
                    </label>
                  )}
                </For>
              </fieldset>
            );
          }
          case 'group': {
            const items = () => (Array.isArray(props.value) ? (props.value as JsonObject[]) : []);
            const itemSchema = () => (isObj(props.schema.items) ? props.schema.items : {}) as JsonSchema;
            return (
              <fieldset>
                <legend>{title()}{req()}</legend>
                <Index each={items()}>
                  {(item, i) => (
                    <div class="dg-group-item">
                      <FormPreview
                        schema={itemSchema()}
                        value={item()}
                        idPrefix={`${props.id}-${i}`}
                        onChange={(next) => props.onChange(items().map((x, j) => (j === i ? next : x)))}
                      />
                      <button type="button" class="secondary" onClick={() => props.onChange(items().filter((_, j) => j !== i))}>
                        {t('removeItem')}
                      </button>
                    </div>
                  )}
                </Index>
                <button type="button" class="secondary" onClick={() => props.onChange([...items(), {}])}>{t('addItem')}</button>
              </fieldset>
            );
          }
          case 'number':
          case 'integer':
            return (
              <label for={props.id}>
                {title()}{req()}
                <input
                  id={props.id}
                  type="number"
                  step={type() === 'integer' ? '1' : 'any'}
                  value={str()}
                  onInput={(e) => props.onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
                  aria-describedby={describedBy()}
                />
              </label>
            );
          case 'textarea':
            return (
              <label for={props.id}>
                {title()}{req()}
                <textarea id={props.id} value={str()} onInput={(e) => props.onChange(e.currentTarget.value)} aria-describedby={describedBy()} />
              </label>
            );
          case 'other':
            return (
              <label for={props.id}>
                {title()}{req()} <span class="muted">(JSON)</span>
                <input
                  id={props.id}
                  value={props.value === undefined ? '' : JSON.stringify(props.value)}
                  onChange={(e) => {
                    try {
                      props.onChange(e.currentTarget.value === '' ? undefined : (JSON.parse(e.currentTarget.value) as unknown));
                    } catch {
                      props.onChange(e.currentTarget.value);
                    }
                  }}
                />
              </label>
            );
          default:
            return (
              <label for={props.id}>
                {title()}{req()}
                <input
                  id={props.id}
                  type={type() === 'date' ? 'date' : 'text'}
                  value={str()}
                  placeholder={isObj(props.schema['x-ui']) && typeof props.schema['x-ui'].placeholder === 'string' ? props.schema['x-ui'].placeholder : undefined}
                  onInput={(e) => props.onChange(e.currentTarget.value)}
                  aria-describedby={describedBy()}
                />
              </label>
            );
        }
      })()}
      {errs()}
    </div>
  );
}
