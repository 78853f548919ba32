/**
 * People and units by name, for the pickers and for displays: searches go to GET
 * /api/directory (the server decides what each role may find: deputies see the narrow
 * deputies' directory, unit users their own unit's users, the office everything), and ids
 * become names through GET /api/directory/names, cached per session so a page of rows asks
 * once for all of them. The page shows names; forms still store ids.
 */
import { api } from '../api.ts';
import type { DirectoryEntry, DirectoryKind, NameEntry } from '../api-types.ts';
import { lang } from '../i18n.ts';
import { me } from '../session.ts';

export type { DirectoryKind } from '../api-types.ts';

export interface Choice {
  id: string;
  name: string;
  nameEn?: string | null;
  /** What tells two 张伟 apart: 代表团 · 代表小组 for a deputy, the unit of a user. */
  note?: string | null;
}

/** The name in the reader's language (units may have an English name). */
export const choiceName = (c: Choice): string => (lang() === 'en' && c.nameEn ? c.nameEn : c.name);

function toChoice(kind: DirectoryKind, e: DirectoryEntry): Choice {
  if (kind === 'deputy') return { id: e.id, name: e.name, note: [e.delegation, e.group].filter(Boolean).join(' · ') || null };
  if (kind === 'user') return { id: e.id, name: e.name, note: (lang() === 'en' && e.unitNameEn ? e.unitNameEn : e.unitName) ?? null };
  return { id: e.id, name: e.name, nameEn: e.nameEn ?? null };
}

/** Entries matching `q` (part of a name or pinyin); the server answers 403 for a kind the caller may not search. */
export async function searchChoices(kind: DirectoryKind, q: string, limit = 20): Promise<Choice[]> {
  const params = new URLSearchParams({ kind, limit: String(limit) });
  if (q.trim() !== '') params.set('q', q.trim());
  const r = await api<{ entries: DirectoryEntry[] }>('GET', `/directory?${params}`);
  const choices = r.entries.map((e) => toChoice(kind, e));
  for (const c of choices) remember(kind, c);
  return choices;
}

/** Names known this session, by `${kind}:${id}`; null = the county has no such id. */
const known = new Map<string, Choice | null>();
const keyOf = (kind: DirectoryKind, id: string) => `${me()?.id ?? ''}:${kind}:${id}`;

/** Keeps a choice's name (a picked entry, the caller themself) so displays need not ask for it. */
export function remember(kind: DirectoryKind, c: Choice): void {
  known.set(keyOf(kind, c.id), c);
}

/** The server's limit of ids per names request. */
const IDS_PER_REQUEST = 200;

/**
 * Names for `ids` of one kind, asking the server only for those not known yet (one request per
 * 200). An id the county does not have maps to null; a failed request leaves its ids out.
 */
export async function namesOf(kind: DirectoryKind, ids: readonly string[]): Promise<Map<string, Choice | null>> {
  const missing = [...new Set(ids)].filter((id) => id !== '' && !known.has(keyOf(kind, id)));
  for (let i = 0; i < missing.length; i += IDS_PER_REQUEST) {
    const part = missing.slice(i, i + IDS_PER_REQUEST);
    try {
      const r = await api<{ names: NameEntry[]; notFound: string[] }>('GET', `/directory/names?${new URLSearchParams({ kind, ids: part.join(',') })}`);
      for (const n of r.names) known.set(keyOf(kind, n.id), { id: n.id, name: n.name, nameEn: n.nameEn });
      for (const id of r.notFound) known.set(keyOf(kind, id), null);
    } catch {
      // Left unknown: the display shows its placeholder and asks again next time.
    }
  }
  return new Map(ids.map((id) => [id, known.get(keyOf(kind, id)) ?? null]));
}

/** The caller as a choice, when they can be one of `kind` (a deputy for a deputy picker). */
export function selfChoice(kind: DirectoryKind): Choice | null {
  const user = me();
  if (!user) return null;
  if (kind === 'user' || (kind === 'deputy' && user.roles.includes('deputy'))) return { id: user.id, name: user.displayName };
  return null;
}

const unitLists = new Map<string, Promise<Choice[] | null>>();

/**
 * Every active unit of the county (GET /api/units?active=1), for the designer's unit settings
 * and simulation, where an admin chooses from the whole short list; null if it cannot be read.
 */
export function loadChoices(kind: 'unit'): Promise<Choice[] | null> {
  const key = `${me()?.id ?? ''}:${kind}`;
  let p = unitLists.get(key);
  if (!p) {
    p = api<{ units: Array<{ id: string; name: string; nameEn: string | null }> }>('GET', '/units?active=1')
      .then((r) => r.units.map((u): Choice => ({ id: u.id, name: u.name, nameEn: u.nameEn })))
      .catch(() => null);
    unitLists.set(key, p);
  }
  return p;
}
