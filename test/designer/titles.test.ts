/**
 * The designer's titles for what the state editor shows (designer/src/designer/titles.ts):
 * data paths read as the context's, forms' and settings' titles, pickers offer titles, and a
 * key for a new outcome or state is made from its English title, never one already taken.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { contextChoices, guardChoices, keyFromTitle, pathTitle, statePlace, valueTitles } from '../../designer/src/designer/titles.ts';
import { walkStates } from '../../designer/src/designer/model.ts';
import type { JsonSchema, ProcessPackage } from '../../runtime/engine/index.ts';

const dir = new URL('../../definitions/suggestion-assignment/', import.meta.url);
const raw = JSON.parse(readFileSync(new URL('process.json', dir), 'utf8')) as ProcessPackage & { forms: Record<string, string> };
const assignment: ProcessPackage = {
  ...raw,
  forms: Object.fromEntries(Object.entries(raw.forms).map(([k, file]) => [k, JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as JsonSchema])),
};

describe('designer titles', () => {
  it('reads data paths as titles', () => {
    expect(pathTitle(assignment, 'context.unitId')).toBe('答复单位');
    expect(pathTitle(assignment, 'context.settings.consultationRequired')).toBe('县级设置 · 答复前须面商');
    expect(pathTitle(assignment, 'event.data.contactPerson', 'answer')).toBe('所填表单 · 联系人');
    expect(pathTitle(assignment, 'event.data.contactPerson')).toBe('答复函 · 联系人');
    expect(pathTitle(assignment, 'item', null, 'context.assistUnitIds')).toBe('列表中的每一项（协办单位）');
    // Nothing names it: the path as written.
    expect(pathTitle(assignment, 'context.nowhere')).toBe('context.nowhere');
  });

  it('offers titled fields: ids for who acts, form fields, context and settings for guards', () => {
    const units = contextChoices(assignment, 'context.assistUnitIds', true);
    expect(units[0]).toEqual({ path: 'item', title: '列表中的每一项（协办单位）' });
    expect(units).toContainEqual({ path: 'context.unitId', title: '答复单位' });
    // A list or a flag cannot name who acts.
    expect(units.map((c) => c.path)).not.toContain('context.assistUnitIds');
    expect(units.map((c) => c.path)).not.toContain('context.confidential');
    const guards = guardChoices(assignment, 'feedback');
    expect(guards.map((c) => c.path)).toEqual(expect.arrayContaining(['context.settings.maxRehandle', 'context.rehandleCount']));
    expect(guards.find((c) => c.path === 'context.settings.maxRehandle')?.title).toBe('县级设置 · 最多重新办理次数');
    expect(guards.every((c) => c.title !== c.path)).toBe(true);
  });

  it('names a state by its chain of titles, the machine by the process title', () => {
    const states = walkStates(assignment.machine);
    expect(statePlace(assignment, states, 'active.main.pendingAcceptance')).toBe('办理中 › 主办 › 待签收');
    expect(statePlace(assignment, states, '')).toBe('承办单位办理代表建议');
  });

  it('makes a key from the English title, unique, with a numbered fallback', () => {
    expect(keyFromTitle('Send back', 'event', new Set())).toBe('SEND_BACK');
    expect(keyFromTitle('Send back', 'event', new Set(['SEND_BACK']))).toBe('SEND_BACK_2');
    expect(keyFromTitle('', 'event', new Set(['OUTCOME_2']))).toBe('OUTCOME_3');
    expect(keyFromTitle('Second review', 'state', new Set())).toBe('secondReview');
    expect(keyFromTitle('复核', 'state', new Set())).toBe('state2');
    expect(keyFromTitle('2nd review', 'state', new Set())).toBe('state2');
  });

  it('reads a parallel state value as one title chain per region, never a path', () => {
    const states = walkStates(assignment.machine);
    const value = { active: { main: 'pendingAcceptance', assist: 'done' } };
    expect(valueTitles(states, value)).toBe('办理中 › 主办 › 待签收；办理中 › 协办意见 › 协办意见已齐');
    // The engine's stateString drops the parents of the second region ("assist.done"); the one state ending so is found.
    expect(valueTitles(states, 'active.main.pendingAcceptance, assist.done')).toBe('办理中 › 主办 › 待签收；办理中 › 协办意见 › 协办意见已齐');
  });
});
