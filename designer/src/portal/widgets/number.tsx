/** `number` and `integer` (whole steps and a numeric keypad on phones). */
import type { JSX } from 'solid-js';
import { placeholderOf } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

export function NumberWidget(props: WidgetProps): JSX.Element {
  const s = props.def.schema;
  const integer = props.kind === 'integer';
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <input id={props.id} type="number" inputmode={integer ? 'numeric' : 'decimal'} step={integer ? 1 : 'any'}
        min={s.minimum} max={s.maximum} value={props.value() === undefined ? '' : String(props.value())} placeholder={placeholderOf(s)}
        aria-invalid={props.invalid()} aria-describedby={props.described()} aria-required={props.def.required}
        onInput={(e) => props.set(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))} />
    </>
  );
}
