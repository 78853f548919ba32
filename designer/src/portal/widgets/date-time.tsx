/**
 * `format: "date-time"`: edited on the county's clock (datetime-local has no zone; the
 * browser's own zone is not used, ../../county-time.ts), kept as an ISO instant in UTC.
 */
import { Show, type JSX } from 'solid-js';
import { fromCountyInput, toCountyInput } from '../../county-time.ts';
import { placeholderOf } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

export function DateTimeWidget(props: WidgetProps): JSX.Element {
  const placeholder = () => placeholderOf(props.def.schema);
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <input id={props.id} type="datetime-local" value={toCountyInput(props.value() as string | undefined)} aria-invalid={props.invalid()}
        aria-describedby={props.described()} aria-required={props.def.required}
        onInput={(e) => props.set(fromCountyInput(e.currentTarget.value) ?? undefined)} />
      <Show when={placeholder()}><p class="hint">{placeholder()}</p></Show>
    </>
  );
}
