/**
 * History replay (Temporal's test-replay): the recorded event logs of real walks
 * (test/fixtures/replays/, written by `npm run record:replays`) run through the current
 * engine's start() and step(). An engine change that would move a running instance onto
 * another path — an event no longer taken, another target, another final state or context,
 * a child started with other input — fails here, naming the event.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReplayFixture } from './fixture.ts';
import { currentDefinitions, replayFixture } from './replay-history.ts';

const dir = new URL('../fixtures/replays/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as ReplayFixture);
/** Engine steps of a fixture: each instance's start plus its engine events. */
const eventsOf = (f: ReplayFixture) => f.instances.reduce((n, i) => n + 1 + i.events.filter((e) => e.event).length, 0);
const total = fixtures.reduce((n, f) => n + eventsOf(f), 0);
const definitions = currentDefinitions();

describe(`replays ${fixtures.length} recorded histories (${total} events) against the current engine`, () => {
  it('has the recorded histories', () => {
    expect(fixtures.map((f) => f.name)).toEqual(['livelihood-tie', 'suggestion-rehandling', 'supervision-two-failures']);
  });

  it.each(fixtures.map((f) => [f.name, f.instances.length, eventsOf(f), f] as const))('%s: %i instances, %i events', (_name, _instances, _events, fixture) => {
    const report = replayFixture(fixture, definitions);
    const advice = `Recorded ${fixture.recordedAt} on ${fixture.engineCommit}. If the change of path is intended, re-record with \`npm run record:replays\`.`;
    expect(report.divergences.length, `${report.divergences.join('\n')}\n${advice}\ndivergent instances`).toBe(0);
  });
});
