/** An array of enum items: one checkbox per option. */
import { For, type JSX } from 'solid-js';
import { label } from '../../i18n.ts';
import { enumOptions } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import { toggle, type WidgetProps } from './widget-props.ts';

export function MultiSelectWidget(props: WidgetProps): JSX.Element {
  const chosen = () => props.value() as unknown[] | undefined;
  return (
    <fieldset aria-invalid={props.invalid()} aria-describedby={props.described()}>
      <legend><FieldTitle def={props.def} /></legend>
      <For each={enumOptions(props.def.schema.items) ?? []}>
        {(o, i) => (
          <label class="check" for={`${props.id}-${i()}`}>
            <input id={`${props.id}-${i()}`} type="checkbox" checked={(chosen() ?? []).includes(o.value)}
              onChange={(e) => props.set(toggle(chosen(), o.value, e.currentTarget.checked))} />
            <span>{label(o.schema)}</span>
          </label>
        )}
      </For>
    </fieldset>
  );
}
