/**
 * Task choices (engine/task-choices.ts) and the candidates a vote left out (engine/not-chosen.ts),
 * pure: the options and limit read from the context, the narrowed form, and the field errors a
 * completion gets for a value not offered or too many values.
 */
import { describe, expect, it } from 'vitest';
import { choiceErrors, narrowForm, resolveChoices } from '../../runtime/engine/index.ts';
import { notChosen } from '../../runtime/engine/not-chosen.ts';

const candidates = [
  { id: 'a', name: '老旧小区改造' },
  { id: 'b', name: '公共场所AED配置' },
  { id: 'c', name: '小学课后托管服务' },
];
// Round 1 counted all three; a re-vote counted only b (its later count wins).
const results = [
  { counts: [{ candidateId: 'a', approve: 5 }, { candidateId: 'b', approve: 2 }, { candidateId: 'c', approve: 1 }] },
  { counts: [{ candidateId: 'b', approve: 3 }] },
];

describe('the candidates a vote left out, offered to the standing committee', () => {
  const context = { notChosen: notChosen(candidates, ['a'], results), shortfall: { seatsLeft: 1 } };
  const specs = { ids: { from: 'context.notChosen', label: '{item.name}（得票{item.votes}）', label_en: '{item.name} ({item.votes} votes)', max: 'context.shortfall.seatsLeft' } };

  it('lists those not chosen with their latest votes', () => {
    expect(context.notChosen.map((c) => [c.id, c.votes])).toEqual([['b', 3], ['c', 1]]);
    expect(notChosen(candidates, [], []).map((c) => c.votes)).toEqual([null, null, null]);
  });

  it('narrows an array field to the options, at most the limit', () => {
    const choices = resolveChoices(specs, context);
    const schema = { type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } }, note: { type: 'string' } } };
    const narrowed = narrowForm(schema, choices) as any;
    expect(narrowed.properties.ids).toMatchObject({ maxItems: 1, uniqueItems: true, items: { oneOf: [{ const: 'b', title: '公共场所AED配置（得票3）' }, { const: 'c', title: '小学课后托管服务（得票1）' }] } });
    expect(narrowed.properties.note).toEqual({ type: 'string' });
    expect(schema.properties.ids).toEqual({ type: 'array', items: { type: 'string' } }); // the package's form is not changed
  });

  it('refuses a value not offered and too many values, in words', () => {
    const choices = resolveChoices(specs, context);
    expect(choiceErrors(choices, { ids: ['b'] })).toEqual([]);
    expect(choiceErrors(choices, { ids: [] })).toEqual([]);
    expect(choiceErrors(choices, { ids: ['a'] }).map((e) => [e.pointer, e.message])).toEqual([['/ids/0', '所选项不在可选范围内']]);
    expect(choiceErrors(choices, { ids: ['b', 'c'] }).map((e) => [e.pointer, e.message, e.message_en])).toEqual([['/ids', '最多可选1项', 'at most 1 may be chosen']]);
  });
});
