/**
 * Every event a person causes or reads in the history has its own words in the package's
 * `events`: each task outcome (the button on the task page) and each other event a machine
 * waits for in `on`, except the engine's own (ENGINE_EVENTS, ENGINE_EVENT_TITLES). Checked
 * for every package in definitions/ and for every example county's effective package (base
 * + the overlays of its region chain, as the county sees it), so an overlay that adds an
 * outcome must title it too. No entry may name an event the machine does not have.
 */
import { describe, expect, it } from 'vitest';
import { exampleChain, readExampleRegions, readPackages } from '../../runtime/definition-files.ts';
import { ENGINE_EVENTS } from '../../runtime/engine/check.ts';
import { applyOverlays, ENGINE_EVENT_TITLES, eventTitle, type ProcessPackage } from '../../runtime/engine/index.ts';
import type { StateJson } from '../../runtime/engine/types.ts';

const HAS_CHINESE = /[\u4e00-\u9fff]/;
const isEngineEvent = (event: string): boolean => ENGINE_EVENTS.has(event) || Object.hasOwn(ENGINE_EVENT_TITLES, event);

interface Checked {
  /** `suggestion`, or `changshu: suggestion` for a county's effective package. */
  name: string;
  pkg: ProcessPackage;
}

const packages = readPackages();
const regions = readExampleRegions();
const counties: Checked[] = regions
  .filter((r) => r.level === 'county')
  .flatMap((county) => {
    const chain = exampleChain(county, regions);
    return packages.flatMap((base) => {
      const layers = chain.filter((r) => r.overlays[base.id] !== undefined).map((r) => ({ level: r.level, patch: r.overlays[base.id] }));
      return layers.length === 0 ? [] : [{ name: `${county.code}: ${base.id}`, pkg: applyOverlays(base, layers) }];
    });
  });
const checked: Checked[] = [...packages.map((pkg) => ({ name: pkg.id, pkg })), ...counties];

/** Outcome event → the form it asks for (null: none), over every task of the machine. */
function outcomes(pkg: ProcessPackage): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const walk = (state: StateJson): void => {
    for (const [event, form] of Object.entries(state.meta?.task?.outcomes ?? {})) out.set(event, form);
    for (const child of Object.values(state.states ?? {})) walk(child);
  };
  walk(pkg.machine);
  return out;
}

/** Every event named in an `on` of the machine (any depth, the root included), and the start event. */
function onEvents(pkg: ProcessPackage): Set<string> {
  const out = new Set<string>(pkg.start?.event ? [pkg.start.event] : []);
  const walk = (state: StateJson): void => {
    for (const event of Object.keys(state.on ?? {})) out.add(event);
    for (const child of Object.values(state.states ?? {})) walk(child);
  };
  walk(pkg.machine);
  return out;
}

/** The problems of one package, as readable lines (none when it is fully titled). */
function problems({ name, pkg }: Checked): string[] {
  const found: string[] = [];
  const events = pkg.events ?? {};
  const tasks = outcomes(pkg);
  const used = new Set([...tasks.keys(), ...onEvents(pkg)]);
  for (const [event, form] of tasks) {
    if (!Object.hasOwn(events, event)) found.push(`${name}: outcome ${event} has no title (reads "${eventTitle(pkg, event, form).title}")`);
  }
  for (const event of used) {
    if (!tasks.has(event) && !isEngineEvent(event) && !Object.hasOwn(events, event)) found.push(`${name}: event ${event} has no title`);
  }
  for (const [event, words] of Object.entries(events)) {
    if (!used.has(event)) found.push(`${name}: events.${event} names no event of the machine`);
    if (!HAS_CHINESE.test(words.title ?? '')) found.push(`${name}: events.${event}.title "${words.title}" is not Chinese`);
    if (!words.title_en?.trim()) found.push(`${name}: events.${event}.title_en is empty`);
    else if (HAS_CHINESE.test(words.title_en)) found.push(`${name}: events.${event}.title_en "${words.title_en}" is not English`);
  }
  return found;
}

const titled = new Set(checked.flatMap(({ pkg }) => Object.keys(pkg.events ?? {}).map((event) => `${pkg.id}/${event}`)));

describe('event titles of the process packages', () => {
  it(`every one of ${titled.size} events in ${packages.length} packages and ${counties.length} county packages with overlays has Chinese and English titles`, () => {
    expect(packages.length).toBeGreaterThanOrEqual(8);
    expect(counties.map((c) => c.name)).toEqual(
      expect.arrayContaining(['changshu: suggestion', 'yanjiang: suggestion', 'chenghua: suggestion', 'chenghua: suggestion-assignment', 'qingxi: suggestion-assignment']),
    );
    expect(checked.flatMap(problems)).toEqual([]);
  });

  it('keeps the words the browser tests click on the suggestion task pages', () => {
    const titleOf = (id: string, event: string): string | undefined => packages.find((p) => p.id === id)?.events?.[event]?.title;
    const clicked: Array<[string, string, string]> = [
      ['suggestion', 'ACCEPT', '受理'],
      ['suggestion', 'PROPOSE_ASSIGNMENT', '拟办交办'],
      ['suggestion', 'APPROVE_ASSIGNMENT', '审定交办'],
      ['suggestion-assignment', 'ACCEPT', '签收'],
      ['suggestion-assignment', 'LOG_CONSULTATION', '登记面商沟通'],
      ['suggestion-assignment', 'START_DRAFT', '开始起草答复'],
      ['suggestion-assignment', 'SUBMIT_DRAFT', '提交答复函送审核'],
      ['suggestion-assignment', 'APPROVE_DRAFT', '审核同意，送签发'],
      ['suggestion-assignment', 'SUBMIT_ANSWER', '签发答复函'],
      ['suggestion-assignment', 'FEEDBACK', '评价答复'],
    ];
    expect(clicked.map(([id, event]) => [id, event, titleOf(id, event)])).toEqual(clicked);
  });

  it('finds an untitled outcome an overlay adds, an unused entry and an entry without Chinese', () => {
    const base = packages.find((p) => p.id === 'inspection-request') as ProcessPackage;
    const pkg = applyOverlays(base, [
      {
        level: 'county',
        patch: {
          events: { ARRANGE: { title: 'Arrange', title_en: 'Arrange' }, GONE: { title: '已删除', title_en: 'Gone' } },
          machine: { states: { arranged: { meta: { task: { outcomes: { POSTPONE: 'report' } } }, on: { POSTPONE: 'arranging', NUDGE: 'arranged' } } } },
        },
      },
    ]);
    expect(problems({ name: 'x', pkg })).toEqual([
      'x: outcome POSTPONE has no title (reads "视察报告")',
      'x: event NUDGE has no title',
      'x: events.ARRANGE.title "Arrange" is not Chinese',
      'x: events.GONE names no event of the machine',
    ]);
  });

  it('names a timer by the time limit of the state that set it, never by its code', () => {
    const assignment = packages.find((p) => p.id === 'suggestion-assignment') as ProcessPackage;
    expect(eventTitle(assignment, 'xstate.after.returnWindow.suggestion-assignment.active.main.pendingAcceptance')).toEqual({
      title: '待签收期限已到',
      title_en: 'Time limit reached: Pending acceptance',
    });
    expect(eventTitle(assignment, 'xstate.after.nosuch.suggestion-assignment.nowhere')).toEqual({ title: '期限已到', title_en: 'Time limit reached' });
  });
});
