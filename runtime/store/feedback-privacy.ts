/**
 * 背靠背 (suggestion-assignment setting feedbackChannel = DIRECT_TO_OFFICE, DOMAIN F1.7): the
 * deputy returns the feedback form straight to the office, so the handling unit is not pressed
 * into a "被满意". A unit clerk therefore sees THAT a rating was given and when (the number of
 * forms, their times), never its content (the ratings, comments, the co-signers' forms); the
 * rating itself only once the unit's handling is finished, when the office has concluded it. A
 * re-handling round reaches the unit as its task and notice ("代表对答复不满意"); what the deputy
 * wants is passed on by the office. With VIA_UNIT the form goes through the unit, which sees it.
 *
 * One home for the rule, used by the instance view (instance-views.ts, also the answers of a
 * start or a completion), the documents and a task's page (documents.ts). Who counts as the
 * unit: a caller holding the unit role and not the office (task-access.ts isOffice).
 */
import type { Actor, ProcessPackage } from '../engine/index.ts';
import { isOffice } from './task-access.ts';
/** The forms that carry a deputy's rating, by process. */
const FEEDBACK_FORMS: Record<string, readonly string[]> = { 'suggestion-assignment': ['feedback'] };
/** The events whose data is a rating. */
const FEEDBACK_EVENTS = new Set(['FEEDBACK', 'ESCALATION_RESOLVED']);

/** The caller is a unit's clerk (not also the office). */
export function isUnitOnly(actor: Actor | undefined): boolean {
  return !!actor && actor.roles.includes('unit') && !isOffice(actor);
}

const isDirect = (settings: unknown): boolean =>
  settings !== null && typeof settings === 'object' && (settings as Record<string, unknown>).feedbackChannel === 'DIRECT_TO_OFFICE';

/** A package (a definition version) whose deputies' forms go straight to the office. */
export function packageIsDirect(pkg: ProcessPackage): boolean {
  return Object.hasOwn(FEEDBACK_FORMS, pkg.id) && isDirect(pkg.settings);
}

/** A form of `pkg` a unit clerk must not read under 背靠背. */
export function withheldForm(pkg: ProcessPackage, form: string): boolean {
  return packageIsDirect(pkg) && (FEEDBACK_FORMS[pkg.id] ?? []).includes(form);
}

/** The feedback forms as the unit may see them: when each came in, nothing more. */
const onlyTimes = (v: unknown): unknown =>
  Array.isArray(v) ? v.map((f) => ({ at: f !== null && typeof f === 'object' ? ((f as Record<string, unknown>).at ?? null) : null, withheld: true })) : v;

/** One unit's handling record (a child's context, or its output in the parent's `assignments`) without the ratings' content. */
function hideInHandling(c: Record<string, unknown>, finished: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c, feedback: onlyTimes(c.feedback) };
  if ('ratings' in c) out.ratings = onlyTimes(c.ratings);
  if (!finished) {
    if ('satisfaction' in c) out.satisfaction = null;
    if ('processSatisfaction' in c) out.processSatisfaction = null;
  }
  return out;
}

/**
 * A context as a unit clerk may see it: a suggestion-assignment's under 背靠背 (its own
 * settings say so); a suggestion's finished units' records (`assignments`, `currentRound`) when
 * `direct` (its children's settings say so).
 */
export function contextForUnit(definitionId: string, context: Record<string, unknown>, direct: boolean): Record<string, unknown> {
  if (definitionId === 'suggestion-assignment') {
    return isDirect(context.settings) ? hideInHandling(context, context.result !== null && context.result !== undefined) : context;
  }
  if (definitionId === 'suggestion' && direct) {
    const records = (v: unknown) => (Array.isArray(v) ? v.map((a) => (a !== null && typeof a === 'object' ? hideInHandling(a as Record<string, unknown>, true) : a)) : v);
    return { ...context, assignments: records(context.assignments), currentRound: records(context.currentRound) };
  }
  return context;
}

/** A history entry's data (`{data, output, taskKey}`) without the rating it carried: a rating's form, or a finished unit's record (`child.done`). */
export function historyDataForUnit(type: string, data: unknown, direct: boolean): unknown {
  if (!direct || data === null || typeof data !== 'object') return data;
  const d = data as Record<string, unknown>;
  if (FEEDBACK_EVENTS.has(type)) return { ...d, data: { withheld: true } };
  if (type === 'child.done' && d.output !== null && typeof d.output === 'object') return { ...d, output: hideInHandling(d.output as Record<string, unknown>, true) };
  return data;
}

/** Whether a suggestion-assignment context is under 背靠背. */
export function contextIsDirect(context: Record<string, unknown>): boolean {
  return isDirect(context.settings);
}
