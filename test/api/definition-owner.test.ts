/**
 * Packages belong to someone (issue 13, deliverable 3): a package added through
 * POST /api/definitions belongs to the county that added it. Another county neither sees it
 * (404 on every route of it, absent from the list) nor replaces it (403 DEFINITION_NOT_OWNED,
 * which says only that the id is taken); shipped packages are region-wide and no county
 * replaces them; overlays stay per county.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readExampleRegions } from '../../runtime/definition-files.ts';
import { createRuntime, loadApiPackages, seedCountyExamples } from '../../runtime/store/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

describe.each(databases)('who owns a package ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(): Promise<WorkApp> {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    await seedCountyExamples(handle.db, w.rt, readExampleRegions());
    return w;
  }

  it("changshu's admin cannot see, replace, customise or start demo's package; demo's integrators add versions", { timeout: 180_000 }, async () => {
    const w = await setup();
    const demo = await w.login('admin');
    const cs = await w.login('changshu-admin');
    const added = await w.call(demo, 'POST', '/definitions', { package: miniPackage() });
    expect(added.status).toBe(201);
    const row = async () => w.handle.db.selectFrom('api_definitions').select(['definition_id', 'county_id', 'hash', 'added_by']).execute();
    expect(await row()).toEqual([{ definition_id: 'mini', county_id: 'demo', hash: added.body.hash, added_by: 'demo-admin' }]);

    // The must-show: changshu's admin (an integrator of changshu) cannot replace it.
    const replaced = await w.call(cs, 'POST', '/definitions', { package: { ...miniPackage(), version: '2', title: '常熟改过的' } });
    expect([replaced.status, replaced.body.error.code]).toEqual([403, 'DEFINITION_NOT_OWNED']);
    expect(replaced.body.error.message).not.toContain('demo');
    expect(await row()).toEqual([{ definition_id: 'mini', county_id: 'demo', hash: added.body.hash, added_by: 'demo-admin' }]);
    expect(w.rt.registry.latest('mini').hash).toBe(added.body.hash);

    // Nor does it see it anywhere: every route of the package answers as for an id that does not exist.
    expect((await w.call(cs, 'GET', '/definitions')).body.definitions.map((d: { id: string }) => d.id)).not.toContain('mini');
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/definitions/mini'],
      ['GET', '/definitions/mini/overlay'],
      ['GET', '/definitions/mini/draft'],
      ['PUT', '/definitions/mini/overlay', { patch: { title: '常熟的小流程' } }],
      ['POST', '/definitions/mini/check', { patch: {} }],
      ['GET', '/definitions/mini/diff'],
      ['GET', '/definitions/mini/diff?from=1'],
      ['POST', '/definitions/mini/publish'],
      ['GET', '/definitions/mini/versions'],
    ];
    for (const [method, path, body] of routes) {
      const r = await w.call(cs, method, path, body);
      expect([method, path, r.status, r.body.error?.code]).toEqual([method, path, 404, 'DEFINITION_NOT_FOUND']);
    }
    // The same answer as for an id nobody uses.
    const none = await w.call(cs, 'GET', '/definitions/no-such-process');
    const hidden = await w.call(cs, 'GET', '/definitions/mini');
    expect(hidden.body).toEqual({ error: { ...none.body.error, message: none.body.error.message.replace('no-such-process', 'mini') } });
    const start = await w.call(await w.login('changshu-deputy1'), 'POST', '/definitions/mini/instances', { data: { title: '村道路灯' } });
    expect([start.status, start.body.error.code]).toEqual([404, 'DEFINITION_NOT_FOUND']);
    expect(await w.handle.db.selectFrom('overlays').select('region_id').where('definition_id', '=', 'mini').execute()).toEqual([]);
    expect(await w.handle.db.selectFrom('definition_versions').select('county_id').where('definition_id', '=', 'mini').execute()).toEqual([]);

    // Demo: its integrator adds a version, its staff may not, its deputies start it, its admin customises it.
    expect((await w.call(await w.login('staff'), 'POST', '/definitions', { package: { ...miniPackage(), version: '2' } })).status).toBe(403);
    const v2 = await w.call(demo, 'POST', '/definitions', { package: { ...miniPackage(), version: '2' } });
    expect(v2.status).toBe(201);
    expect((await w.call(demo, 'GET', '/definitions/mini')).body.definition.version).toBe('2');
    expect((await w.call(await w.login('deputy1'), 'POST', '/definitions/mini/instances', { data: { title: '村道路灯' } })).status).toBe(201);
    expect((await w.call(demo, 'PUT', '/definitions/mini/overlay', { patch: { title: '本县小流程' } })).status).toBe(200);
    expect((await w.call(demo, 'POST', '/definitions/mini/publish')).status).toBe(201);

    // After a restart the owner is still known.
    const restarted = createRuntime({ clock: w.clock });
    await restarted.registry.registerFiles(w.handle.db, []);
    expect((await loadApiPackages(w.handle.db, restarted)).map((d) => d.id)).toEqual(['mini']);
    expect(restarted.registry.ownerOf('mini')).toBe('demo');
    expect(() => restarted.registry.latestFor('changshu', 'mini')).toThrow(/No process "mini"/);
    expect(restarted.registry.latestFor('demo', 'mini').hash).toBe(v2.body.hash);
  });

  it('a county adds its own package under a free id, and no county replaces a shipped one', async () => {
    const w = await setup();
    const cs = await w.login('changshu-admin');
    const own = await w.call(cs, 'POST', '/definitions', { package: { ...miniPackage(), id: 'cs-mini', machine: { ...miniPackage().machine, id: 'cs-mini' } } });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect((await w.call(cs, 'GET', '/definitions')).body.definitions.map((d: { id: string }) => d.id)).toContain('cs-mini');
    const demo = await w.login('admin');
    expect((await w.call(demo, 'GET', '/definitions')).body.definitions.map((d: { id: string }) => d.id)).not.toContain('cs-mini');
    expect((await w.call(demo, 'GET', '/definitions/cs-mini')).status).toBe(404);
    for (const token of [cs, demo]) {
      const r = await w.call(token, 'POST', '/definitions', { package: { ...miniPackage(), id: 'suggestion' } });
      expect([r.status, r.body.error.code]).toEqual([409, 'DEFINITION_EXISTS']);
    }
    expect((await w.call(demo, 'GET', '/definitions/suggestion')).status).toBe(200);
  });

  it('a region-wide package whose owner is unknown (added before owners were kept) is seen by all and replaced by none', async () => {
    const w = await setup();
    const demo = await w.login('admin');
    const added = await w.call(demo, 'POST', '/definitions', { package: miniPackage() });
    await w.handle.db.updateTable('api_definitions').set({ county_id: null }).execute();
    const restarted = createRuntime({ clock: w.clock });
    await loadApiPackages(w.handle.db, restarted);
    expect([restarted.registry.ownerOf('mini'), restarted.registry.latestFor('changshu', 'mini').hash]).toEqual([undefined, added.body.hash]);
    const r = await w.call(demo, 'POST', '/definitions', { package: { ...miniPackage(), version: '2' } });
    expect([r.status, r.body.error.code]).toEqual([409, 'DEFINITION_EXISTS']);
  });

  it('overlays are per county: one county saving its overlay changes nothing another county sees', async () => {
    const w = await setup();
    const demo = await w.login('admin');
    const cs = await w.login('changshu-admin');
    const before = (await w.call(cs, 'GET', '/definitions/suggestion/draft')).body;
    const saved = await w.call(demo, 'PUT', '/definitions/suggestion/overlay', { patch: { title: '本县代表建议（演示）' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await w.call(demo, 'GET', '/definitions/suggestion/overlay')).body.overlay).toEqual({ title: '本县代表建议（演示）' });
    const after = (await w.call(cs, 'GET', '/definitions/suggestion/draft')).body;
    expect(after.overlay).toEqual(before.overlay);
    expect(after.definition.title).toBe(before.definition.title);
    expect(after.definition.title).not.toBe('本县代表建议（演示）');
    // changshu's own overlay is its own row; demo's stays as demo saved it.
    expect((await w.call(cs, 'PUT', '/definitions/suggestion/overlay', { patch: { ...(before.overlay ?? {}), description: '常熟' } })).status).toBe(200);
    const rows = await w.handle.db.selectFrom('overlays').select(['region_id', 'patch']).where('definition_id', '=', 'suggestion').where('region_id', 'in', ['demo', 'changshu']).orderBy('region_id').execute();
    expect(rows.map((r) => [r.region_id, (r.patch as { title?: string; description?: string }).title ?? null, (r.patch as { description?: string }).description ?? null])).toEqual([
      ['changshu', (before.overlay as { title?: string } | null)?.title ?? null, '常熟'],
      ['demo', '本县代表建议（演示）', null],
    ]);
  });
});
