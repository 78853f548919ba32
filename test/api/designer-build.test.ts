/**
 * The server serves a build of the app that matches its sources: a build made before a
 * `git pull` is built again at start (server/designer.ts), instead of serving an old bundle —
 * one that compiled forms with eval broke the designer under today's CSP.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DESIGNER_DIST, designerBuildIsCurrent, designerSourceHash, ensureDesignerBuilt } from '../../server/designer.ts';

describe('the app build and its sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-designer-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes every source file but the build, and calls a build current only with the same hash', () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'nested'), { recursive: true });
    mkdirSync(join(src, 'dist'), { recursive: true });
    writeFileSync(join(src, 'a.ts'), 'export const a = 1;');
    writeFileSync(join(src, 'nested', 'b.ts'), 'export const b = 2;');
    const first = designerSourceHash([src], []);
    writeFileSync(join(src, 'dist', 'index.js'), 'built');
    expect(designerSourceHash([src], [])).toBe(first);
    writeFileSync(join(src, 'nested', 'b.ts'), 'export const b = 3;');
    const second = designerSourceHash([src], []);
    expect(second).not.toBe(first);

    const dist = join(dir, 'dist');
    mkdirSync(dist);
    expect(designerBuildIsCurrent(dist, second)).toBe(false);
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    expect(designerBuildIsCurrent(dist, second)).toBe(false);
    writeFileSync(join(dist, '.source-hash'), `${first}\n`);
    expect(designerBuildIsCurrent(dist, second)).toBe(false);
    writeFileSync(join(dist, '.source-hash'), `${second}\n`);
    expect(designerBuildIsCurrent(dist, second)).toBe(true);
  });

  it('leaves the repo with a build of its current sources', async () => {
    await ensureDesignerBuilt(() => {});
    expect(designerBuildIsCurrent(DESIGNER_DIST, designerSourceHash())).toBe(true);
  }, 180_000);
});
