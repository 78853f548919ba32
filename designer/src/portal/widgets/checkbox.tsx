/** A `boolean`: one checkbox, its title beside it. */
import type { JSX } from 'solid-js';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

export function CheckboxWidget(props: WidgetProps): JSX.Element {
  return (
    <label class="check" for={props.id}>
      <input id={props.id} type="checkbox" checked={props.value() === true} aria-invalid={props.invalid()} aria-describedby={props.described()}
        onChange={(e) => props.set(e.currentTarget.checked)} />
      <span><FieldTitle def={props.def} /></span>
    </label>
  );
}
