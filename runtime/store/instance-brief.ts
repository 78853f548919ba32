/**
 * The brief answer of a start or a task completion, for a client that navigates afterwards
 * and asked for no more (HTTP `Prefer: return=minimal`, RFC 7240; the portal does): the
 * instance, its state in words, status, version and its open tasks as {id, key, title} — no
 * history, children, context or form schemas. Built from what the step already knows and what
 * its write statement answered (sql/step-write.ts `brief`), so it costs no extra round trip on
 * the optimistic path (W1: the full view was ~6 KB, ~0.14 ms of socket writes and the view's
 * tree/history/open-task JSON in PostgreSQL).
 */
import type { CompiledDefinition, StateJson } from '../engine/index.ts';
import type { BriefTaskRow } from './sql/step-write.ts';

export interface InstanceBrief {
  id: string;
  definitionId: string;
  /** The state id(s), as the full view's `state` ("screening"; parallel regions joined by ", "). */
  state: string;
  stateTitle: string;
  stateTitle_en: string;
  status: string;
  version: number;
  openTasks: Array<{ id: string; key: string; title: string; title_en: string | null }>;
}

export function instanceBrief(def: CompiledDefinition, id: string, state: string, status: string, version: number, tasks: BriefTaskRow[]): InstanceBrief {
  const words = stateWords(def, state);
  return {
    id,
    definitionId: def.id,
    state,
    stateTitle: words.title,
    stateTitle_en: words.title_en,
    status,
    version,
    openTasks: tasks.map((t) => ({ id: t.id, key: t.key, title: t.title, title_en: t.title_en ?? null })),
  };
}

/** "active.main.handling.drafting, active.assist.done" → the leaf states' titles, joined (a state without a title: its id). */
function stateWords(def: CompiledDefinition, state: string): { title: string; title_en: string } {
  const leaves = state.split(',').map((p) => p.trim()).filter(Boolean);
  const found = leaves.map((path) => {
    let at: StateJson | undefined = def.pkg.machine as StateJson;
    for (const part of path.split('.')) at = at?.states && Object.hasOwn(at.states, part) ? at.states[part] : undefined;
    const title = typeof at?.meta?.title === 'string' && at.meta.title !== '' ? at.meta.title : path;
    const en = typeof at?.meta?.title_en === 'string' && at.meta.title_en !== '' ? at.meta.title_en : title;
    return { title, title_en: en };
  });
  return { title: found.map((w) => w.title).join('；'), title_en: found.map((w) => w.title_en).join('; ') };
}
