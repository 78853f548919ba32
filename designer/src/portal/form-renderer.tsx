/**
 * Renders a JSON Schema 2020-12 form with its `x-ui` hints: text, textarea/richtext, numbers,
 * booleans, dates, enums (radio or select), multi-selects, deputy/unit/user pickers,
 * repeating groups, nested groups, `showIf`, and attachments (uploaded to /api/files, kept as
 * {fileId, name}). Every input is labelled; errors, from the browser's check (the
 * server's own validator) or from the server's 400 `details.errors`, are pinned to the field
 * their pointer names and listed at the top.
 */
import { createEffect, createMemo, createResource, createSignal, For, Index, Match, Show, Switch, type JSX } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { api, ApiError } from '../api.ts';
import type { FieldError, FileView } from '../api-types.ts';
import { errorText, label, lang, t } from '../i18n.ts';
import { loadChoices, selfChoice, type Choice } from './choices.ts';
import {
  conditionallyRequired,
  enumOptions,
  fieldKind,
  getIn,
  initialData,
  orderedFields,
  PICKERS,
  pointerOf,
  prune,
  validateForm,
  visible,
  xui,
  type FieldDef,
  type Path,
  type PickerKind,
  type Schema,
} from './form-model.ts';

export interface FormRendererProps {
  schema: Schema;
  initial?: Record<string, unknown>;
  /** Field errors from the server's 400 answer (details.errors). */
  serverErrors?: FieldError[];
  submitLabel?: string;
  busy?: boolean;
  onSubmit: (data: Record<string, unknown>) => void | Promise<void>;
  onCancel?: () => void;
  /** Extra content above the buttons (e.g. a general error). */
  children?: JSX.Element;
}

interface Ctx {
  data: Record<string, unknown>;
  set(path: Path, value: unknown): void;
  errorsAt(pointer: string): FieldError[];
}

const idOf = (path: Path) => `f${pointerOf(path).replace(/[^A-Za-z0-9]/g, '-')}`;

export function FormRenderer(props: FormRendererProps): JSX.Element {
  // eslint-disable-next-line solid/reactivity -- the schema of one form does not change under it
  const schema = props.schema;
  const [data, setData] = createStore<Record<string, unknown>>(initialData(schema, props.initial));
  const [attempted, setAttempted] = createSignal(false);
  const [server, setServer] = createSignal<FieldError[]>([]);
  createEffect(() => setServer(props.serverErrors ?? []));

  const snapshot = () => JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  const payload = () => {
    const d = snapshot();
    return prune(schema, d, d) as Record<string, unknown>;
  };
  const clientErrors = createMemo(() => (attempted() ? validateForm(schema, payload()) : []));
  const allErrors = createMemo(() => {
    const seen = new Set<string>();
    return [...clientErrors(), ...server()].filter((e) => {
      const key = `${e.pointer}|${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }) as FieldError[];
  });

  const ctx: Ctx = {
    data,
    set(path, value) {
      setData(produce((d) => setPath(d, path, value)));
      const p = pointerOf(path);
      setServer((list) => list.filter((e) => !(e.pointer === p || e.pointer.startsWith(`${p}/`))));
    },
    errorsAt: (pointer) => allErrors().filter((e) => e.pointer === pointer),
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setAttempted(true);
    const body = payload();
    if (validateForm(schema, body).length > 0) {
      requestAnimationFrame(() => (document.querySelector('form.generated [aria-invalid="true"]') as HTMLElement | null)?.focus());
      return;
    }
    await props.onSubmit(body);
  };

  return (
    <form class="generated" onSubmit={submit} novalidate aria-label={label(schema)}>
      <Show when={schema.description}>
        <p class="muted">{lang() === 'zh' ? schema.description : xui(schema).label_en ?? schema.description}</p>
      </Show>
      <p class="muted">{t('requiredHint')}</p>
      <Show when={allErrors().length > 0}>
        <div class="form-errors" role="alert">
          <p class="error">{t('formErrors')}</p>
          <ul>
            <For each={allErrors()}>{(e) => <li>{errorText(e)}</li>}</For>
          </ul>
        </div>
      </Show>
      <Fields schema={schema} path={[]} ctx={ctx} />
      {props.children}
      <div class="actions">
        <button type="submit" disabled={props.busy}>{props.submitLabel ?? t('submit')}</button>
        <Show when={props.onCancel}>
          <button type="button" class="secondary" onClick={() => props.onCancel?.()}>{t('cancel')}</button>
        </Show>
      </div>
    </form>
  );
}

function setPath(d: Record<string, any>, path: Path, value: unknown): void {
  let cur: any = d;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string | number;
    if (cur[key] === null || typeof cur[key] !== 'object') cur[key] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[key];
  }
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

function Fields(props: { schema: Schema; path: Path; ctx: Ctx }): JSX.Element {
  const cond = conditionallyRequired(props.schema);
  return (
    <For each={orderedFields(props.schema)}>
      {(def) => (
        <Show when={visible(def.schema, props.ctx.data)}>
          <Field def={def} path={[...props.path, def.name]} ctx={props.ctx} maybeRequired={cond.has(def.name)} />
        </Show>
      )}
    </For>
  );
}

function Errors(props: { id: string; errors: FieldError[] }): JSX.Element {
  return (
    <Show when={props.errors.length > 0}>
      <p class="field-error" id={`${props.id}-err`}>
        <For each={props.errors}>{(e) => <span>{errorText(e)} </span>}</For>
      </p>
    </Show>
  );
}

function Title(props: { def: FieldDef; maybeRequired?: boolean }): JSX.Element {
  return (
    <>
      {label(props.def.schema)}
      <Show when={props.def.required}>
        <span class="req"> *</span>
      </Show>
    </>
  );
}

function Field(props: { def: FieldDef; path: Path; ctx: Ctx; maybeRequired?: boolean }): JSX.Element {
  const s = props.def.schema;
  const kind = fieldKind(s);
  const id = idOf(props.path);
  const pointer = pointerOf(props.path);
  const value = () => getIn(props.ctx.data, props.path);
  const errors = () => props.ctx.errorsAt(pointer);
  const invalid = () => errors().length > 0;
  const described = () => (invalid() ? `${id}-err` : undefined);
  const set = (v: unknown) => props.ctx.set(props.path, v);
  const placeholder = () => xui(s).placeholder;
  const text = (v: string) => set(v === '' ? undefined : v);

  return (
    <div class={`field field-${kind}`} data-pointer={pointer}>
      <Switch>
        <Match when={kind === 'hidden'}>{null}</Match>
        <Match when={kind === 'readonly'}>
          <div class="readonly">
            <span class="ro-label">{label(s)}</span>
            <span>{value() === undefined ? placeholder() ?? '—' : String(value())}</span>
          </div>
        </Match>
        <Match when={kind === 'text'}>
          <label for={id}><Title def={props.def} /></label>
          <input id={id} type="text" value={(value() as string) ?? ''} placeholder={placeholder()} maxLength={s.maxLength}
            aria-invalid={invalid()} aria-describedby={described()} aria-required={props.def.required} onInput={(e) => text(e.currentTarget.value)} />
        </Match>
        <Match when={kind === 'textarea'}>
          <label for={id}><Title def={props.def} /></label>
          <textarea id={id} value={(value() as string) ?? ''} placeholder={placeholder()} rows={xui(s).widget === 'richtext' ? 8 : 4}
            aria-invalid={invalid()} aria-describedby={described()} aria-required={props.def.required} onInput={(e) => text(e.currentTarget.value)} />
        </Match>
        <Match when={kind === 'number' || kind === 'integer'}>
          <label for={id}><Title def={props.def} /></label>
          <input id={id} type="number" inputmode={kind === 'integer' ? 'numeric' : 'decimal'} step={kind === 'integer' ? 1 : 'any'}
            min={s.minimum} max={s.maximum} value={value() === undefined ? '' : String(value())} placeholder={placeholder()}
            aria-invalid={invalid()} aria-describedby={described()} aria-required={props.def.required}
            onInput={(e) => set(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))} />
        </Match>
        <Match when={kind === 'boolean'}>
          <label class="check" for={id}>
            <input id={id} type="checkbox" checked={value() === true} aria-invalid={invalid()} aria-describedby={described()}
              onChange={(e) => set(e.currentTarget.checked)} />
            <span><Title def={props.def} /></span>
          </label>
        </Match>
        <Match when={kind === 'date'}>
          <label for={id}><Title def={props.def} /></label>
          <input id={id} type="date" value={(value() as string) ?? ''} aria-invalid={invalid()} aria-describedby={described()}
            aria-required={props.def.required} onInput={(e) => text(e.currentTarget.value)} />
          <Show when={placeholder()}><p class="hint">{placeholder()}</p></Show>
        </Match>
        <Match when={kind === 'date-time'}>
          <label for={id}><Title def={props.def} /></label>
          <input id={id} type="datetime-local" value={toLocalInput(value() as string | undefined)} aria-invalid={invalid()}
            aria-describedby={described()} aria-required={props.def.required}
            onInput={(e) => set(e.currentTarget.value === '' ? undefined : new Date(e.currentTarget.value).toISOString())} />
          <Show when={placeholder()}><p class="hint">{placeholder()}</p></Show>
        </Match>
        <Match when={kind === 'enum'}>
          <EnumField def={props.def} id={id} value={value()} set={set} invalid={invalid()} described={described()} />
        </Match>
        <Match when={kind === 'multi-enum'}>
          <fieldset aria-invalid={invalid()} aria-describedby={described()}>
            <legend><Title def={props.def} /></legend>
            <For each={enumOptions(s.items) ?? []}>
              {(o, i) => (
                <label class="check" for={`${id}-${i()}`}>
                  <input id={`${id}-${i()}`} type="checkbox" checked={((value() as unknown[]) ?? []).includes(o.value)}
                    onChange={(e) => set(toggle(value() as unknown[] | undefined, o.value, e.currentTarget.checked))} />
                  <span>{label(o.schema)}</span>
                </label>
              )}
            </For>
          </fieldset>
        </Match>
        <Match when={kind === 'picker' || kind === 'multi-picker'}>
          <PickerField def={props.def} id={id} multiple={kind === 'multi-picker'} picker={PICKERS[xui(s).widget ?? ''] ?? 'text'}
            value={value()} set={set} invalid={invalid()} described={described()} />
        </Match>
        <Match when={kind === 'tags'}>
          <label for={id}><Title def={props.def} /></label>
          <input id={id} type="text" value={((value() as string[] | undefined) ?? []).join('，')} placeholder={placeholder() ?? t('tagsHint')}
            aria-invalid={invalid()} aria-describedby={described()} onChange={(e) => set(splitList(e.currentTarget.value))} />
          <p class="hint">{t('tagsHint')}</p>
        </Match>
        <Match when={kind === 'group'}>
          <fieldset>
            <legend><Title def={props.def} /></legend>
            <Fields schema={s} path={props.path} ctx={props.ctx} />
          </fieldset>
        </Match>
        <Match when={kind === 'repeat' || kind === 'files'}>
          <RepeatField def={props.def} path={props.path} ctx={props.ctx} files={kind === 'files'} />
        </Match>
      </Switch>
      <Errors id={id} errors={errors()} />
    </div>
  );
}

function EnumField(props: { def: FieldDef; id: string; value: unknown; set: (v: unknown) => void; invalid: boolean; described?: string }): JSX.Element {
  const s = props.def.schema;
  const options = enumOptions(s) ?? [];
  const radio = xui(s).widget === 'radio' || options.length <= 4;
  if (radio) {
    return (
      <fieldset class="radios" role="radiogroup" aria-invalid={props.invalid} aria-describedby={props.described} aria-required={props.def.required}>
        <legend><Title def={props.def} /></legend>
        <For each={options}>
          {(o, i) => (
            <label class="check" for={`${props.id}-${i()}`}>
              <input id={`${props.id}-${i()}`} type="radio" name={props.id} checked={props.value === o.value} onChange={() => props.set(o.value)} />
              <span>{label(o.schema)}</span>
            </label>
          )}
        </For>
      </fieldset>
    );
  }
  return (
    <>
      <label for={props.id}><Title def={props.def} /></label>
      <select id={props.id} aria-invalid={props.invalid} aria-describedby={props.described} aria-required={props.def.required}
        onChange={(e) => {
          const i = Number(e.currentTarget.value);
          props.set(Number.isInteger(i) && e.currentTarget.value !== '' ? options[i]?.value : undefined);
        }}>
        <option value="" selected={props.value === undefined}>{t('choose')}</option>
        <For each={options}>{(o, i) => <option value={String(i())} selected={props.value === o.value}>{label(o.schema)}</option>}</For>
      </select>
    </>
  );
}

const choiceLabel = (c: Choice) => `${lang() === 'en' && c.nameEn ? c.nameEn : c.name}${c.note ? `（${c.note}）` : ''}`;

function PickerField(props: {
  def: FieldDef;
  id: string;
  multiple: boolean;
  picker: PickerKind;
  value: unknown;
  set: (v: unknown) => void;
  invalid: boolean;
  described?: string;
}): JSX.Element {
  // eslint-disable-next-line solid/reactivity
  const [choices] = createResource(() => loadChoices(props.picker));
  const selected = () => (Array.isArray(props.value) ? (props.value as string[]) : []);
  const self = selfChoice(props.picker);
  return (
    <Show when={!choices.loading} fallback={<p class="muted">{label(props.def.schema)}：{t('loading')}</p>}>
      <Switch>
        <Match when={choices() && props.multiple}>
          <fieldset class="choices" aria-invalid={props.invalid} aria-describedby={props.described}>
            <legend><Title def={props.def} /></legend>
            <For each={choices() ?? []}>
              {(c, i) => (
                <label class="check" for={`${props.id}-${i()}`}>
                  <input id={`${props.id}-${i()}`} type="checkbox" checked={selected().includes(c.id)}
                    onChange={(e) => props.set(toggle(selected(), c.id, e.currentTarget.checked))} />
                  <span>{choiceLabel(c)}</span>
                </label>
              )}
            </For>
          </fieldset>
        </Match>
        <Match when={choices()}>
          <label for={props.id}><Title def={props.def} /></label>
          <select id={props.id} aria-invalid={props.invalid} aria-describedby={props.described} aria-required={props.def.required}
            onChange={(e) => props.set(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}>
            <option value="" selected={props.value === undefined}>{t('choose')}</option>
            <For each={choices() ?? []}>{(c) => <option value={c.id} selected={props.value === c.id}>{choiceLabel(c)}</option>}</For>
          </select>
        </Match>
        <Match when={!choices()}>
          {/* The caller may not list these (deputies for staff only, users for admins): type ids. */}
          <label for={props.id}><Title def={props.def} /></label>
          <input id={props.id} type="text" list={self ? `${props.id}-list` : undefined} autocomplete="off"
            value={props.multiple ? selected().join('，') : ((props.value as string) ?? '')}
            aria-invalid={props.invalid} aria-describedby={props.described ?? `${props.id}-hint`} aria-required={props.def.required}
            onChange={(e) => props.set(props.multiple ? splitList(e.currentTarget.value) : e.currentTarget.value.trim() || undefined)} />
          <Show when={self}>
            <datalist id={`${props.id}-list`}>
              <option value={self?.id}>{self?.name}（{t('self')}）</option>
            </datalist>
          </Show>
          <p class="hint" id={`${props.id}-hint`}>
            {props.multiple ? t('idsHint') : t('idHint')}
            <Show when={self}>
              {' '}
              <button type="button" class="link" onClick={() => props.set(props.multiple ? [...new Set([...selected(), self?.id as string])] : self?.id)}>
                {t('fillSelf')}（{self?.name}）
              </button>
            </Show>
          </p>
        </Match>
      </Switch>
    </Show>
  );
}

function RepeatField(props: { def: FieldDef; path: Path; ctx: Ctx; files: boolean }): JSX.Element {
  const items = (props.def.schema.items ?? {}) as Schema;
  const rows = () => (getIn(props.ctx.data, props.path) as unknown[] | undefined) ?? [];
  const add = () => props.ctx.set(props.path, [...rows(), initialData(items)]);
  const remove = (i: number) => props.ctx.set(props.path, rows().filter((_, j) => j !== i));
  const legendId = `${idOf(props.path)}-legend`;
  return (
    <fieldset class="repeat">
      <legend id={legendId}><Title def={props.def} /></legend>
      <Show when={props.files} fallback={
        <>
          <Index each={rows()}>
            {(_, i) => (
              <fieldset class="repeat-row">
                <legend>{t('itemN').replace('{n}', String(i + 1))}</legend>
                <Fields schema={items} path={[...props.path, i]} ctx={props.ctx} />
                <button type="button" class="secondary" onClick={() => remove(i)}>
                  {t('removeItem')}
                  <span class="sr-only">{` ${label(props.def.schema)} ${t('itemN').replace('{n}', String(i + 1))}`}</span>
                </button>
              </fieldset>
            )}
          </Index>
          <button type="button" class="secondary" onClick={add} aria-describedby={legendId}>
            {t('addItem')}
            <span class="sr-only">{`：${label(props.def.schema)}`}</span>
          </button>
        </>
      }>
        <FileRows rows={rows() as Array<{ fileId?: string; name?: string }>} onAdd={(f) => props.ctx.set(props.path, [...rows(), f])} onRemove={remove} title={label(props.def.schema)} />
      </Show>
    </fieldset>
  );
}

/** Attachments: each chosen file is uploaded (POST /api/files) and kept as {fileId, name}. */
function FileRows(props: { rows: Array<{ fileId?: string; name?: string }>; onAdd: (f: { fileId: string; name: string }) => void; onRemove: (i: number) => void; title: string }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError('');
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const r = await api<{ file: FileView }>('POST', '/files', { name: file.name, mime: file.type || 'application/octet-stream', base64: btoa(binary) });
      props.onAdd({ fileId: r.file.fileId, name: r.file.name });
      input.value = '';
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors[0] ? errorText(err.fieldErrors[0]) : err.message) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ul class="files">
        <Index each={props.rows}>
          {(row, i) => (
            <li>
              <span class="file-name">{row().name}</span>
              <button type="button" class="secondary" onClick={() => props.onRemove(i)}>
                {t('removeItem')}
                <span class="sr-only">{` ${row().name ?? ''}`}</span>
              </button>
            </li>
          )}
        </Index>
      </ul>
      <label>
        {t('uploadFile')}：{props.title}
        <input type="file" disabled={busy()} onChange={(e) => void upload(e.currentTarget)} />
      </label>
      <Show when={error()}>
        <p class="field-error" role="alert">{error()}</p>
      </Show>
    </>
  );
}

function toggle(list: unknown[] | undefined, v: unknown, on: boolean): unknown[] {
  const rest = (list ?? []).filter((x) => x !== v);
  return on ? [...rest, v] : rest;
}

function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\s]+/).map((x) => x.trim()).filter(Boolean))];
}

function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
