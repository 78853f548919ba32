/**
 * The short version of `npm run test:faults` (a), in `npm test`: one real server process on a
 * fresh PostgreSQL database, killed with SIGKILL once under a load of task completions over
 * HTTP and started again; every acknowledged write is then found, event sequences are
 * gapless, no task is both open and completed, no serial number is given twice. The full
 * run (5 kills, and two servers racing for migrations and timers) is test/faults/run.ts.
 *
 * PostgreSQL only (a killed PGlite is a different story: one process owns its files): it runs
 * where the PostgreSQL suites run (TEST_DATABASE_URL, or CI).
 */
import { describe, expect, it } from 'vitest';
import { databases } from '../support/databases.ts';
import { killRun } from './support.ts';

// Without PostgreSQL the suite is reported as skipped (with this title), not silently absent.
const postgres = databases.some((d) => d.name === 'postgres');

describe.skipIf(!postgres)('kill -9 under load on postgres (needs TEST_DATABASE_URL or CI)', () => {
  it('keeps every acknowledged completion after a kill -9 and a restart', async () => {
    const run = await killRun({ kills: 1, clients: 4, minAckedPerLife: 30 });
    const c = run.check;
    console.log(
      `kill -9 under load: ${run.kills} kill, ${run.record.unanswered} requests cut off; acknowledged starts ${c.acknowledgedStarts} (found ${c.foundStarts}), ` +
        `completions ${c.acknowledgedCompletions} (found ${c.foundCompletions}); ${c.events} events, ${c.serials} serial numbers; ${run.seconds.toFixed(0)} s`,
    );
    expect(run.kills).toBe(1);
    expect(run.record.unexpected).toEqual([]);
    expect(c.violations).toEqual([]);
    expect(c.foundCompletions).toBe(c.acknowledgedCompletions);
    expect(c.acknowledgedCompletions).toBeGreaterThan(0);
  }, 180_000);
});
