/**
 * No package can hang the server: an eventless cycle the checker can see is refused when the
 * package is added; one that only a value at run time closes answers 422 STEP_LOOP within a
 * second while the server keeps answering everyone else (a real listening server, so a
 * blocked event loop would show as an unanswered health check).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessPackage } from '../../runtime/engine/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

const loopsWhen = { type: 'logic', params: { rule: { '==': [{ var: 'context.loop' }, true] } } };

/** The mini process with two states that bounce between each other while `context.loop` is true. */
function spinning(): ProcessPackage {
  const pkg = miniPackage();
  pkg.id = 'spin';
  const states = pkg.machine.states as Record<string, unknown>;
  (states.draft as { on: Record<string, unknown> }).on.SUBMIT = 'spinA';
  states.spinA = { meta: { title: '甲', title_en: 'A' }, always: [{ guard: loopsWhen, target: 'spinB' }, { target: 'review' }] };
  states.spinB = { meta: { title: '乙', title_en: 'B' }, always: [{ guard: loopsWhen, target: 'spinA' }, { target: 'review' }] };
  return pkg;
}

describe.each(databases)('a package cannot hang the engine ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  let close: (() => void) | undefined;
  afterEach(async () => {
    close?.();
    close = undefined;
    await handle?.close();
    handle = undefined;
  });

  it('refuses a visible eventless cycle, and answers 422 within a second for one closed at run time while /api/health keeps answering', async () => {
    handle = await open();
    const w = await workApp(handle);
    const integrator = await w.login('admin');

    const visible = miniPackage();
    visible.id = 'visible-cycle';
    const vstates = visible.machine.states as Record<string, unknown>;
    (vstates.draft as { on: Record<string, unknown> }).on.SUBMIT = 'b';
    vstates.b = { always: 'c' };
    vstates.c = { always: { target: 'b', actions: [{ type: 'increment', params: { to: 'context.rounds' } }] } };
    const refused = await w.call(integrator, 'POST', '/definitions', { package: visible });
    expect(refused.status).toBe(422);
    const codes = refused.body.error.details[0].errors.map((e: { code: string; pointer: string }) => `${e.code} ${e.pointer}`);
    expect(codes).toContainEqual(expect.stringMatching(/^EVENTLESS_CYCLE \/machine\/states\/[bc]\/always$/));

    expect((await w.call(integrator, 'POST', '/definitions', { package: spinning() })).status).toBe(201);
    const server = serve({ fetch: w.app.fetch, port: 0, hostname: '127.0.0.1' });
    close = () => server.close();
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const deputy = await w.login('deputy1');
    const post = (loop: boolean) =>
      fetch(`${base}/definitions/spin/instances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${deputy}` },
        body: JSON.stringify({ data: { title: '路灯', loop } }),
      });

    const began = performance.now();
    const looping = post(true);
    const healthy = await Promise.all([1, 2, 3].map(() => fetch(`${base}/health`).then((r) => r.status)));
    const res = await looping;
    const took = performance.now() - began;
    expect(healthy).toEqual([200, 200, 200]);
    const body = (await res.json()) as { error: { code: string; details: { path: string[] } } };
    expect([res.status, body.error.code]).toEqual([422, 'STEP_LOOP']);
    expect(body.error.details.path.join(' ')).toMatch(/spinA.*spinB|spinB.*spinA/);
    expect(took).toBeLessThan(1000);

    // Nothing was written, and the same process still runs when the value does not close the cycle.
    const listed = await w.call(deputy, 'GET', '/instances?definition=spin');
    expect(listed.body.instances).toHaveLength(0);
    const fine = await post(false);
    expect(fine.status).toBe(201);
    expect(((await fine.json()) as { state: string }).state).toBe('review');
  });
});
