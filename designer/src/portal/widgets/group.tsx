/** An `object` field: its own fields in a fieldset. */
import type { JSX } from 'solid-js';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

export function GroupWidget(props: WidgetProps): JSX.Element {
  return (
    <fieldset>
      <legend><FieldTitle def={props.def} /></legend>
      {props.ctx.fields(props.def.schema, props.path)}
    </fieldset>
  );
}
