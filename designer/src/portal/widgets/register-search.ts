/**
 * Suggestions found in the register (GET /api/register: the office's view; its `q` finds the
 * number, the title and the lead deputy), read by the register's own column keys — for the
 * widgets that pick suggestions by number and title (suggestion-picker.tsx, suggestion-list.tsx).
 */
import { api } from '../../api.ts';
import type { RegisterView } from '../../api-types.ts';
import { lang } from '../../i18n.ts';

export interface RegisterHit {
  instanceId: string;
  serialNo: string | null;
  title: string;
  /** The state in words. */
  state: string;
  leadDeputy: string | null;
}

export async function searchRegister(q: string, state?: string): Promise<RegisterHit[]> {
  const params = new URLSearchParams({ definition: 'suggestion', limit: '20', lang: lang() });
  if (state !== undefined) params.set('state', state);
  if (q.trim() !== '') params.set('q', q.trim());
  const view = await api<RegisterView>('GET', `/register?${params}`);
  const at = (key: string) => view.columns.findIndex((c) => c.key === key);
  const cell = (cells: string[], i: number): string | null => (i >= 0 && cells[i] !== undefined && cells[i] !== '' ? cells[i] : null);
  const [serial, title, st, lead] = [at('serialNo'), at('title'), at('state'), at('leadDeputy')];
  return view.rows.map((r) => ({
    instanceId: r.id,
    serialNo: cell(r.cells, serial),
    title: cell(r.cells, title) ?? '',
    state: cell(r.cells, st) ?? '',
    leadDeputy: cell(r.cells, lead),
  }));
}
