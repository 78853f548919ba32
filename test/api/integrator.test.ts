import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, loadApiPackages } from '../../runtime/store/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

describe.each(databases)('integrators add processes through the API ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('checks a new package, registers it, runs it, and keeps it after a restart', async () => {
    handle = await open();
    const w = await workApp(handle);
    const integrator = await w.login('admin'); // admin holds the integrator role in the demo county
    const staff = await w.login('staff');

    const broken = miniPackage();
    (broken.machine.states.review as { on: Record<string, unknown> }).on.ACCEPT = 'nowhere';
    const refused = await w.call(integrator, 'POST', '/definitions', { package: broken });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].errors.map((e: { code: string; pointer: string }) => `${e.code} ${e.pointer}`)).toContain(
      'UNKNOWN_TARGET /machine/states/review/on/ACCEPT/target',
    );
    expect((await w.call(staff, 'POST', '/definitions', { package: miniPackage() })).status).toBe(403);
    expect((await w.call(integrator, 'POST', '/definitions', { package: { ...miniPackage(), id: 'suggestion' } })).status).toBe(409);
    const paths = await w.call(integrator, 'POST', '/definitions', { package: { ...miniPackage(), forms: { request: 'forms/request.schema.json' } } });
    expect([paths.status, paths.body.error.code]).toEqual([400, 'FORMS_NOT_INLINE']);
    expect((await w.call(staff, 'GET', '/definitions')).body.definitions.map((d: { id: string }) => d.id)).not.toContain('mini');

    const added = await w.call(integrator, 'POST', '/definitions', { package: miniPackage() });
    expect(added.status).toBe(201);
    const started = await w.call(await w.login('deputy1'), 'POST', '/definitions/mini/instances', { data: { title: '村道路灯' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.openTasks.map((t: { title: string }) => t.title)).toEqual(['审核 村道路灯']);

    const restarted = createRuntime({ clock: w.clock });
    expect((await loadApiPackages(handle.db, restarted)).map((d) => d.id)).toEqual(['mini']);
    expect(restarted.registry.latest('mini').hash).toBe(added.body.hash);
  });
});
