import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../runtime/engine/index.ts';
import {
  createRuntime,
  migrateToLatest,
  openDatabase,
  runDueTimers,
  SimulatedClock,
  startInstance,
  type DatabaseHandle,
} from '../../runtime/store/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { databases } from '../support/databases.ts';

const deputy: Actor = { id: 'd1', roles: ['deputy'] };

/** Two "server lifetimes" on one database: how each kind reopens the same data. */
const lifetimes = databases.map((d) => ({
  name: d.name,
  async first(): Promise<{ h: DatabaseHandle; again: () => Promise<DatabaseHandle>; cleanup: () => Promise<void> | void }> {
    if (d.name === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'cf-restart-'));
      const h = await openDatabase({ dataDir: dir });
      await migrateToLatest(h.db);
      return { h, again: () => openDatabase({ dataDir: dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    }
    // The owning handle keeps the database alive; each "server" is its own pool on it.
    const owner = await d.open();
    const reopen = owner.reopen;
    if (!reopen) throw new Error('postgres handle without reopen');
    return { h: await reopen(), again: reopen, cleanup: () => owner.close() };
  },
}));

describe.each(lifetimes)('timers survive a restart ($name)', ({ first }) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('fires timers that fell due while the server was down, once, after it starts again', async () => {
    const { h, again, cleanup } = await first();
    cleanups.push(cleanup);
    const clock = new SimulatedClock('2026-09-29T02:00:00Z');
    const rt1 = createRuntime({ clock });
    await rt1.registry.register(h.db, [miniPackage()]);
    await sql`insert into regions (id, level, code, name) values ('c1', 'county', 'c1', 'c1')`.execute(h.db);
    const ids = [
      await startInstance(h.db, rt1, { countyId: 'c1', actor: deputy }, 'mini', { title: 'a' }),
      await startInstance(h.db, rt1, { countyId: 'c1', actor: deputy }, 'mini', { title: 'b' }),
    ];
    await h.close(); // the server stops; its in-memory caches go with it

    clock.set('2026-12-01T00:00:00Z'); // every review due date and reminder passed while it was down
    const h2 = await again();
    try {
      const rt2 = createRuntime({ clock }); // a fresh process: nothing registered, definitions come from the database
      expect(await runDueTimers(h2.db, rt2)).toBe(4);
      expect(await runDueTimers(h2.db, rt2)).toBe(0);
      const events = await h2.db.selectFrom('instance_events').select(['instance_id', 'type']).where('type', '=', 'task.overdue').execute();
      expect(events.map((e) => e.instance_id).sort()).toEqual([...ids].sort());
      expect(await h2.db.selectFrom('timers').select('id').execute()).toEqual([]);
    } finally {
      await h2.close();
    }
  });
});
