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
import type { RegisterView } from '../../api-types.ts';
import { lang, t, withColon, label } from '../../i18n.ts';
import { Combobox, type ComboOption } from '../../ui/combobox.tsx';
import { apiErrorText } from '../submission.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

/** The states of a suggestion that accept a merged one (definitions/suggestion: MERGED_IN). */
const MERGEABLE_STATES = ['registered', 'assignmentProposed'];

/** The register's rows as options: "number title", the lead deputy as the note. */
function optionsOf(view: RegisterView): ComboOption[] {
  const at = (key: string) => view.columns.findIndex((c) => c.key === key);
  const [no, title, lead] = [at('serialNo'), at('title'), at('leadDeputy')];
  return view.rows.map((r) => ({
    id: r.id,
    label: [r.cells[no], r.cells[title]].filter((x) => x !== undefined && x !== '').join(' '),
    note: r.cells[lead] ?? null,
  }));
}

async function searchSuggestions(q: string): Promise<ComboOption[]> {
  const found = await Promise.all(
    MERGEABLE_STATES.map((state) => {
      const params = new URLSearchParams({ definition: 'suggestion', state, limit: '20', lang: lang() });
      if (q.trim() !== '') params.set('q', q.trim());
      return api<RegisterView>('GET', `/register?${params}`).then(optionsOf);
    }),
  );
  return found.flat();
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
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <Combobox
        id={props.id}
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
        invalid={props.invalid()}
        required={props.def.required}
        describedBy={[`${props.id}-hint`, props.described()].filter(Boolean).join(' ')}
        errorText={apiErrorText}
        texts={{
          placeholder: t('pick_suggestion'),
          loading: t('loading'),
          noMatches: t('noMatches'),
          results: (n) => t('matchCount').replace('{n}', String(n)),
          remove: (name) => `${t('remove')} ${name}`,
          chosen: `${withColon(t('chosenEntries'))}${label(props.def.schema)}`,
          list: label(props.def.schema),
        }}
      />
      <p class="hint" id={`${props.id}-hint`}>{t('pickSuggestionHint')}</p>
    </>
  );
}
