/** A field's label text: its title in the current language, and a star when it is required. */
import { Show, type JSX } from 'solid-js';
import { label } from '../../i18n.ts';
import type { FieldDef } from '../form-model.ts';

export function FieldTitle(props: { def: FieldDef }): JSX.Element {
  return (
    <>
      {label(props.def.schema)}
      <Show when={props.def.required}>
        <span class="req"> *</span>
      </Show>
    </>
  );
}
