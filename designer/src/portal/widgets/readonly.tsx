/** `x-ui.widget: "readonly"` or `readOnly: true`: the value as text (never sent back). */
import type { JSX } from 'solid-js';
import { label } from '../../i18n.ts';
import { placeholderOf } from '../form-model.ts';
import type { WidgetProps } from './widget-props.ts';

export function ReadonlyWidget(props: WidgetProps): JSX.Element {
  const s = props.def.schema;
  return (
    <div class="readonly">
      <span class="ro-label">{label(s)}</span>
      <span>{props.value() === undefined ? placeholderOf(s) ?? '—' : String(props.value())}</span>
    </div>
  );
}
