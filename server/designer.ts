/**
 * Serves the built designer and work portal (designer/dist) at `/`: its assets, and
 * index.html for every other non-API path so the app's own routes work on reload.
 * `npm start` builds it first when it is missing (ensureDesignerBuilt).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './app.ts';

const DESIGNER_ROOT = fileURLToPath(new URL('../designer/', import.meta.url));
export const DESIGNER_DIST = fileURLToPath(new URL('../designer/dist/', import.meta.url));

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>congress-flow</title>
<p>界面尚未构建：请运行 <code>npm run build:designer</code>（<code>npm start</code> 会自动构建）。</p>
<p>The app is not built yet: run <code>npm run build:designer</code> (<code>npm start</code> builds it). The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></html>`;

export function mountDesigner(app: Hono<AppEnv>): void {
  app.use('/assets/*', serveStatic({ root: DESIGNER_DIST }));
  let index: Promise<string> | undefined;
  app.get('*', async (c) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return c.notFound();
    const file = `${DESIGNER_DIST}index.html`;
    if (!existsSync(file)) return c.html(NOT_BUILT);
    // Read once per process: the build does not change under a running server.
    return c.html(await (index ??= readFile(file, 'utf8')));
  });
}

/** Builds designer/dist with Vite when it is missing (a fresh checkout's first `npm start`). */
export async function ensureDesignerBuilt(log: (line: string) => void): Promise<void> {
  if (existsSync(`${DESIGNER_DIST}index.html`)) return;
  log('Building the designer and work portal (designer/dist) …');
  const { build } = await import('vite');
  await build({ configFile: `${DESIGNER_ROOT}vite.config.ts`, logLevel: 'warn' });
}
