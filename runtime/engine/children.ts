/** Child instances a state starts (`meta.spawn`), their completion, and the output a finished instance hands its parent. */
import type { AnyMachineSnapshot } from 'xstate';
import { readPath, type Scope } from './paths.ts';
import { shortName } from './state-value.ts';
import { nextKey, type StepWork } from './step-work.ts';
import type { SpawnSpec } from './types.ts';

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
