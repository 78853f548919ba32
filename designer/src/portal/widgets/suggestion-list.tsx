/**
 * `x-ui.widget: "suggestion-list"`: the suggestions a 重点督办 theme bundles, chosen by number
 * and title. Typing searches the county's register of suggestions (GET /api/register, serial
 * number or title words); each chosen one is stored as a row {instanceId, serialNo, title} and
 * shows as a chip "编号《标题》" — never its id. The server checks every row names a running
 * suggestion of the county under its own title (runtime/store/reference-check.ts).
 */
import type { JSX } from 'solid-js';
import { api } from '../../api.ts';
import type { RegisterView } from '../../api-types.ts';
import { label, lang, t, withColon } from '../../i18n.ts';
import { Combobox, type ComboOption } from '../../ui/combobox.tsx';
import { apiErrorText } from '../submission.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

interface SuggestionRow {
  instanceId: string;
  serialNo: string | null;
  title: string;
}

const rowLabel = (r: SuggestionRow): string => (r.serialNo ? `${r.serialNo} ` : '') + (lang() === 'zh' ? `《${r.title}》` : `“${r.title}”`);

/** Rows of the register page: its columns say which cell is which. */
function rowsOf(view: RegisterView): Array<SuggestionRow & { state: string }> {
  const at = (key: string) => view.columns.findIndex((c) => c.key === key);
  const [serial, title, state] = [at('serialNo'), at('title'), at('state')];
  return view.rows.map((r) => ({
    instanceId: r.id,
    serialNo: serial >= 0 ? r.cells[serial] || null : null,
    title: title >= 0 ? r.cells[title] ?? '' : '',
    state: state >= 0 ? r.cells[state] ?? '' : '',
  }));
}

export function SuggestionListWidget(props: WidgetProps): JSX.Element {
  let lastFound = new Map<string, SuggestionRow>();
  const rows = (): SuggestionRow[] => {
    const v = props.value();
    return Array.isArray(v) ? v.filter((x): x is SuggestionRow => x !== null && typeof x === 'object' && typeof (x as SuggestionRow).instanceId === 'string') : [];
  };
  const title = () => label(props.def.schema);
  return (
    <>
      <label for={props.id}><FieldTitle def={props.def} /></label>
      <Combobox
        id={props.id}
        multiple={true}
        selected={rows().map((r): ComboOption => ({ id: r.instanceId, label: rowLabel(r) }))}
        search={async (q) => {
          const params = new URLSearchParams({ definition: 'suggestion', limit: '20', lang: lang() });
          if (q.trim() !== '') params.set('q', q.trim());
          const found = rowsOf(await api<RegisterView>('GET', `/register?${params}`));
          lastFound = new Map(found.map((r) => [r.instanceId, { instanceId: r.instanceId, serialNo: r.serialNo, title: r.title }]));
          return found.map((r) => ({ id: r.instanceId, label: rowLabel(r), note: r.state }));
        }}
        onSelect={(o) => {
          const row = lastFound.get(o.id);
          if (row) props.set([...rows().filter((x) => x.instanceId !== o.id), row]);
        }}
        onRemove={(id) => props.set(rows().filter((x) => x.instanceId !== id))}
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
          chosen: `${withColon(t('chosenEntries'))}${title()}`,
          list: title(),
        }}
      />
      <p class="hint" id={`${props.id}-hint`}>{t('pickSuggestionsHint')}</p>
    </>
  );
}
