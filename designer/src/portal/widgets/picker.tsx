/**
 * `x-ui.widget: "deputy-picker" | "unit-picker" | "user-picker"`, for one id or (an array
 * field) several: a select or checkboxes of the county's deputies, units or users, or, for a
 * caller the server does not let list them, a text input of ids with the caller's own offered.
 */
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { label, lang, t } from '../../i18n.ts';
import { loadChoices, selfChoice, type Choice } from '../choices.ts';
import { PICKERS, xui } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import { splitList, toggle, type WidgetProps } from './widget-props.ts';

const choiceLabel = (c: Choice) => `${lang() === 'en' && c.nameEn ? c.nameEn : c.name}${c.note ? `（${c.note}）` : ''}`;

export function PickerWidget(props: WidgetProps): JSX.Element {
  const picker = PICKERS[xui(props.def.schema).widget ?? ''] ?? 'text';
  const multiple = props.kind === 'multi-picker';
  const [choices] = createResource(() => loadChoices(picker));
  const selected = () => (Array.isArray(props.value()) ? (props.value() as string[]) : []);
  const self = selfChoice(picker);
  return (
    <Show when={!choices.loading} fallback={<p class="muted">{label(props.def.schema)}：{t('loading')}</p>}>
      <Switch>
        <Match when={choices() && multiple}>
          <fieldset class="choices" aria-invalid={props.invalid()} aria-describedby={props.described()}>
            <legend><FieldTitle def={props.def} /></legend>
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
          <label for={props.id}><FieldTitle def={props.def} /></label>
          <select id={props.id} aria-invalid={props.invalid()} aria-describedby={props.described()} aria-required={props.def.required}
            onChange={(e) => props.set(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}>
            <option value="" selected={props.value() === undefined}>{t('choose')}</option>
            <For each={choices() ?? []}>{(c) => <option value={c.id} selected={props.value() === c.id}>{choiceLabel(c)}</option>}</For>
          </select>
        </Match>
        <Match when={!choices()}>
          {/* The caller may not list these (deputies for staff only, users for admins): type ids. */}
          <label for={props.id}><FieldTitle def={props.def} /></label>
          <input id={props.id} type="text" list={self ? `${props.id}-list` : undefined} autocomplete="off"
            value={multiple ? selected().join('，') : ((props.value() as string) ?? '')}
            aria-invalid={props.invalid()} aria-describedby={props.described() ?? `${props.id}-hint`} aria-required={props.def.required}
            onChange={(e) => props.set(multiple ? splitList(e.currentTarget.value) : e.currentTarget.value.trim() || undefined)} />
          <Show when={self}>
            <datalist id={`${props.id}-list`}>
              <option value={self?.id}>{self?.name}（{t('self')}）</option>
            </datalist>
          </Show>
          <p class="hint" id={`${props.id}-hint`}>
            {multiple ? t('idsHint') : t('idHint')}
            <Show when={self}>
              {' '}
              <button type="button" class="link" onClick={() => props.set(multiple ? [...new Set([...selected(), self?.id as string])] : self?.id)}>
                {t('fillSelf')}（{self?.name}）
              </button>
            </Show>
          </p>
        </Match>
      </Switch>
    </Show>
  );
}
