/**
 * The result taxonomy (办理结果分类) has one home, the options of the setting `resultTaxonomy`:
 * the answer form's choices follow the setting a county's overlay leaves, a setting naming
 * categories (需跟踪办理的办理结果分类) may hold only the chosen taxonomy's codes (refused in
 * words), and an overlay may not write the derived choices by hand.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { DEFINITIONS_DIR, readPackageDir } from '../../runtime/definition-files.ts';
import { applyOverlays, checkPackage, settingWithOptions, taxonomyContext, type ProcessPackage } from '../../runtime/engine/index.ts';

const base = readPackageDir(join(DEFINITIONS_DIR, 'suggestion-assignment'));
const overlayFile = (name: string): unknown => JSON.parse(readFileSync(join(DEFINITIONS_DIR, 'suggestion-assignment', 'overlays', name), 'utf8'));
const county = (...patches: unknown[]): ProcessPackage => applyOverlays(base, patches.map((patch) => ({ level: 'county', patch })));
const choices = (pkg: ProcessPackage) =>
  ((pkg.forms.answer as { properties: { resultCode: { oneOf: Array<{ const: string; title: string }> } } }).properties.resultCode.oneOf).map((o) => `${o.const} ${o.title}`);

describe('result taxonomy', () => {
  it('the answer form offers the chosen taxonomy: three by default, four in the four-level overlay', () => {
    expect(choices(base)).toEqual(['A 已经解决或基本解决', 'B 已列入计划逐步解决', 'C 受客观条件限制暂时难以解决，留作参考']);
    const four = county(overlayFile('four-level-results.json'));
    expect(choices(four)).toEqual(['A 已经解决或基本解决', 'B 正在解决或有关工作已启动', 'C 已列入规划计划逐步解决', 'D 因条件限制暂时难以解决，留作参考']);
    expect(checkPackage(four)).toEqual([]);
    // Back to three a level below: D is gone again.
    expect(choices(county(overlayFile('four-level-results.json'), { settings: { resultTaxonomy: 'CHENGDU_3' } }))).toHaveLength(3);
  });

  it("a region rewords the categories in the setting's option, and the form follows (Chengdu's wording)", () => {
    const chengdu = county(overlayFile('chengdu.json'));
    expect(choices(chengdu)[0]).toBe('A 所提问题已解决或基本解决');
    expect(checkPackage(chengdu)).toEqual([]);
  });

  it('the codes followed up are offered as the chosen categories, and the context carries them', () => {
    const four = county(overlayFile('four-level-results.json'));
    expect(Object.entries(settingWithOptions(four, 'followUpCodes')?.options ?? {}).map(([k, o]) => `${k} ${o.title}`)).toEqual([
      'A A类（已经解决或基本解决）',
      'B B类（正在解决或有关工作已启动）',
      'C C类（已列入规划计划逐步解决）',
      'D D类（因条件限制暂时难以解决，留作参考）',
    ]);
    expect(taxonomyContext(four).resultCategories?.map((c) => c.code)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('an overlay naming a code outside the chosen taxonomy is refused, in words', () => {
    const errors = checkPackage(county({ settings: { followUpCodes: ['B', 'D'] } }));
    expect(errors.map((e) => [e.code, e.pointer])).toEqual([['SETTING_NOT_IN_TAXONOMY', '/settings/followUpCodes/1']]);
    expect(errors[0]!.message).toContain('设置“需跟踪办理的办理结果分类”中的 "D" 不是所选“办理结果分类”（三类');
    expect(errors[0]!.message).toContain('可选：A（已经解决或基本解决）、B（已列入计划逐步解决）、C（受客观条件限制暂时难以解决，留作参考）');
    // The same code is fine once the county chooses the four-level taxonomy.
    expect(checkPackage(county(overlayFile('four-level-results.json'), { settings: { followUpCodes: ['B', 'D'] } }))).toEqual([]);
  });

  it('an overlay that writes the answer choices by hand is refused: the setting is their one home', () => {
    const patch = { forms: { answer: { properties: { resultCode: { oneOf: [{ const: 'A', title: '已解决' }] } } } } };
    expect(() => county(patch)).toThrow(/不能直接改写由“办理结果分类”等分类设置生成的选项（\/forms\/answer\/properties\/resultCode\/oneOf）/);
  });

  it('a package whose bound field disagrees with the chosen taxonomy does not check', () => {
    const pkg = structuredClone(base);
    (pkg.forms.answer as { properties: { resultCode: { oneOf: unknown[] } } }).properties.resultCode.oneOf.pop();
    expect(checkPackage(pkg).map((e) => [e.code, e.pointer])).toEqual([['INVALID_TAXONOMY', '/forms/answer/properties/resultCode/oneOf']]);
  });

  it('a setting taking its options from a setting that is no taxonomy does not check', () => {
    const pkg = structuredClone(base);
    pkg.settingsInfo!.followUpCodes!.optionsFrom = 'feedbackChannel';
    expect(checkPackage(pkg).map((e) => [e.code, e.pointer])).toEqual([['INVALID_TAXONOMY', '/settingsInfo/followUpCodes/optionsFrom']]);
  });
});
