/**
 * Security headers on every response (issue 13): the app's HTML, its assets, API JSON,
 * files and errors alike. A header a route set itself (a file's sandbox CSP) is kept.
 *
 * The app's Content-Security-Policy, and why each part:
 * - `default-src 'self'`; `script-src 'self'`: only our own bundles run, no inline script
 *   (designer/index.html and the built designer/dist/index.html have none;
 *   test/api/security-headers.test.ts checks the build) and no eval. The portal and the
 *   designer validate forms in the browser (form-model.ts, preview.tsx, and checkPackage and
 *   the simulator through the engine), and the server does so with Ajv, which compiles each
 *   JSON Schema into a function with `Function()`: this policy used to carry 'unsafe-eval'
 *   for it. The browser build now resolves the engine's form-validator.ts to
 *   form-validator-interpreted.ts (designer/vite.config.ts), which interprets the schema
 *   (@cfworker/json-schema) with the server's formats, errors and words, so no code in the
 *   bundle needs eval (the security-headers test checks the build for Ajv and `Function(`;
 *   elkjs, the flow chart's layout, runs in the page without eval). The server keeps Ajv and
 *   stays the authority; test/engine/form-validator-agreement.test.ts holds the two to the
 *   same verdicts and field errors on every shipped form and the conformance corpus.
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
  "script-src 'self'",
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
