/**
 * `x-ui.widget: "deputy-picker" | "unit-picker" | "user-picker"`, for one id or (an array
 * field) several: a searchable combobox over the county's directory (choices.ts): type part of
 * a name or its pinyin initials ("zs" finds 张三) and choose; chosen entries show as chips by
 * name. The form still stores ids, which the server checks (form-references.ts); the page
 * shows names only, also for values filled in before (a re-handled answer, the caller
 * themself as lead deputy).
 */
import { createResource, onMount, type JSX } from 'solid-js';
import { t } from '../../i18n.ts';
import type { ComboOption } from '../../ui/combobox.tsx';
import { choiceName, namesOf, remember, searchChoices, selfChoice, type Choice, type DirectoryKind } from '../choices.ts';
import { PICKERS, SUGGESTION_PICKER, xui } from '../form-model.ts';
import { FieldCombobox } from './field-combobox.tsx';
import { SuggestionPicker } from './suggestion-picker.tsx';
import { TextWidget } from './text.tsx';
import type { WidgetProps } from './widget-props.ts';

const toOption = (c: Choice): ComboOption => ({ id: c.id, label: choiceName(c), note: c.note ?? null });

export function PickerWidget(props: WidgetProps): JSX.Element {
  if (xui(props.def.schema).widget === SUGGESTION_PICKER) return <SuggestionPicker {...props} />;
  const kind = PICKERS[xui(props.def.schema).widget ?? ''];
  // fieldKind (form-model.ts) makes a picker only of the three directory widgets.
  if (kind === undefined || kind === 'text') return <TextWidget {...props} />;
  return <DirectoryPicker {...props} directory={kind} />;
}

function DirectoryPicker(props: WidgetProps & { directory: DirectoryKind }): JSX.Element {
  const multiple = props.kind === 'multi-picker';
  /** The entries of the latest search, to remember the one chosen with all its fields. */
  let lastFound = new Map<string, Choice>();
  const ids = (): string[] => {
    const v = props.value();
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    return typeof v === 'string' && v !== '' ? [v] : [];
  };
  // The names of the chosen ids (from the session's cache, else one request for all of them).
  const [names] = createResource(() => ids().join('\n'), async () => namesOf(props.directory, ids()));
  const selected = (): ComboOption[] =>
    ids().map((id) => {
      const c = names()?.get(id);
      return c ? toOption(c) : { id, label: names.loading ? t('loading') : t('unknownEntry') };
    });

  // A deputy starting a suggestion is its lead deputy: a required single deputy field starts as themself.
  onMount(() => {
    const self = selfChoice(props.directory);
    if (props.directory === 'deputy' && !multiple && props.def.required && ids().length === 0 && self) {
      remember(props.directory, self);
      props.set(self.id);
    }
  });

  return (
    <FieldCombobox
      field={props}
      multiple={multiple}
      selected={selected()}
      search={async (q) => {
        const found = await searchChoices(props.directory, q);
        lastFound = new Map(found.map((c) => [c.id, c]));
        return found.map(toOption);
      }}
      onSelect={(o) => {
        remember(props.directory, lastFound.get(o.id) ?? { id: o.id, name: o.label, note: o.note ?? null });
        props.set(multiple ? [...ids().filter((x) => x !== o.id), o.id] : o.id);
      }}
      onRemove={(id) => props.set(multiple ? ids().filter((x) => x !== id) : undefined)}
      placeholder={t(`pick_${props.directory}`)}
      hint={multiple ? t('pickManyHint') : ids().length > 0 ? t('pickChangeHint') : t('pickOneHint')}
    />
  );
}
