/**
 * Security headers on every response (issue 13): the app's HTML, its assets, API JSON,
 * files and errors alike. A header a route set itself (a file's sandbox CSP) is kept.
 *
 * The app's Content-Security-Policy, and why each part:
 * - `default-src 'self'`; `script-src 'self' 'unsafe-eval'`: only our own bundles run, no
 *   inline script (designer/index.html and the built designer/dist/index.html have none;
 *   test/api/security-headers.test.ts checks the build). `'unsafe-eval'` because the portal
 *   and the designer validate forms in the browser with the engine's own Ajv (form-model.ts,
 *   preview.tsx), which compiles each JSON Schema into a function with `Function()` —
 *   schemas come from the server at run time, so they cannot be compiled at build time.
 *   Without it every form in the app stops validating (EvalError). Eval runs only code Ajv
 *   generates from schemas; injected markup still cannot run script (no 'unsafe-inline').
 * - `style-src 'self'`: the app sets no style attributes and no <style> elements (Solid sets
 *   `style` only when a component passes one; ours do not), so 'unsafe-inline' is not needed;
 *   the browser tests run under this policy and fail on any CSP violation in the console.
 * - `img-src 'self' data: blob:`: icons inlined by the build and downloads made from blobs.
 * - `worker-src 'self' blob:`: no worker today; a bundled one (pdf.js) would load from 'self'.
 * - `object-src 'none'`, `base-uri 'none'`, `form-action 'self'`, `frame-ancestors 'none'`.
 *
 * Under /api the policy is `default-src 'none'; frame-ancestors 'none'`: JSON is never a page.
 * HSTS only when the server is told it is reached over TLS (`hsts`: HSTS=1 or a PUBLIC_URL
 * starting with https://, server/main.ts), since a browser that saw it over plain http on a
 * LAN address would then refuse that address.
 */
import type { MiddlewareHandler } from 'hono';

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** One year, the value HSTS preload lists ask for; no includeSubDomains (other hosts of the domain are not ours to decide). */
export const HSTS_VALUE = 'max-age=31536000';

export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security (only when the server is reached over https). */
  hsts?: boolean;
}

/** Whether the environment says the server is reached over TLS: HSTS=1, or PUBLIC_URL=https://…. */
export function hstsFromEnv(env: Record<string, string | undefined>): boolean {
  return env.HSTS === '1' || env.HSTS === 'true' || (env.HSTS !== '0' && (env.PUBLIC_URL ?? '').toLowerCase().startsWith('https://'));
}

export function securityHeaders(options: SecurityHeaderOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    const api = c.req.path === '/api' || c.req.path.startsWith('/api/');
    const set = (name: string, value: string) => {
      if (!h.has(name)) h.set(name, value);
    };
    set('content-security-policy', api ? API_CSP : APP_CSP);
    set('x-content-type-options', 'nosniff');
    set('referrer-policy', 'no-referrer');
    set('x-frame-options', 'DENY');
    set('cross-origin-opener-policy', 'same-origin');
    if (options.hsts) set('strict-transport-security', HSTS_VALUE);
  };
}
