/**
 * Security headers on every kind of response (issue 13, deliverable 6): the app's HTML and
 * its assets, API JSON, API errors (401, 404, 400, 413), plain 404s outside the API, and
 * files (whose own sandbox policy is kept). HSTS only when configured for TLS. And the
 * built app has no inline script or style for the policy to refuse.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESIGNER_DIST, ensureDesignerBuilt, mountDesigner } from '../../server/designer.ts';
import { API_CSP, APP_CSP, hstsFromEnv, HSTS_VALUE } from '../../server/security-headers.ts';
import { createApp } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

function headersOf(res: Response): Record<string, string | null> {
  return Object.fromEntries(['content-security-policy', ...Object.keys(COMMON), 'strict-transport-security'].map((h) => [h, res.headers.get(h)]));
}

describe('the app as built', () => {
  beforeAll(async () => {
    await ensureDesignerBuilt(() => {});
  }, 180_000);

  it('has no inline script, event handler attribute or style for the CSP to refuse', () => {
    for (const file of ['designer/index.html', `${DESIGNER_DIST}index.html`]) {
      const html = readFileSync(file, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length, file).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) expect([file, /\bsrc=/.test(attrs ?? ''), (body ?? '').trim()]).toEqual([file, true, '']);
      expect(html, file).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    }
    // No asset may write a style attribute (style-src has no 'unsafe-inline': the browser refuses
    // `setAttribute('style', …)` and `style=` in markup). Writes through the CSSOM
    // (`el.style.cssText = …`, `el.style.setProperty(…)`, as ECharts sizes its canvas) are not
    // inline styles and CSP does not govern them: test/browser/dashboard.test.ts draws the charts
    // under this policy and fails on any violation in the console.
    for (const asset of readdirSync(`${DESIGNER_DIST}assets`).filter((f) => f.endsWith('.js'))) {
      const js = readFileSync(`${DESIGNER_DIST}assets/${asset}`, 'utf8');
      expect([asset, /setAttribute\(["'`]style["'`]|\.innerHTML\s*=\s*["'`][^"'`]*\sstyle=/.test(js)]).toEqual([asset, false]);
    }
  });

  it("needs no eval: script-src is 'self' alone, and no asset compiles code (no Ajv, no Function() or eval())", () => {
    const scriptSrc = APP_CSP.split('; ').find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval/);
    for (const asset of readdirSync(`${DESIGNER_DIST}assets`).filter((f) => f.endsWith('.js'))) {
      const js = readFileSync(`${DESIGNER_DIST}assets/${asset}`, 'utf8');
      // Ajv's code generator (its `Function(...)` call and its scope names) and any other way to run a string.
      const found = [/(^|[^\w$.])(new\s+)?Function\(/, /(^|[^\w$.])eval\(/, /ajv\.js\.org|validate\.errors|scope\.get\(\)/, /set(Timeout|Interval)\(\s*["'`]/].filter((re) => re.test(js)).map(String);
      expect([asset, found]).toEqual([asset, []]);
    }
  });

  it('HSTS is configured by HSTS=1 or an https PUBLIC_URL, and off otherwise', () => {
    expect([hstsFromEnv({}), hstsFromEnv({ HSTS: '1' }), hstsFromEnv({ PUBLIC_URL: 'https://rd.example.gov.cn' }), hstsFromEnv({ PUBLIC_URL: 'http://10.0.0.5:3000' }), hstsFromEnv({ PUBLIC_URL: 'https://x', HSTS: '0' })]).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe.each(databases)('security headers ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('are on every kind of response; files keep their sandbox; HSTS only when configured', { timeout: 180_000 }, async () => {
    await ensureDesignerBuilt(() => {});
    handle = await open();
    const w = await workApp(handle);
    mountDesigner(w.app);
    const deputy = await w.login('deputy1');
    const app = (path: string, init?: RequestInit) => w.app.request(path, init);
    const api = (path: string, init: RequestInit = {}) => app(`/api${path}`, { ...init, headers: { authorization: `Bearer ${deputy}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

    const html = await app('/portal/tasks');
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=UTF-8']);
    expect(await html.text()).toContain('<div id="app">');
    expect(headersOf(html)).toEqual({ 'content-security-policy': APP_CSP, ...COMMON, 'strict-transport-security': null });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(`${DESIGNER_DIST}index.html`, 'utf8'))?.[1] as string;
    const asset = await app(script);
    expect([asset.status, headersOf(asset)]).toEqual([200, { 'content-security-policy': APP_CSP, ...COMMON, 'strict-transport-security': null }]);
    const missing = await app('/assets/no-such-file.js');
    expect(headersOf(missing)).toEqual({ 'content-security-policy': APP_CSP, ...COMMON, 'strict-transport-security': null });

    const upload = await api('/files', { method: 'POST', body: JSON.stringify({ name: 'a.txt', mime: 'text/plain', base64: Buffer.from('a').toString('base64') }) });
    const fileId = ((await upload.json()) as { file: { fileId: string } }).file.fileId;
    const responses: Array<[string, Response, number]> = [
      ['JSON', await app('/api/health'), 200],
      ['JSON with auth', await api('/me'), 200],
      ['created', upload, 201],
      ['401', await app('/api/me'), 401],
      ['404 route', await api('/no-such-route'), 404],
      ['404 row', await api('/instances/no-such-instance'), 404],
      ['400 bad JSON', await api('/files', { method: 'POST', body: '{"name":' }), 400],
      ['413', await api('/definitions', { method: 'POST', body: JSON.stringify({ package: 'x'.repeat(1024 * 1024 + 1) }) }), 413],
    ];
    for (const [kind, res, status] of responses) {
      expect([kind, res.status, res.headers.get('content-type')?.startsWith('application/json')]).toEqual([kind, status, true]);
      expect([kind, headersOf(res)]).toEqual([kind, { 'content-security-policy': API_CSP, ...COMMON, 'strict-transport-security': null }]);
    }
    const file = await api(`/files/${fileId}`);
    expect([file.status, headersOf(file)]).toEqual([200, { 'content-security-policy': "sandbox; default-src 'none'", ...COMMON, 'strict-transport-security': null }]);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; /);

    // Configured for TLS: the same app with `hsts` sends Strict-Transport-Security everywhere.
    const tls = createApp({ db: handle.db, dbKind: handle.kind, secret: 'test-secret', clock: w.clock, hsts: true, extra: (a) => mountWorkRoutes(a, { db: handle!.db, rt: w.rt }) });
    mountDesigner(tls);
    for (const path of ['/', '/api/health', '/api/me', `/api/files/${fileId}`]) {
      const res = await tls.request(path, { headers: { authorization: `Bearer ${deputy}` } });
      expect([path, res.headers.get('strict-transport-security'), res.headers.get('x-frame-options')]).toEqual([path, HSTS_VALUE, 'DENY']);
    }
  });
});
