/**
 * The county's point rules (DOMAIN §7.5) as data: `definitions/deputy-points/rules.json` is the
 * default table, a county's overlay is a JSON Merge Patch (RFC 7396) over it, as for process
 * packages (engine/overlay.ts). Pure: no Node, no I/O.
 *
 * What an overlay may do: change titles and values, add claimable items, remove an item (null).
 * What it may not: add or change an item's `auto` triggers. Which process steps can write an
 * entry is then known from the base table alone, so the store can send exactly those steps
 * through a transaction (step-writer.ts `needsTransaction`) without reading the county first.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import baseDocument from '../../definitions/deputy-points/rules.json' with { type: 'json' };
import schema from '../../definitions/deputy-points/rules.schema.json' with { type: 'json' };
import { isJsonObject, mergePatch } from '../engine/overlay.ts';
import { unknownOperators } from '../engine/logic.ts';

export type EntryState = 'draft' | 'pendingReview' | 'pendingConfirm' | 'confirmed' | 'rejected';
export const ENTRY_STATES: readonly EntryState[] = ['draft', 'pendingReview', 'pendingConfirm', 'confirmed', 'rejected'];

export interface Words {
  title: string;
  title_en: string;
}

export interface PointTrigger {
  process: string;
  state?: string;
  event?: string;
  when?: unknown;
  deputies: { path: string } | { ballotVoters: true };
  cause: string;
  cause_en: string;
}

export interface PointRule extends Words {
  description?: string;
  description_en?: string;
  unit: string;
  points: number;
  claimable: boolean;
  order: number;
  source?: string;
  auto?: PointTrigger[];
}

export interface PointRules extends Words {
  version: number;
  description?: string;
  units: Record<string, Words>;
  states: Record<EntryState, Words>;
  actions: Record<string, Words>;
  rules: Record<string, PointRule>;
}

export interface RuleProblem {
  code: string;
  pointer: string;
  message: string;
}

let validator: ValidateFunction | undefined;
function validateShape(doc: unknown): RuleProblem[] {
  validator ??= new Ajv2020({ allErrors: true, strict: false, ownProperties: true }).compile(schema);
  if (validator(doc)) return [];
  return (validator.errors ?? []).map((e) => ({ code: 'RULES_SCHEMA', pointer: e.instancePath, message: `${e.message ?? 'invalid'}` }));
}

/** The default table, as shipped. */
export function baseRules(): PointRules {
  return baseDocument as unknown as PointRules;
}

const own = (obj: object, key: string) => Object.prototype.hasOwnProperty.call(obj, key);

/**
 * Problems of a rule table (after any overlay): its shape, units that exist, triggers whose
 * process is known (when `processes` is given: id → state names) and whose rules are well formed.
 */
export function checkRules(doc: unknown, processes?: ReadonlyMap<string, ReadonlySet<string>>): RuleProblem[] {
  const problems = validateShape(doc);
  if (problems.length > 0) return problems;
  const rules = doc as PointRules;
  for (const [code, rule] of Object.entries(rules.rules)) {
    if (!own(rules.units, rule.unit)) problems.push({ code: 'UNKNOWN_UNIT', pointer: `/rules/${code}/unit`, message: `Unit "${rule.unit}" is not in units` });
    (rule.auto ?? []).forEach((t, i) => {
      const at = `/rules/${code}/auto/${i}`;
      if (t.when !== undefined && unknownOperators(t.when).length > 0) problems.push({ code: 'UNKNOWN_OPERATOR', pointer: `${at}/when`, message: `Unknown JSON Logic operators: ${unknownOperators(t.when).join(', ')}` });
      if (!processes) return;
      const states = processes.get(t.process);
      if (!states) problems.push({ code: 'UNKNOWN_PROCESS', pointer: `${at}/process`, message: `No process "${t.process}"` });
      else if (t.state !== undefined && !states.has(t.state)) problems.push({ code: 'UNKNOWN_STATE', pointer: `${at}/state`, message: `Process "${t.process}" has no state "${t.state}"` });
    });
  }
  return problems;
}

/** Problems an overlay brings beyond those of the merged table: it touched `auto`. */
export function checkOverlay(base: PointRules, overlay: unknown): RuleProblem[] {
  if (!isJsonObject(overlay)) return [{ code: 'INVALID_OVERLAY', pointer: '', message: 'An overlay is a JSON object' }];
  const problems: RuleProblem[] = [];
  const rules = overlay.rules;
  if (isJsonObject(rules)) {
    for (const [code, patch] of Object.entries(rules)) {
      if (isJsonObject(patch) && own(patch, 'auto') && JSON.stringify(patch.auto) !== JSON.stringify(own(base.rules, code) ? base.rules[code]?.auto : undefined)) {
        problems.push({ code: 'AUTO_IN_OVERLAY', pointer: `/rules/${code}/auto`, message: 'An overlay may not add or change the events that write points automatically' });
      }
    }
  }
  if (own(overlay, 'version')) problems.push({ code: 'VERSION_IN_OVERLAY', pointer: '/version', message: 'The version is kept by the store, not by the overlay' });
  return problems;
}

/** Base merged with the overlays in order; throws nothing, check the result with checkRules. */
export function effectiveRules(base: PointRules, overlays: readonly unknown[]): PointRules {
  return overlays.reduce<unknown>((doc, patch) => mergePatch(doc, patch), base) as PointRules;
}

/** Rules in the order a person reads them. */
export function orderedRules(rules: PointRules): Array<PointRule & { code: string }> {
  return Object.entries(rules.rules)
    .map(([code, r]) => ({ ...r, code }))
    .sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}

export function ruleOf(rules: PointRules, code: string): PointRule | undefined {
  return own(rules.rules, code) ? rules.rules[code] : undefined;
}
