/**
 * `format: "date-time"`: edited in the browser's local time (datetime-local has no zone),
 * kept as an ISO instant in UTC.
 */
import { Show, type JSX } from 'solid-js';
import { xui } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function DateTimeWidget(props: WidgetProps): JSX.Element {
  const placeholder = () => xui(props.def.schema).placeholder;
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <input id={props.id} type="datetime-local" value={toLocalInput(props.value() as string | undefined)} aria-invalid={props.invalid()}
        aria-describedby={props.described()} aria-required={props.def.required}
        onInput={(e) => props.set(e.currentTarget.value === '' ? undefined : new Date(e.currentTarget.value).toISOString())} />
      <Show when={placeholder()}><p class="hint">{placeholder()}</p></Show>
    </>
  );
}
