/**
 * Moving a running instance from one version of its process to the next (pure): map its
 * active states through a state mapping, rebuild the XState snapshot under the new machine,
 * and say which tasks and timers it must have there. Deadlines of the states it stands in
 * restart at the migration time (the old version's clock cannot be carried over when the
 * delays themselves may have changed); the store writes this as an audit event.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { delayEnd } from './calendar.ts';
import type { CompiledDefinition } from './compile.ts';
import { readPath } from './paths.ts';
import { stateString } from './state-value.ts';
import { withStepTime } from './step-time.ts';
import type { StepEnv, StepWork } from './step-work.ts';
import { openTask } from './tasks.ts';
import { armTimer } from './timers.ts';
import { metaOf, persist } from './xstate-adapter.ts';
import type { Effect, InstanceSnapshot, ProcessPackage, StateJson } from './types.ts';

/** Old leaf path ("active.main.drafting") → new leaf path. Unmapped paths keep their name. */
export type StateMapping = Record<string, string>;

export type MigrationPlan = { ok: true; value: unknown } | { ok: false; reason: string; missing: string[] };

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

function stateAt(pkg: ProcessPackage, path: string): StateJson | undefined {
  let node: StateJson | undefined = pkg.machine;
  for (const part of path.split('.')) node = node?.states?.[part];
  return node;
}

/** Build a state value from leaf paths ("a.b", "a.c" → {a: {b: {}, c: {}}} flattened to XState form). */
function toValue(paths: string[]): unknown {
  // Null prototypes: a state named `constructor` or `__proto__` is a key like any other.
  const tree = Object.create(null) as Record<string, unknown>;
  for (const path of paths) {
    let node = tree;
    for (const part of path.split('.')) node = (node[part] ??= Object.create(null)) as Record<string, unknown>;
  }
  const collapse = (node: Record<string, unknown>): unknown => {
    const keys = Object.keys(node);
    const only = keys[0];
    if (keys.length === 1 && only !== undefined && Object.keys(node[only] as object).length === 0) return only;
    return Object.fromEntries(keys.map((k) => [k, collapse(node[k] as Record<string, unknown>)]));
  };
  return collapse(tree);
}

/** Where an instance would stand in the new version; `ok: false` names the states that have no place there. */
export function planMigration(snapshot: InstanceSnapshot, target: ProcessPackage, mapping: StateMapping): MigrationPlan {
  const mapped = leafPaths(snapshot.machine.value).map((p) => (Object.hasOwn(mapping, p) ? mapping[p] : undefined) ?? p);
  const missing = mapped.filter((p) => {
    const node = stateAt(target, p);
    return !node || (node.states !== undefined && Object.keys(node.states).length > 0);
  });
  if (missing.length > 0) return { ok: false, reason: `状态 ${missing.join(', ')} 在新版本中不存在且未映射 / state(s) ${missing.join(', ')} do not exist in the new version and have no mapping`, missing };
  return { ok: true, value: toValue(mapped) };
}

/**
 * The instance under the new version: snapshot plus effects (close every old task, open the
 * new version's tasks of the active states, arm their `after` timers from now). The caller
 * drops the instance's old timer rows.
 */
export function migrateSnapshot(target: CompiledDefinition, snapshot: InstanceSnapshot, value: unknown, env: StepEnv): { snapshot: InstanceSnapshot; effects: Effect[]; to: string } {
  const now = env.clock.now();
  const machine = target.machineFor(env.calendar);
  const resolved = machine.resolveState({ value, context: withStepTime({ ...snapshot.machine.context }, now) } as never) as AnyMachineSnapshot;
  const work: StepWork = {
    def: target,
    env,
    at: now,
    // Old timer rows are dropped by the caller; the new version's are armed below.
    snapshot: { ...structuredClone(snapshot), tasks: [], taskGroups: {}, timers: {} },
    effects: snapshot.tasks.map((t) => ({ type: 'closeTask' as const, key: t.key, reason: 'cancelled' as const })),
  };
  for (const [stateId, m] of Object.entries(metaOf(resolved))) {
    const spec = m.task;
    if (!spec) continue;
    const items = spec.forEach ? readPath({ context: resolved.context }, spec.forEach) : [undefined];
    for (const item of Array.isArray(items) ? items : []) openTask(work, resolved.context, stateId, spec, item, false);
  }
  // `after` timers of every active state (and its ancestors), under XState's event names.
  const active = new Set<string>();
  for (const leaf of leafPaths(resolved.value)) {
    const parts = leaf.split('.');
    for (let i = 1; i <= parts.length; i++) active.add(parts.slice(0, i).join('.'));
  }
  const scope = { context: resolved.context };
  for (const path of active) {
    const node = stateAt(target.pkg, path);
    for (const delay of Object.keys(node?.after ?? {})) {
      const spec = target.pkg.delays[delay];
      const end = spec ? delayEnd(spec, now, env.calendar, (p) => readPath(scope, p)) : null;
      const sendId = `xstate.after.${delay}.${target.pkg.machine.id}.${path}`;
      if (end) armTimer(work, sendId, end.toISOString(), { type: sendId });
    }
  }
  work.snapshot.machine = persist(machine, resolved);
  return { snapshot: work.snapshot, effects: work.effects, to: stateString(resolved.value) };
}
