/**
 * `x-ui.widget: "suggestion-list"`: the suggestions a 重点督办 theme bundles, chosen by number
 * and title. Typing searches the county's register of suggestions (GET /api/register, serial
 * number or title words); each chosen one is stored as a row {instanceId, serialNo, title} and
 * shows as a chip "编号《标题》" — never its id. The server checks every row names a running
 * suggestion of the county under its own title (runtime/store/reference-check.ts).
 */
import type { JSX } from 'solid-js';
import { lang, t } from '../../i18n.ts';
import type { ComboOption } from '../../ui/combobox.tsx';
import { FieldCombobox } from './field-combobox.tsx';
import { searchRegister } from './register-search.ts';
import type { WidgetProps } from './widget-props.ts';

interface SuggestionRow {
  instanceId: string;
  serialNo: string | null;
  title: string;
}

const rowLabel = (r: SuggestionRow): string => (r.serialNo ? `${r.serialNo} ` : '') + (lang() === 'zh' ? `《${r.title}》` : `“${r.title}”`);

export function SuggestionListWidget(props: WidgetProps): JSX.Element {
  let lastFound = new Map<string, SuggestionRow>();
  const rows = (): SuggestionRow[] => {
    const v = props.value();
    return Array.isArray(v) ? v.filter((x): x is SuggestionRow => x !== null && typeof x === 'object' && typeof (x as SuggestionRow).instanceId === 'string') : [];
  };
  return (
    <FieldCombobox
      field={props}
      multiple={true}
      selected={rows().map((r): ComboOption => ({ id: r.instanceId, label: rowLabel(r) }))}
      search={async (q) => {
        const found = await searchRegister(q);
        lastFound = new Map(found.map((r) => [r.instanceId, { instanceId: r.instanceId, serialNo: r.serialNo, title: r.title }]));
        return found.map((r) => ({ id: r.instanceId, label: rowLabel(r), note: r.state }));
      }}
      onSelect={(o) => {
        const row = lastFound.get(o.id);
        if (row) props.set([...rows().filter((x) => x.instanceId !== o.id), row]);
      }}
      onRemove={(id) => props.set(rows().filter((x) => x.instanceId !== id))}
      placeholder={t('pick_suggestion')}
      hint={t('pickSuggestionsHint')}
    />
  );
}
