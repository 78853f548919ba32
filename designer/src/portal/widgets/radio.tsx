/** One of a few options (`oneOf` consts or `enum`) as a radio group. */
import { For, type JSX } from 'solid-js';
import { label } from '../../i18n.ts';
import { enumOptions } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

export function RadioWidget(props: WidgetProps): JSX.Element {
  const options = enumOptions(props.def.schema) ?? [];
  return (
    <fieldset class="radios" role="radiogroup" aria-invalid={props.invalid()} aria-describedby={props.described()} aria-required={props.def.required}>
      <legend><FieldTitle def={props.def} /></legend>
      <For each={options}>
        {(o, i) => (
          <label class="check" for={`${props.id}-${i()}`}>
            <input id={`${props.id}-${i()}`} type="radio" name={props.id} checked={props.value() === o.value} onChange={() => props.set(o.value)} />
            <span>{label(o.schema)}</span>
          </label>
        )}
      </For>
    </fieldset>
  );
}
