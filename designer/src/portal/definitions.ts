/**
 * Process definitions by id for pages that only read their words (state and outcome titles):
 * the instance page (its process and its children's) and the inbox (the processes of its rows).
 * A definition that cannot be read is left out, and the page shows what it can without it.
 */
import { api } from '../api.ts';
import type { DefinitionDetail, ProcessPackage } from '../api-types.ts';

/** The definitions of `ids` (current versions), by id; unreadable ones left out. */
export async function loadDefinitions(ids: Iterable<string>): Promise<Record<string, ProcessPackage>> {
  const out: Record<string, ProcessPackage> = {};
  for (const id of new Set(ids)) {
    if (id === '') continue;
    const d = await api<DefinitionDetail>('GET', `/definitions/${encodeURIComponent(id)}`).catch(() => undefined);
    if (d) out[id] = d.definition;
  }
  return out;
}
