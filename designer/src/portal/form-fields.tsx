/**
 * The fields of an object schema, in `x-ui.order`, each shown while its `showIf` holds: a
 * wrapper with the field's kind and pointer, the widget the registry picks, and the errors
 * pinned to that pointer (each names its field: 请填写「不满意原因」). A field an if/then
 * makes required gets its * as soon as the condition holds.
 */
import { For, Show, type JSX } from 'solid-js';
import type { FieldError } from '../api-types.ts';
import { errorText } from '../i18n.ts';
import { fieldKind, getIn, orderedFields, pointerOf, requiredNow, visible, type FieldDef, type Path, type Schema } from './form-model.ts';
import { idOf, widgetFor, type FormContext } from './widgets/index.ts';

export function Fields(props: { schema: Schema; path: Path; ctx: FormContext }): JSX.Element {
  const required = () => requiredNow(props.schema, getIn(props.ctx.data, props.path));
  return (
    <For each={orderedFields(props.schema)}>
      {(def) => (
        <Show when={visible(def.schema, props.ctx.data)}>
          <Field def={{ ...def, required: required().has(def.name) }} path={[...props.path, def.name]} ctx={props.ctx} />
        </Show>
      )}
    </For>
  );
}

function FieldErrors(props: { id: string; errors: FieldError[] }): JSX.Element {
  return (
    <Show when={props.errors.length > 0}>
      <p class="field-error" id={`${props.id}-err`}>
        <For each={props.errors}>{(e) => <span>{errorText(e)} </span>}</For>
      </p>
    </Show>
  );
}

function Field(props: { def: FieldDef; path: Path; ctx: FormContext }): JSX.Element {
  // A field's schema and path do not change while it is shown, so its kind and widget are
  // read once (a <For> row is re-created, not updated, when the list of fields changes).
  const kind = fieldKind(props.def.schema);
  const Widget = widgetFor(kind, props.def.schema);
  const id = idOf(props.path);
  const pointer = pointerOf(props.path);
  const errors = () => props.ctx.errorsAt(pointer);
  const invalid = () => errors().length > 0;
  return (
    <div class={`field field-${kind}`} data-pointer={pointer}>
      <Widget def={props.def} kind={kind} path={props.path} ctx={props.ctx} id={id}
        value={() => getIn(props.ctx.data, props.path)} set={(v) => props.ctx.set(props.path, v)}
        invalid={invalid} described={() => (invalid() ? `${id}-err` : undefined)} />
      <FieldErrors id={id} errors={errors()} />
    </div>
  );
}
