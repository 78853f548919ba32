/** An array of free strings, typed in one input and split on commas, 、 and spaces. */
import type { JSX } from 'solid-js';
import { lang, t } from '../../i18n.ts';
import { placeholderOf } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import { splitList, type WidgetProps } from './widget-props.ts';

export function TagsWidget(props: WidgetProps): JSX.Element {
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <input id={props.id} type="text" value={((props.value() as string[] | undefined) ?? []).join(lang() === 'zh' ? '，' : ', ')} placeholder={placeholderOf(props.def.schema) ?? t('tagsHint')}
        aria-invalid={props.invalid()} aria-describedby={props.described()} onChange={(e) => props.set(splitList(e.currentTarget.value))} />
      <p class="hint">{t('tagsHint')}</p>
    </>
  );
}
