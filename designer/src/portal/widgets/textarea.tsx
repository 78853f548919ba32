/** `x-ui.widget: "textarea"` or `"richtext"` (a taller box; the text stays plain). */
import type { JSX } from 'solid-js';
import { placeholderOf, xui } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import { textOrUndefined, type WidgetProps } from './widget-props.ts';

export function TextareaWidget(props: WidgetProps): JSX.Element {
  const s = props.def.schema;
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <textarea id={props.id} value={(props.value() as string) ?? ''} placeholder={placeholderOf(s)} rows={xui(s).widget === 'richtext' ? 8 : 4}
        aria-invalid={props.invalid()} aria-describedby={props.described()} aria-required={props.def.required}
        onInput={(e) => props.set(textOrUndefined(e.currentTarget.value))} />
    </>
  );
}
