/**
 * `x-ui.widget: "suggestion-picker"`: another suggestion chosen by its number and title (并案:
 * the main suggestion a duplicate is merged into). It searches the register (GET /api/register,
 * the office's view, its `q` finds the number, the title and the lead deputy) among the
 * suggestions that can take a merge — registered and not yet assigned (已登记, 拟办待审定) —
 * and shows "十八届一次-0001 关于……的建议" with the lead deputy beside it; the form stores the
 * case's id, which the person never sees. The server refuses a case that cannot take it.
 */
import { createResource, createSignal, type JSX } from 'solid-js';
import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import type { ComboOption } from '../../ui/combobox.tsx';
import { FieldCombobox } from './field-combobox.tsx';
import { searchRegister } from './register-search.ts';
import type { WidgetProps } from './widget-props.ts';

/** The states of a suggestion that accept a merged one (definitions/suggestion: MERGED_IN). */
const MERGEABLE_STATES = ['registered', 'assignmentProposed'];

/** "number title", the lead deputy as the note. */
async function searchSuggestions(q: string): Promise<ComboOption[]> {
  const found = await Promise.all(MERGEABLE_STATES.map((state) => searchRegister(q, state)));
  return found.flat().map((r) => ({ id: r.instanceId, label: [r.serialNo, r.title].filter(Boolean).join(' '), note: r.leadDeputy }));
}

export function SuggestionPicker(props: WidgetProps): JSX.Element {
  const [chosen, setChosen] = createSignal<ComboOption | null>(null);
  const id = (): string | null => {
    const v = props.value();
    return typeof v === 'string' && v !== '' ? v : null;
  };
  // A value filled in before (a draft) without its words: the case's number and title.
  const [named] = createResource(
    () => (id() !== null && chosen()?.id !== id() ? id() : null),
    async (caseId) => {
      const v = await api<{ title: string; context: { serialNo?: string | null } }>('GET', `/instances/${encodeURIComponent(caseId)}`);
      return { id: caseId, label: [v.context.serialNo, v.title].filter(Boolean).join(' ') } as ComboOption;
    },
  );
  const selected = (): ComboOption[] => {
    const current = id();
    if (current === null) return [];
    const c = chosen();
    if (c?.id === current) return [c];
    return [named() ?? { id: current, label: named.loading ? t('loading') : t('unknownEntry') }];
  };
  return (
    <FieldCombobox
      field={props}
      multiple={false}
      selected={selected()}
      search={searchSuggestions}
      onSelect={(o) => {
        setChosen(o);
        props.set(o.id);
      }}
      onRemove={() => {
        setChosen(null);
        props.set(undefined);
      }}
      placeholder={t('pick_suggestion')}
      hint={t('pickSuggestionHint')}
    />
  );
}
