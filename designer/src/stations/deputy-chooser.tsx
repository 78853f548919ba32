/** A searchable choice of deputies (or one user) over the county's directory, by name. */
import { type JSX } from 'solid-js';
import { t } from '../i18n.ts';
import { choiceName, searchChoices, type DirectoryKind } from '../portal/choices.ts';
import { apiErrorText } from '../portal/submission.ts';
import { Combobox, type ComboOption } from '../ui/combobox.tsx';
import { sw } from './words.ts';

export function PeopleChooser(props: { id: string; kind: DirectoryKind; multiple: boolean; label: string; selected: ComboOption[]; onChange: (next: ComboOption[]) => void }): JSX.Element {
  return (
    <div class="admin-field">
      <label for={props.id}>{props.label}</label>
      <Combobox
        id={props.id}
        multiple={props.multiple}
        selected={props.selected}
        search={async (q) => (await searchChoices(props.kind, q)).map((c) => ({ id: c.id, label: choiceName(c), note: c.note ?? null }))}
        onSelect={(o) => props.onChange(props.multiple ? [...props.selected.filter((s) => s.id !== o.id), o] : [o])}
        onRemove={(id) => props.onChange(props.selected.filter((s) => s.id !== id))}
        errorText={apiErrorText}
        texts={{
          placeholder: props.kind === 'deputy' ? sw('pickDeputy') : sw('pickUser'),
          loading: t('loading'),
          noMatches: t('noMatches'),
          results: (n) => t('matchCount').replace('{n}', String(n)),
          remove: (name) => `${t('remove')} ${name}`,
          chosen: props.label,
          list: props.label,
        }}
      />
    </div>
  );
}
