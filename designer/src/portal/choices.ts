/**
 * Choices for the deputy, unit and user pickers, loaded once per session from the API:
 * units from GET /api/units (everyone may read them); deputies from GET /api/deputies and
 * users from GET /api/users only for the roles the server lets read them (staff/admin and
 * admin). Everyone else gets a text input of ids, offered their own id.
 */
import { api } from '../api.ts';
import type { DeputyView, Unit, UserView } from '../api-types.ts';
import { hasRole, me } from '../session.ts';
import type { PickerKind } from './form-model.ts';

export interface Choice {
  id: string;
  name: string;
  nameEn?: string | null;
  note?: string | null;
}

const loaded = new Map<string, Promise<Choice[] | null>>();

/** The picker's choices, or null when the caller may not list them (fall back to ids). */
export function loadChoices(kind: PickerKind): Promise<Choice[] | null> {
  const key = `${me()?.id ?? ''}:${kind}`;
  let p = loaded.get(key);
  if (!p) {
    p = fetchChoices(kind).catch(() => null);
    loaded.set(key, p);
  }
  return p;
}

async function fetchChoices(kind: PickerKind): Promise<Choice[] | null> {
  if (kind === 'unit') {
    const r = await api<{ units: Unit[] }>('GET', '/units?active=1');
    return r.units.map((u) => ({ id: u.id, name: u.name, nameEn: u.nameEn }));
  }
  if (kind === 'deputy') {
    if (!hasRole('staff', 'admin')) return null;
    const r = await api<{ deputies: DeputyView[] }>('GET', '/deputies?active=1');
    return r.deputies.map((d) => ({ id: d.userId, name: d.name, note: d.delegation }));
  }
  if (kind === 'user') {
    if (!hasRole('admin')) return null;
    const r = await api<{ users: UserView[] }>('GET', '/users');
    return r.users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.displayName, note: u.username }));
  }
  return null;
}

/** Ids the fallback text input suggests: the caller themself, when they can be one. */
export function selfChoice(kind: PickerKind): Choice | null {
  const user = me();
  if (!user) return null;
  if (kind === 'user' || (kind === 'deputy' && user.roles.includes('deputy'))) return { id: user.id, name: user.displayName };
  return null;
}
