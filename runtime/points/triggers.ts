/**
 * Which point rules a process step sets off (DOMAIN §8: participation events feed §7). Pure:
 * the store calls `awardsOf` with the step it is writing and writes the entries in the same
 * transaction (store/point-awards.ts). A trigger fires when the step enters its `state` (it was
 * not in it before) and/or handles its `event`, and its `when` rule holds over {context, event}.
 */
import { evaluateLogic, truthy } from '../engine/logic.ts';
import { baseRules, type PointRule, type PointRules, type PointTrigger } from './rules.ts';

export interface StepFacts {
  process: string;
  event: string;
  from: string;
  to: string;
  context: Record<string, unknown>;
  eventData?: unknown;
}

export interface Award {
  code: string;
  rule: PointRule;
  trigger: PointTrigger;
  /** Deputies named by the context; for `ballotVoters` the store reads the roll. */
  deputyIds: string[] | 'ballotVoters';
}

/** Is a leaf of the display state value (engine/state-value.ts) `name` or inside it? */
export function inState(value: string, name: string): boolean {
  return value.split(', ').some((leaf) => leaf === name || leaf.startsWith(`${name}.`));
}

function fires(t: PointTrigger, step: StepFacts): boolean {
  if (t.process !== step.process) return false;
  if (t.event !== undefined && t.event !== step.event) return false;
  if (t.state !== undefined && !(inState(step.to, t.state) && !inState(step.from, t.state))) return false;
  if (t.when !== undefined && !truthy(evaluateLogic(t.when, { context: step.context, event: { type: step.event, data: step.eventData } }))) return false;
  return true;
}

function valueAt(context: Record<string, unknown>, path: string): unknown {
  let at: unknown = { context };
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function deputiesAt(context: Record<string, unknown>, path: string): string[] {
  const v = valueAt(context, path);
  const list = Array.isArray(v) ? v : [v];
  return [...new Set(list.filter((x): x is string => typeof x === 'string' && x.length > 0))];
}

export function awardsOf(rules: PointRules, step: StepFacts): Award[] {
  const out: Award[] = [];
  for (const [code, rule] of Object.entries(rules.rules)) {
    for (const t of rule.auto ?? []) {
      if (!fires(t, step)) continue;
      out.push({ code, rule, trigger: t, deputyIds: 'ballotVoters' in t.deputies ? 'ballotVoters' : deputiesAt(step.context, t.deputies.path) });
    }
  }
  return out;
}

/**
 * Could this step write an entry for any county? From the base table: overlays may not touch
 * `auto` (rules.ts checkOverlay). The store sends such steps through a transaction.
 */
export function mayAward(process: string, event: string, from: string, to: string): boolean {
  for (const rule of Object.values(baseRules().rules)) {
    for (const t of rule.auto ?? []) {
      if (t.process !== process) continue;
      if (t.event !== undefined && t.event !== event) continue;
      if (t.state !== undefined && !(inState(to, t.state) && !inState(from, t.state))) continue;
      return true;
    }
  }
  return false;
}

/** The cause of an auto entry in words, from its trigger's template. */
export function causeWords(t: PointTrigger, instanceTitle: string): { zh: string; en: string } {
  const fill = (s: string) => s.split('{instanceTitle}').join(instanceTitle);
  return { zh: fill(t.cause), en: fill(t.cause_en) };
}
