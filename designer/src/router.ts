/** A small path router: the server answers every non-API path with the app (SPA routes). */
import { createSignal } from 'solid-js';

const [path, setPath] = createSignal(location.pathname + location.search);
export { path };

window.addEventListener('popstate', () => setPath(location.pathname + location.search));

export function navigate(to: string): void {
  if (to === path()) return;
  history.pushState(null, '', to);
  setPath(to);
  window.scrollTo(0, 0);
}

/** `match('/instances/:id')` → `{id}` for the current path, or null. */
export function match(pattern: string): Record<string, string> | null {
  const [pathname] = path().split('?');
  const want = pattern.split('/');
  const have = (pathname ?? '').split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = decodeURIComponent(have[i] as string);
    if (w.startsWith(':')) params[w.slice(1)] = h;
    else if (w !== h) return null;
  }
  return params;
}

export function query(name: string): string | null {
  return new URLSearchParams(path().split('?')[1] ?? '').get(name);
}
