/** `format: "date"` (YYYY-MM-DD, as the input gives it); the placeholder shows as a hint. */
import { Show, type JSX } from 'solid-js';
import { placeholderOf } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import { textOrUndefined, type WidgetProps } from './widget-props.ts';

export function DateWidget(props: WidgetProps): JSX.Element {
  const placeholder = () => placeholderOf(props.def.schema);
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <input id={props.id} type="date" value={(props.value() as string) ?? ''} aria-invalid={props.invalid()} aria-describedby={props.described()}
        aria-required={props.def.required} onInput={(e) => props.set(textOrUndefined(e.currentTarget.value))} />
      <Show when={placeholder()}><p class="hint">{placeholder()}</p></Show>
    </>
  );
}
