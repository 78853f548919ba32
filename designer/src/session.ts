/** Who is logged in: loaded from GET /api/me with the stored token. */
import { createSignal } from 'solid-js';
import { api, tokenStore } from './api.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitId: string | null;
  county: { id: string; code: string; name: string; nameEn: string | null };
}

const [me, setMe] = createSignal<Me | null | undefined>(undefined);
export { me };

export async function loadMe(): Promise<void> {
  if (!tokenStore.get()) return void setMe(null);
  try {
    setMe(await api<Me>('GET', '/me'));
  } catch {
    setMe(null);
  }
}

export async function login(username: string, password: string, county?: string): Promise<void> {
  const r = await api<{ token: string }>('POST', '/auth/login', { username, password, ...(county ? { county } : {}) });
  tokenStore.set(r.token);
  await loadMe();
}

export function logout(): void {
  tokenStore.set(null);
  setMe(null);
}

export const hasRole = (...roles: string[]): boolean => roles.some((r) => me()?.roles.includes(r) ?? false);
