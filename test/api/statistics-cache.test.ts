/**
 * The county's statistics are kept between requests (runtime/store/statistics-cache.ts) and
 * never served stale: a suggestion registered under the same simulated instant (no clock
 * movement, so only the instances' versions tell) shows in the next reading, and an open task
 * passing its due time with no write at all turns "overdue now" on. On PGlite and PostgreSQL.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp } from '../support/work-app.ts';

describeEachDatabase('cached statistics', (open) => {
  it('follow every write and the clock passing a due time', async () => {
    const h = await open();
    try {
      const w = await workApp(h);
      const { act, start, forget } = suggestionDriver(w.call, (user) => w.login(user));
      const read = async () => {
        const r = await w.call(await w.login('staff'), 'GET', '/statistics/suggestion?period=year:2026');
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        const pop = (id: string) => (r.body.populations as Array<{ id: string; count: number }>).find((p) => p.id === id)?.count;
        return { submitted: pop('submitted'), overdue: pop('overdueNow') };
      };
      const s1 = await start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH' });
      await act('staff', s1, 'ACCEPT', { categoryCode: 'OTHER' });
      expect(await read()).toEqual({ submitted: 1, overdue: 0 });
      expect(await read()).toEqual({ submitted: 1, overdue: 0 });
      // The same instant: the stamp's sum of versions and count, not the clock, show the change.
      const s2 = await start('deputy2', { origin: 'RECESS', sourceCode: 'VISIT' });
      expect((await read()).submitted).toBe(1);
      await act('staff', s2, 'ACCEPT', { categoryCode: 'OTHER' });
      expect(await read()).toEqual({ submitted: 2, overdue: 0 });
      // No write: the clock passes the first due time of an open task.
      const due = await sql<{ at: Date | string }>`select min(due_at) as at from tasks where county_id = 'demo' and status = 'open'`.execute(h.db);
      const at = new Date(due.rows[0]?.at as string);
      expect(Number.isNaN(at.getTime())).toBe(false);
      w.clock.set(new Date(at.getTime() - 60_000).toISOString());
      forget();
      expect((await read()).overdue).toBe(0);
      w.clock.set(new Date(at.getTime() + 60_000).toISOString());
      forget();
      expect((await read()).overdue).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  }, 240_000);
});
