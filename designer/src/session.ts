/** Who is logged in: loaded from GET /api/me with the stored token. */
import { createSignal } from 'solid-js';
import { api, tokenStore } from './api.ts';
import type { MeView } from './api-types.ts';

const [me, setMe] = createSignal<MeView | null | undefined>(undefined);
export { me };

export async function loadMe(): Promise<void> {
  if (!tokenStore.get()) return void setMe(null);
  try {
    setMe(await api<MeView>('GET', '/me'));
  } catch {
    setMe(null);
  }
}

export async function login(username: string, password: string, county?: string): Promise<void> {
  const r = await api<{ token: string }>('POST', '/auth/login', { username, password, ...(county ? { county } : {}) });
  tokenStore.set(r.token);
  await loadMe();
}

/** Ends the token on the server (POST /api/auth/logout: every token of the user), then forgets it here. */
export async function logout(): Promise<void> {
  try {
    if (tokenStore.get()) await api('POST', '/auth/logout');
  } catch {
    // Already invalid or the server is away: forgetting the token here still logs out this browser.
  }
  tokenStore.set(null);
  setMe(null);
}

export const hasRole = (...roles: string[]): boolean => roles.some((r) => me()?.roles.includes(r) ?? false);

/** A region reader (上级人大, role region): reads its counties' figures and registers, has no inbox or tasks. */
export const isRegionReader = (): boolean => hasRole('region') || (me()?.county.level ?? 'county') !== 'county';
