/** Child instances a state starts (`meta.spawn`), their completion, and the output a finished instance hands its parent. */
import type { AnyMachineSnapshot } from 'xstate';
import { AppError } from '../errors.ts';
import { readPath, type Scope } from './paths.ts';
import { shortName } from './state-value.ts';
import { nextKey, type StepWork } from './step-work.ts';
import type { SpawnSpec, StateJson } from './types.ts';

/** One `startChild` per item of the spawn list; the group counts them until `children.done`. */
export function spawnChildren(work: StepWork, current: AnyMachineSnapshot, stateId: string, spec: SpawnSpec): void {
  const items = readPath({ context: current.context }, spec.forEach);
  const list = Array.isArray(items) ? items : [];
  const keys: string[] = [];
  for (const item of list) {
    const key = nextKey(work, shortName(stateId));
    const scope: Scope = { context: current.context, item };
    const input = Object.fromEntries(Object.entries(spec.input).map(([k, path]) => [k, readPath(scope, path) ?? null]));
    keys.push(key);
    work.effects.push({ type: 'startChild', key, process: spec.process, input });
  }
  work.snapshot.childGroups[stateId] = { total: list.length, done: 0, rule: 'all', raised: false, keys };
}

/** Cancel the children a state started (it was left or re-entered). */
export function cancelChildren(work: StepWork, stateId: string): void {
  const group = work.snapshot.childGroups[stateId];
  if (!group) return;
  for (const key of group.keys) work.effects.push({ type: 'cancelChild', key });
  delete work.snapshot.childGroups[stateId];
}

export function markChildDone(work: StepWork, key: string): void {
  for (const group of Object.values(work.snapshot.childGroups)) {
    if (group.keys.includes(key)) {
      group.done++;
      group.keys = group.keys.filter((k) => k !== key);
    }
  }
}

/** The output map of the final state the instance stands in (field → value read from the context). */
export function finalOutput(work: StepWork, snap: AnyMachineSnapshot): Record<string, unknown> {
  const scope: Scope = { context: snap.context };
  for (const [stateId, map] of Object.entries(work.def.finalOutputs)) {
    if (snap.matches(stateId.split('.').slice(1).join('.') as never)) {
      return Object.fromEntries(Object.entries(map).map(([k, path]) => [k, readPath(scope, path) ?? null]));
    }
  }
  return {};
}

/**
 * `spawnChildren` (an effect action, DOMAIN §2: a unit's approved 退办 re-assigned while the
 * other units go on): more children for the running group of the spawning state `group` — the
 * nearest state with `meta.spawn` that holds the action, filled in by machine.ts. One child per
 * item of `forEach`; `process` defaults to that state's `spawn.process` and `input` (field →
 * `context.…` / `item.…` / `event.…` path) is laid over its `spawn.input`. The group then counts
 * the new children too: `children.done` waits for them, and may be raised again after it was
 * raised with nothing to do.
 */
export function addChildren(work: StepWork, p: Record<string, unknown>, scope: Scope): void {
  const stateId = String(p.group ?? '');
  const group = work.snapshot.childGroups[stateId];
  const spec = spawnSpecAt(work, stateId);
  // check.ts keeps the action inside a spawning state and out of its own entry, where its group already runs.
  if (!group || !spec) throw new AppError('DEFINITION_INVALID', `spawnChildren: state ${stateId} has no running children to add to`, { state: stateId });
  const items = readPath(scope, String(p.forEach ?? ''));
  const own = p.input !== null && typeof p.input === 'object' && !Array.isArray(p.input) ? (p.input as Record<string, string>) : {};
  const fields = { ...spec.input, ...own };
  const process = typeof p.process === 'string' && p.process !== '' ? p.process : spec.process;
  for (const item of Array.isArray(items) ? items : []) {
    const key = nextKey(work, shortName(stateId));
    const at: Scope = { ...scope, item };
    const input = Object.fromEntries(Object.entries(fields).map(([k, path]) => [k, readPath(at, path) ?? null]));
    group.keys.push(key);
    group.total++;
    group.raised = false;
    work.effects.push({ type: 'startChild', key, process, input });
  }
}

/** The `meta.spawn` of state `stateId` ("suggestion.inHandling") of the package's machine. */
function spawnSpecAt(work: StepWork, stateId: string): SpawnSpec | undefined {
  let state: StateJson | undefined = work.def.pkg.machine;
  for (const part of stateId.split('.').slice(1)) state = state?.states && Object.hasOwn(state.states, part) ? state.states[part] : undefined;
  return state?.meta?.spawn;
}
