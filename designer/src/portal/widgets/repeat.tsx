/** An array of objects: one fieldset per row with a remove button, and an add button. */
import { Index, type JSX } from 'solid-js';
import { label, t, withColon } from '../../i18n.ts';
import { getIn, initialData, type Schema } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

export function RepeatWidget(props: WidgetProps): JSX.Element {
  const items = (props.def.schema.items ?? {}) as Schema;
  const rows = () => (getIn(props.ctx.data, props.path) as unknown[] | undefined) ?? [];
  const add = () => props.ctx.set(props.path, [...rows(), initialData(items)]);
  const remove = (i: number) => props.ctx.set(props.path, rows().filter((_, j) => j !== i));
  const legendId = `${props.id}-legend`;
  // The sr-only text names the list in the buttons, so "删除" is "删除 承诺事项 第2项" to a screen reader.
  return (
    <fieldset class="repeat" aria-invalid={props.invalid()} aria-describedby={props.described()}>
      <legend id={legendId}><FieldTitle def={props.def} /></legend>
      <Index each={rows()}>
        {(_, i) => (
          <fieldset class="repeat-row">
            <legend>{t('itemN').replace('{n}', String(i + 1))}</legend>
            {props.ctx.fields(items, [...props.path, i])}
            <button type="button" class="secondary" onClick={() => remove(i)}>
              {t('removeItem')}
              <span class="sr-only">{` ${label(props.def.schema)} ${t('itemN').replace('{n}', String(i + 1))}`}</span>
            </button>
          </fieldset>
        )}
      </Index>
      <button type="button" class="secondary" onClick={add} aria-describedby={legendId}>
        {t('addItem')}
        <span class="sr-only">{withColon('')}{label(props.def.schema)}</span>
      </button>
    </fieldset>
  );
}
