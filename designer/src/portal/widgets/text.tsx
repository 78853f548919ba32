/** A one-line string. */
import type { JSX } from 'solid-js';
import { placeholderOf } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import { textOrUndefined, type WidgetProps } from './widget-props.ts';

export function TextWidget(props: WidgetProps): JSX.Element {
  const s = props.def.schema;
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <input id={props.id} type="text" value={(props.value() as string) ?? ''} placeholder={placeholderOf(s)} maxLength={s.maxLength}
        aria-invalid={props.invalid()} aria-describedby={props.described()} aria-required={props.def.required}
        onInput={(e) => props.set(textOrUndefined(e.currentTarget.value))} />
    </>
  );
}
