/**
 * The designer's words for delays, settings, check errors and changes (designer/src/designer/words.ts):
 * durations go both ways between "a number and a unit" and what the format stores, so an admin
 * never types ISO 8601; bad lengths are refused with a Chinese message.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { amountProblem, changeWords, checkErrorWords, delayFor, delayWords, durationOf, settingInfo, settingInput, settingWords } from '../../designer/src/designer/words.ts';
import type { ProcessPackage } from '../../runtime/engine/index.ts';

const assignment = JSON.parse(readFileSync(new URL('../../definitions/suggestion-assignment/process.json', import.meta.url), 'utf8')) as ProcessPackage;

describe('designer words', () => {
  it('reads and writes durations as a number and a unit', () => {
    expect(durationOf('P3M')).toEqual({ amount: 3, unit: 'month' });
    expect(durationOf({ workingDays: 7 })).toEqual({ amount: 7, unit: 'workday' });
    expect(durationOf('P1M15D')).toBeNull();
    expect(durationOf({ at: 'context.dueAt' })).toBeNull();
    expect(delayFor({ amount: 2, unit: 'month' })).toBe('P2M');
    expect(delayFor({ amount: 10, unit: 'workday' })).toEqual({ workingDays: 10 });
    expect(delayFor({ amount: 12, unit: 'hour' })).toBe('PT12H');
    for (const spec of ['P10D', 'P2W', 'P1Y', 'PT4H', 'P6M']) expect(delayFor(durationOf(spec)!)).toBe(spec);
    expect([delayWords('P3M', 'zh'), delayWords({ workingDays: 10 }, 'zh'), delayWords('P1M15D', 'zh'), delayWords('P1M', 'en')]).toEqual(['3 个月', '10 个工作日', '1 个月 15 天', '1 month']);
  });

  it('refuses a length that is not a whole number from 1 to the unit\'s maximum', () => {
    expect(amountProblem('0', 'month')?.zh).toBe('期限须至少为 1 个月');
    expect(amountProblem('-2', 'day')?.zh).toBe('期限须至少为 1 天');
    expect(amountProblem('25', 'month')?.zh).toBe('期限不能超过 24 个月');
    expect(amountProblem('1.5', 'week')?.zh).toBe('期限须为整数');
    expect(amountProblem('', 'year')?.zh).toBe('请填写期限的长度');
    expect(amountProblem('24', 'month')).toBeNull();
  });

  it('says settings, check errors and changes in words', () => {
    const info = assignment.settingsInfo ?? {};
    expect(settingWords(info.maxRehandle, 1, 'zh')).toBe('1 次');
    expect(settingWords(info.rehandleOn, ['UNSATISFIED', 'BASIC'], 'zh')).toBe('不满意、基本满意');
    expect(settingWords(info.consultationRequired, true, 'en')).toBe('yes');
    expect(checkErrorWords(assignment, { code: 'SETTING_OUT_OF_RANGE', pointer: '/settings/maxRehandle', message: '' }, 'zh')).toBe('设置“最多重新办理次数”：设置值超出允许的范围');
    expect(checkErrorWords(assignment, { code: 'UNKNOWN_TARGET', pointer: '/machine/states/active/states/main/states/pendingAcceptance/on/ACCEPT/target', message: '' }, 'zh')).toBe('状态“待签收”：转移目标不存在');
    // The taxonomy by its title; the codes followed up offered as the chosen taxonomy's categories.
    expect(settingWords(info.resultTaxonomy, 'FOUR_LEVEL_AD', 'zh')).toBe('四类：A 已解决、B 正在解决、C 列入规划、D 暂难解决');
    expect(settingWords(settingInfo(assignment, 'followUpCodes'), ['B', 'C'], 'zh')).toBe('B类（已列入计划逐步解决）、C类（受客观条件限制暂时难以解决，留作参考）');
    expect(settingInput(settingInfo(assignment, 'followUpCodes'), ['B', 'C'])).toBe('multi');
    const four = { ...assignment, settings: { ...assignment.settings, resultTaxonomy: 'FOUR_LEVEL_AD' } };
    expect(Object.keys(settingInfo(four, 'followUpCodes')?.options ?? {})).toEqual(['A', 'B', 'C', 'D']);
    expect(settingWords(settingInfo(four, 'followUpCodes'), ['D'], 'en')).toBe('D (cannot be solved now because of constraints; kept for reference)');
    const change = { kind: 'delay-changed' as const, pointer: '/delays/answerPeriod', summary_zh: '', summary_en: '', before: 'P3M', after: 'P2M' };
    expect(changeWords(change, assignment, assignment, 'zh')).toBe('答复期限：3 个月 → 2 个月');
    expect(changeWords(change, assignment, assignment, 'en')).toBe('Answer period: 3 months → 2 months');
  });
});
