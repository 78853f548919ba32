/**
 * `spawnChildren` {forEach, process?, input?} (children.ts `addChildren`): it adds children to
 * the running group of the nearest state with `meta.spawn` that holds it, so it must sit inside
 * such a state (on one of its transitions or in a descendant), and not in that state's own
 * entry or exit (where its group is not running yet, or is being cancelled). `forEach` is a
 * context or event path, `input` maps fields to context, item or event paths, and `process`,
 * when given, is a known process. Pure: called from check.ts with its `add`.
 */
import { pointer } from '../json-pointer.ts';
import type { CheckCode } from './check-codes.ts';
import { isValidPath } from './paths.ts';
import type { StateJson } from './types.ts';

type Add = (code: CheckCode, ptr: string, message: string) => void;

export interface SpawnCheckState {
  id: string;
  json: StateJson;
  parent: SpawnCheckState | null;
  ptr: string;
}

interface Found {
  params: Record<string, unknown>;
  ptr: string;
  /** In the state's own entry or exit, not on a transition. */
  entryOrExit: boolean;
}

function refs(list: unknown, ptr: string, entryOrExit: boolean, out: Found[]): void {
  const items = Array.isArray(list) ? list : list === undefined ? [] : [list];
  items.forEach((a, i) => {
    if (a === null || typeof a !== 'object' || (a as { type?: unknown }).type !== 'spawnChildren') return;
    const params = (a as { params?: unknown }).params;
    out.push({ params: params !== null && typeof params === 'object' ? (params as Record<string, unknown>) : {}, ptr: Array.isArray(list) ? `${ptr}/${i}` : ptr, entryOrExit });
  });
}

function transitions(value: unknown, ptr: string, out: Found[]): void {
  const list = Array.isArray(value) ? value : [value];
  list.forEach((t, i) => {
    if (t !== null && typeof t === 'object') refs((t as { actions?: unknown }).actions, `${Array.isArray(value) ? `${ptr}/${i}` : ptr}/actions`, false, out);
  });
}

function spawnActionsOf(s: SpawnCheckState): Found[] {
  const out: Found[] = [];
  refs(s.json.entry, `${s.ptr}/entry`, true, out);
  refs(s.json.exit, `${s.ptr}/exit`, true, out);
  for (const [event, t] of Object.entries(s.json.on ?? {})) transitions(t, `${s.ptr}${pointer('on', event)}`, out);
  for (const [delay, t] of Object.entries(s.json.after ?? {})) transitions(t, `${s.ptr}${pointer('after', delay)}`, out);
  if (s.json.always !== undefined) transitions(s.json.always, `${s.ptr}/always`, out);
  if (s.json.onDone !== undefined) transitions(s.json.onDone, `${s.ptr}/onDone`, out);
  return out;
}

export function checkSpawnActions(states: Iterable<SpawnCheckState>, knownProcesses: ReadonlySet<string> | undefined, add: Add): void {
  for (const s of states) {
    for (const a of spawnActionsOf(s)) {
      let spawning: SpawnCheckState | null = s;
      while (spawning && spawning.json.meta?.spawn === undefined) spawning = spawning.parent;
      if (!spawning) {
        add('INVALID_ACTION', `${a.ptr}/type`, `spawnChildren (in ${s.id}) adds to the children of a state with meta.spawn; no state around it starts children`);
      } else if (spawning === s && a.entryOrExit) {
        add('INVALID_ACTION', `${a.ptr}/type`, `spawnChildren cannot run in the entry or exit of ${s.id}, the state whose children it adds to`);
      }
      const p = a.params;
      if (!isValidPath(p.forEach, ['context', 'event'])) add('INVALID_PATH', `${a.ptr}/params/forEach`, 'spawnChildren needs "forEach": a context or event path to a list');
      if (p.process !== undefined) {
        if (typeof p.process !== 'string' || p.process === '') add('INVALID_ACTION', `${a.ptr}/params/process`, 'process must be the id of a process package');
        else if (knownProcesses && !knownProcesses.has(p.process)) add('UNKNOWN_PROCESS', `${a.ptr}/params/process`, `Process "${p.process}" is not known`);
      }
      if (p.input === undefined) continue;
      if (p.input === null || typeof p.input !== 'object' || Array.isArray(p.input)) {
        add('INVALID_ACTION', `${a.ptr}/params/input`, 'input must be an object: field → context, item or event path');
        continue;
      }
      for (const [k, path] of Object.entries(p.input as Record<string, unknown>)) {
        if (!isValidPath(path, ['context', 'item', 'event'])) add('INVALID_PATH', `${a.ptr}/params/input${pointer(k)}`, `"${String(path)}" is not a context, item or event path`);
      }
    }
  }
}
