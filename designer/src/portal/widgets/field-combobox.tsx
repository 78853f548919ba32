/**
 * A form field that is a searchable combobox (the directory pickers, the suggestion picker and
 * the suggestion list): its label, the combobox with the field's validity and description, and
 * the hint under it. Each widget gives only what differs — what to search, what is chosen, what
 * choosing does, and its placeholder and hint.
 */
import type { JSX } from 'solid-js';
import { label, t, withColon } from '../../i18n.ts';
import { Combobox, type ComboOption } from '../../ui/combobox.tsx';
import { apiErrorText } from '../submission.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

export interface FieldComboboxProps {
  field: WidgetProps;
  multiple: boolean;
  selected: ComboOption[];
  search: (q: string) => Promise<ComboOption[]>;
  onSelect: (option: ComboOption) => void;
  onRemove: (id: string) => void;
  placeholder: string;
  hint: string;
}

export function FieldCombobox(props: FieldComboboxProps): JSX.Element {
  const f = props.field;
  const title = () => label(f.def.schema);
  return (
    <>
      <label for={f.id}><FieldTitle def={f.def} /></label>
      <Combobox
        id={f.id}
        multiple={props.multiple}
        selected={props.selected}
        search={props.search}
        onSelect={props.onSelect}
        onRemove={props.onRemove}
        invalid={f.invalid()}
        required={f.def.required}
        describedBy={[`${f.id}-hint`, f.described()].filter(Boolean).join(' ')}
        errorText={apiErrorText}
        texts={{
          placeholder: props.placeholder,
          loading: t('loading'),
          noMatches: t('noMatches'),
          results: (n) => t('matchCount').replace('{n}', String(n)),
          remove: (name) => `${t('remove')} ${name}`,
          chosen: `${withColon(t('chosenEntries'))}${title()}`,
          list: title(),
        }}
      />
      <p class="hint" id={`${f.id}-hint`}>{props.hint}</p>
    </>
  );
}
