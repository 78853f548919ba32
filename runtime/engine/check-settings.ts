/**
 * The checker's rules for the words of settings and delays (settingsInfo, delaysInfo): every
 * setting and every delay has a Chinese title, since a county admin edits them by their words,
 * and a setting's value is one of its options and inside its bounds. Pure; called by check.ts
 * once the package has its basic shape.
 */
import { pointer } from '../json-pointer.ts';
import type { CheckCode } from './check-codes.ts';
import { jsonEqual } from './json-equal.ts';
import { categoryChoices, chosenCategories, isTaxonomySetting, taxonomyFields } from './taxonomy.ts';
import type { ProcessPackage, SettingInfo } from './types.ts';

type Add = (code: CheckCode, ptr: string, message: string) => void;

const hasTitle = (info: { title?: unknown } | undefined): boolean => typeof info?.title === 'string' && info.title.trim() !== '';
const own = <T>(map: Record<string, T> | undefined, key: string): T | undefined => (map && Object.hasOwn(map, key) ? map[key] : undefined);

export function checkSettingAndDelayWords(pkg: ProcessPackage, add: Add): void {
  for (const name of Object.keys(pkg.delays)) {
    if (!hasTitle(own(pkg.delaysInfo, name))) add('DELAY_WITHOUT_TITLE', pointer('delays', name), `Delay "${name}" has no Chinese title in delaysInfo`);
  }
  for (const [key, value] of Object.entries(pkg.settings ?? {})) {
    const info = own(pkg.settingsInfo, key);
    if (!hasTitle(info)) add('SETTING_WITHOUT_TITLE', pointer('settings', key), `Setting "${key}" has no Chinese title in settingsInfo`);
    if (info) checkValue(info, value, pointer('settings', key), key, add);
  }
  checkTaxonomies(pkg, add);
}

const wordsOf = (info: SettingInfo | undefined, key: string): string => info?.title ?? key;

/**
 * Taxonomy settings (taxonomy.ts): every option of one carries categories with distinct codes;
 * a setting taking its options from one names a taxonomy of the package and holds only codes
 * of the chosen taxonomy (refused in words, naming the categories it may hold); a form field
 * bound to one names a taxonomy and offers exactly its chosen categories (a package whose
 * lists were not derived, or were written by hand).
 */
function checkTaxonomies(pkg: ProcessPackage, add: Add): void {
  const infos = pkg.settingsInfo ?? {};
  const taxonomy = (key: string) => isTaxonomySetting(own(infos, key));
  for (const [key, info] of Object.entries(infos)) {
    if (isTaxonomySetting(info)) {
      for (const [option, o] of Object.entries(info.options ?? {})) {
        const codes = (o.categories ?? []).map((c) => c.code);
        const ptr = pointer('settingsInfo', key, 'options', option, 'categories');
        if (codes.length === 0) add('INVALID_TAXONOMY', ptr, `设置“${info.title}”的选项“${o.title}”没有列出分类 / Setting "${key}": option "${option}" lists no categories`);
        const twice = codes.filter((c, i) => codes.indexOf(c) !== i);
        if (twice.length > 0) add('INVALID_TAXONOMY', ptr, `设置“${info.title}”的选项“${o.title}”重复列出分类 ${[...new Set(twice)].join('、')} / Setting "${key}": option "${option}" lists ${[...new Set(twice)].join(', ')} twice`);
      }
    }
    const from = info.optionsFrom;
    if (from === undefined) continue;
    const ptr = pointer('settingsInfo', key, 'optionsFrom');
    if (info.options !== undefined) add('INVALID_TAXONOMY', pointer('settingsInfo', key, 'options'), `设置“${info.title}”的选项取自分类设置“${from}”，不能另列选项 / Setting "${key}" takes its options from "${from}" and may not list its own`);
    if (!taxonomy(from)) {
      add('INVALID_TAXONOMY', ptr, `设置“${info.title}”的选项取自“${from}”，但本流程没有这个分类设置 / Setting "${key}" takes its options from "${from}", which is no taxonomy setting of this package`);
      continue;
    }
    const categories = chosenCategories(pkg, from);
    const value = own(pkg.settings as Record<string, unknown> | undefined, key);
    if (!categories || value === undefined) continue;
    const codes = new Set(categories.map((c) => c.code));
    const fromInfo = own(infos, from);
    const chosen = own(fromInfo?.options, String(own(pkg.settings as Record<string, unknown> | undefined, from)));
    const list = Array.isArray(value) ? value : [value];
    list.forEach((v, i) => {
      if (typeof v === 'string' && codes.has(v)) return;
      add(
        'SETTING_NOT_IN_TAXONOMY',
        Array.isArray(value) ? `${pointer('settings', key)}/${i}` : pointer('settings', key),
        `设置“${wordsOf(info, key)}”中的 ${JSON.stringify(v)} 不是所选“${wordsOf(fromInfo, from)}”（${chosen?.title ?? ''}）的分类，可选：${categories.map((c) => `${c.code}（${c.title}）`).join('、')} / ` +
          `Setting "${info.title_en ?? key}": ${JSON.stringify(v)} is not a category of the chosen "${fromInfo?.title_en ?? from}" (${chosen?.title_en ?? ''}); it may hold ${categories.map((c) => c.code).join(', ')}`,
      );
    });
  }
  for (const f of taxonomyFields(pkg)) {
    const ptr = `${pointer('forms', f.form)}${f.pointer}`;
    if (!taxonomy(f.setting)) {
      add('INVALID_TAXONOMY', ptr, `表单“${f.form}”的字段取分类设置“${f.setting}”，但本流程没有这个分类设置 / Form "${f.form}": a field takes the categories of "${f.setting}", which is no taxonomy setting of this package`);
      continue;
    }
    const categories = chosenCategories(pkg, f.setting);
    if (!categories) continue; // the setting's value is refused above
    // Compared as JSON values: a stored package comes back from jsonb with its keys reordered.
    if (!jsonEqual(f.schema.oneOf, categoryChoices(categories))) {
      add('INVALID_TAXONOMY', `${ptr}/oneOf`, `表单“${f.form}”的字段选项与所选“${wordsOf(own(infos, f.setting), f.setting)}”的分类不一致：选项由该设置生成，请改设置而不是表单 / Form "${f.form}": the field's choices differ from the chosen "${f.setting}" categories; they are derived from the setting`);
    }
  }
}

/** A value against its options (each element of a list) and bounds; an object setting key by key. */
function checkValue(info: SettingInfo, value: unknown, ptr: string, name: string, add: Add): void {
  // Options taken from a taxonomy are checked against its chosen categories (checkTaxonomies).
  if (info.options && info.optionsFrom === undefined) {
    const values = Array.isArray(value) ? value : [value];
    values.forEach((v, i) => {
      if (typeof v !== 'string' || !Object.hasOwn(info.options ?? {}, v)) {
        add('SETTING_NOT_AN_OPTION', Array.isArray(value) ? `${ptr}/${i}` : ptr, `Setting "${name}": ${JSON.stringify(v)} is not one of ${Object.keys(info.options ?? {}).join(', ')}`);
      }
    });
  }
  if (info.min !== undefined || info.max !== undefined) {
    const ok = typeof value === 'number' && Number.isFinite(value) && (info.min === undefined || value >= info.min) && (info.max === undefined || value <= info.max);
    if (!ok) add('SETTING_OUT_OF_RANGE', ptr, `Setting "${name}" must be a number from ${info.min ?? '-∞'} to ${info.max ?? '∞'}, not ${JSON.stringify(value)}`);
  }
  if (info.fields && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const sub = own(info.fields, k);
      if (sub) checkValue(sub, v, `${ptr}${pointer(k)}`, `${name}.${k}`, add);
    }
  }
}
