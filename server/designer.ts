/**
 * Serves the built designer and work portal (designer/dist) at `/`: its assets, and
 * index.html for every other non-API path so the app's own routes work on reload.
 * `npm start` builds it first when it is missing or older than its sources (ensureDesignerBuilt).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './app.ts';

const DESIGNER_ROOT = fileURLToPath(new URL('../designer/', import.meta.url));
export const DESIGNER_DIST = fileURLToPath(new URL('../designer/dist/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNTIME_ROOT = fileURLToPath(new URL('../runtime/', import.meta.url));
const PACKAGE_LOCK = fileURLToPath(new URL('../package-lock.json', import.meta.url));
/** Beside the build: the hash of the sources it was built from. */
const BUILD_STAMP = '.source-hash';

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

/**
 * What the build is made from: every file of designer/ (but its dist) and of runtime/ (the app
 * imports the engine's forms, words and the ballot's crypto) and package-lock.json, hashed.
 * The build keeps the hash beside it (BUILD_STAMP), so a server started after a `git pull`
 * rebuilds an app that no longer matches its sources instead of serving the old one — an old
 * bundle that compiled forms with eval broke the designer under today's CSP.
 * ~1,000 files, ~10 ms.
 */
export function designerSourceHash(roots: readonly string[] = [DESIGNER_ROOT, RUNTIME_ROOT], files: readonly string[] = [PACKAGE_LOCK]): string {
  const hash = createHash('sha256');
  const add = (path: string) => hash.update(path.slice(REPO_ROOT.length)).update('\0').update(readFileSync(path)).update('\0');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) add(path);
    }
  };
  for (const root of roots) walk(root);
  for (const f of files) if (existsSync(f)) add(f);
  return hash.digest('hex');
}

/** Does `dist` hold a build of exactly these sources? */
export function designerBuildIsCurrent(dist: string, sourceHash: string): boolean {
  const stamp = join(dist, BUILD_STAMP);
  return existsSync(join(dist, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceHash;
}

/** Builds designer/dist with Vite and stamps it with the sources' hash. */
export async function buildDesigner(): Promise<void> {
  const sourceHash = designerSourceHash();
  const { build } = await import('vite');
  await build({ configFile: `${DESIGNER_ROOT}vite.config.ts`, logLevel: 'warn' });
  writeFileSync(join(DESIGNER_DIST, BUILD_STAMP), `${sourceHash}\n`);
}

/** Builds designer/dist when it is missing or was built from other sources (a fresh checkout, or after a pull). */
export async function ensureDesignerBuilt(log: (line: string) => void): Promise<void> {
  if (designerBuildIsCurrent(DESIGNER_DIST, designerSourceHash())) return;
  log(existsSync(`${DESIGNER_DIST}index.html`) ? 'The designer and work portal changed since they were built: building again (designer/dist) …' : 'Building the designer and work portal (designer/dist) …');
  await buildDesigner();
}
