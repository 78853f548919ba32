/**
 * One of many options as a select. Option values are indexes into the options, since a
 * `const` may be a number or a boolean that an option's string value would lose.
 */
import { For, type JSX } from 'solid-js';
import { label, t } from '../../i18n.ts';
import { enumOptions } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

export function SelectWidget(props: WidgetProps): JSX.Element {
  const options = enumOptions(props.def.schema) ?? [];
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <select id={props.id} aria-invalid={props.invalid()} aria-describedby={props.described()} aria-required={props.def.required}
        onChange={(e) => {
          const i = Number(e.currentTarget.value);
          props.set(Number.isInteger(i) && e.currentTarget.value !== '' ? options[i]?.value : undefined);
        }}>
        <option value="" selected={props.value() === undefined}>{t('choose')}</option>
        <For each={options}>{(o, i) => <option value={String(i())} selected={props.value() === o.value}>{label(o.schema)}</option>}</For>
      </select>
    </>
  );
}
