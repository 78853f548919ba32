/**
 * paths.ts `writeSerial`: the number the store allocates goes to `to`, and with `recordIn` also
 * onto the last entry of that list (the letter the step just appended), so a unit's earlier
 * letters keep their 文号 when the next one replaces `context.answer`.
 */
import { describe, expect, it } from 'vitest';
import { writeSerial } from '../../runtime/engine/index.ts';

const snap = (context: Record<string, unknown>) => ({ machine: { context } });

describe('writeSerial', () => {
  it('writes at `to`, and on the last entry of `recordIn` under the same key', () => {
    const before = snap({ answer: { body: '二' }, answers: [{ body: '一', letterNo: '函〔2026〕1号' }, { body: '二' }] });
    const after = writeSerial(before, { to: 'context.answer.letterNo', recordIn: 'context.answers' }, '函〔2026〕2号');
    expect(after.machine.context).toEqual({
      answer: { body: '二', letterNo: '函〔2026〕2号' },
      answers: [{ body: '一', letterNo: '函〔2026〕1号' }, { body: '二', letterNo: '函〔2026〕2号' }],
    });
    expect(before.machine.context.answers).toEqual([{ body: '一', letterNo: '函〔2026〕1号' }, { body: '二' }]);
  });

  it('leaves the list alone when it is missing, empty or its last entry is no object; without `recordIn` only `to`', () => {
    for (const answers of [undefined, [], ['text'], [null], [[1]]]) {
      const out = writeSerial(snap({ answers }), { to: 'context.answer.letterNo', recordIn: 'context.answers' }, 'N');
      expect(out.machine.context).toEqual({ answers, answer: { letterNo: 'N' } });
    }
    expect(writeSerial(snap({ answers: [{}] }), { to: 'context.serialNo' }, 'S').machine.context).toEqual({ answers: [{}], serialNo: 'S' });
  });
});
