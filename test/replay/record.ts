/**
 * Records the replay fixtures: runs each walk over the API on an embedded PGlite database
 * (the test helpers' demo county and simulated clock), reads every instance's
 * `instance_events` with what they lack (capture.ts), and writes
 * test/fixtures/replays/<walk>.json. Before writing, the history is replayed once (that fills
 * in the serial numbers from the stored snapshots) and again from the fixture alone, which
 * must go the recorded way: a recording that does not replay on the engine that made it
 * would be a nondeterministic engine, and is reported instead of written.
 *
 *   npm run record:replays                      # every walk
 *   npm run record:replays -- livelihood-tie    # one walk
 *
 * Re-record after a deliberate change to a definition or to the engine's paths; the diff of
 * the fixtures then shows what moved.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { databases } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';
import { installCapture, readHistory } from './capture.ts';
import type { ReplayFixture } from './fixture.ts';
import { currentDefinitions, replayFixture } from './replay-history.ts';
import { livelihoodTie } from './walks/livelihood-tie.ts';
import { suggestionRehandling } from './walks/suggestion-rehandling.ts';
import { supervisionTwoFailures } from './walks/supervision-two-failures.ts';
import type { Walk } from './walks/walk.ts';

const WALKS: Walk[] = [suggestionRehandling, livelihoodTie, supervisionTwoFailures];
const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/replays/', import.meta.url));
const COUNTY = 'demo';

async function record(walk: Walk, engineCommit: string): Promise<ReplayFixture> {
  const pglite = databases.find((d) => d.name === 'pglite');
  if (!pglite) throw new Error('no PGlite test database');
  const handle = await pglite.open();
  try {
    await installCapture(handle.db);
    const w = await workApp(handle, walk.start);
    await walk.run(w);
    const captured = await readHistory(handle.db, COUNTY, (hash) => w.rt.registry.byHash(handle.db, hash), {
      name: walk.name,
      description: walk.description,
      recordedAt: new Date().toISOString(),
      engineCommit,
    });
    const { fixture } = captured;
    const definitions = currentDefinitions();
    for (const instance of fixture.instances) {
      if (definitions(instance.definition.id, null).hash !== instance.definition.hash) {
        throw new Error(`${walk.name}: instance ${instance.id} ran on ${instance.definition.id} ${instance.definition.hash}, not the package in definitions/ (a county version?)`);
      }
    }
    // First pass: the serial numbers the store wrote, read from the snapshot stored at that step.
    const filled = replayFixture(fixture, definitions, {
      serial: (instance, seq, effect, k) => {
        const value = captured.storedValue(instance.id, seq, effect.to);
        if (typeof value !== 'string') return undefined;
        const target = seq === 1 ? instance.start : instance.events.find((e) => e.seq === seq);
        if (target) (target.serials ??= [])[k] = value;
        return value;
      },
    });
    const again = replayFixture(JSON.parse(JSON.stringify(fixture)) as ReplayFixture, definitions);
    const problems = [...filled.divergences, ...again.divergences];
    if (problems.length > 0) throw new Error(`${walk.name} does not replay on the engine that recorded it:\n${problems.join('\n')}`);
    return fixture;
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !WALKS.some((w) => w.name === n));
  if (unknown.length > 0) throw new Error(`no walk named ${unknown.join(', ')} (walks: ${WALKS.map((w) => w.name).join(', ')})`);
  // "-dirty" when the engine or the definitions that recorded differ from the commit.
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'runtime', 'definitions'], { encoding: 'utf8' }).trim() !== '';
  const engineCommit = dirty ? `${head}-dirty` : head;
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const walk of WALKS.filter((w) => only.length === 0 || only.includes(w.name))) {
    const started = Date.now();
    const fixture = await record(walk, engineCommit);
    const file = `${FIXTURES_DIR}${walk.name}.json`;
    writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
    const events = fixture.instances.reduce((n, i) => n + i.events.length + 1, 0);
    console.log(`${walk.name}: ${fixture.instances.length} instances, ${events} events → ${file} (${Date.now() - started} ms)`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
