/**
 * Renders a JSON Schema 2020-12 form with its `x-ui` hints. The form owns the data, the
 * submit and the errors; each field is drawn by the widget the registry (widgets/index.ts)
 * picks for it: text, textarea/richtext, numbers, booleans, dates, enums (radio or select),
 * multi-selects, deputy/unit/user pickers, repeating and nested groups, attachments. Every
 * input is labelled; errors, from the browser's check (the server's own validator) or from
 * the server's 400 `details.errors`, name their field in words (请填写「文号」), are pinned to
 * the field their pointer names (aria-invalid, the message beside it) and listed at the top,
 * where following one puts the cursor in that field. Nothing is sent while the browser's
 * check fails: an unticked 已加盖公章 (`const: true`) or a field an if/then requires.
 */
import { createEffect, createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import type { FieldError } from '../api-types.ts';
import { errorText, label, lang, t } from '../i18n.ts';
import { Fields } from './form-fields.tsx';
import { initialData, pointerOf, prune, validateForm, xui, type Path, type Schema } from './form-model.ts';
import type { FormContext } from './widgets/index.ts';

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

  const ctx: FormContext = {
    data,
    set(path, value) {
      setData(produce((d) => setPath(d, path, value)));
      const p = pointerOf(path);
      setServer((list) => list.filter((e) => !(e.pointer === p || e.pointer.startsWith(`${p}/`))));
    },
    errorsAt: (pointer) => allErrors().filter((e) => e.pointer === pointer),
    fields: (sub, path) => <Fields schema={sub} path={path} ctx={ctx} />,
  };

  let formEl: HTMLFormElement | undefined;
  /** Puts the cursor in the field at `pointer` (its first input, select, textarea or button). */
  const focusField = (pointer: string) => {
    const field = formEl?.querySelector(`[data-pointer="${CSS.escape(pointer)}"]`);
    const target = field?.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea, button') ?? null;
    target?.focus();
    field?.scrollIntoView({ block: 'center' });
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setAttempted(true);
    const body = payload();
    const errors = validateForm(schema, body);
    if (errors.length > 0) {
      const first = errors[0]?.pointer;
      requestAnimationFrame(() => first && focusField(first));
      return;
    }
    await props.onSubmit(body);
  };

  return (
    <form class="generated" ref={formEl} onSubmit={submit} novalidate aria-label={label(schema)}>
      <Show when={lang() === 'zh' ? schema.description : (xui(schema) as { description_en?: string }).description_en}>
        {(text) => <p class="muted">{text()}</p>}
      </Show>
      <p class="muted">{t('requiredHint')}</p>
      <Show when={allErrors().length > 0}>
        <div class="form-errors" role="alert">
          <p class="error">{t('formErrors')}</p>
          <ul>
            <For each={allErrors()}>
              {(e) => (
                <li>
                  <a href={`#${fieldAnchor(e.pointer)}`} onClick={(ev) => { ev.preventDefault(); focusField(e.pointer); }}>{errorText(e)}</a>
                </li>
              )}
            </For>
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

/** The id of the field's input (widgets/widget-props.ts `idOf`), for the summary's links. */
const fieldAnchor = (pointer: string): string => `f${pointer.replace(/[^A-Za-z0-9]/g, '-')}`;

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
