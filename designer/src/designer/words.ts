/**
 * What a county admin reads for the delays, settings, check errors and changes of a package:
 * "答复期限：3 个月", "最多重新办理次数：1 次", "状态“待签收”：转移目标不存在". Pure helpers;
 * the words come from the package (delaysInfo, settingsInfo, state and form titles) and the
 * checker's code catalogue (CHECK_CODES), never from keys, ISO 8601 or JSON pointers.
 */
import { CHECK_CODES, parseDuration, settingWithOptions, type DefinitionChange, type DefinitionError, type DelaySpec, type SettingInfo } from '../../../runtime/engine/index.ts';
import { isObj, pinOf, walkStates, type ProcessPackage } from './model.ts';

export type Lang = 'zh' | 'en';

// ---------------------------------------------------------------------------------------------
// Durations: a number and a unit, never ISO text

export type DurationUnit = 'hour' | 'day' | 'workday' | 'week' | 'month' | 'year';
export const DURATION_UNITS: DurationUnit[] = ['day', 'workday', 'week', 'month', 'year', 'hour'];

const UNIT_WORDS: Record<DurationUnit, { zh: string; en: [string, string]; max: number; iso: string }> = {
  hour: { zh: '小时', en: ['hour', 'hours'], max: 720, iso: 'H' },
  day: { zh: '天', en: ['day', 'days'], max: 366, iso: 'D' },
  workday: { zh: '个工作日', en: ['working day', 'working days'], max: 250, iso: '' },
  week: { zh: '周', en: ['week', 'weeks'], max: 52, iso: 'W' },
  month: { zh: '个月', en: ['month', 'months'], max: 24, iso: 'M' },
  year: { zh: '年', en: ['year', 'years'], max: 5, iso: 'Y' },
};

export const unitWord = (unit: DurationUnit, lang: Lang, n = 2): string => (lang === 'zh' ? UNIT_WORDS[unit].zh : UNIT_WORDS[unit].en[n === 1 ? 0 : 1]);

export interface DurationValue {
  amount: number;
  unit: DurationUnit;
}

/** A delay as one number and one unit; null for `{at}`, a mixed duration (P1M15D) or nonsense. */
export function durationOf(spec: DelaySpec | undefined): DurationValue | null {
  if (spec === undefined) return null;
  if (typeof spec === 'object') return 'workingDays' in spec && typeof spec.workingDays === 'number' ? { amount: spec.workingDays, unit: 'workday' } : null;
  const d = parseDuration(spec);
  if (!d) return null;
  const parts: Array<[number, DurationUnit]> = [[d.years, 'year'], [d.months, 'month'], [d.weeks, 'week'], [d.days, 'day'], [d.hours, 'hour']];
  const set = parts.filter(([n]) => n !== 0);
  if (d.minutes !== 0 || d.seconds !== 0 || set.length !== 1) return set.length === 0 && d.minutes === 0 && d.seconds === 0 ? { amount: 0, unit: 'day' } : null;
  const [amount, unit] = set[0] as [number, DurationUnit];
  return { amount, unit };
}

/** The delay value the format stores for a number and a unit: `P2M`, `PT12H`, `{workingDays: 10}`. */
export function delayFor(v: DurationValue): DelaySpec {
  if (v.unit === 'workday') return { workingDays: v.amount };
  if (v.unit === 'hour') return `PT${v.amount}H`;
  return `P${v.amount}${UNIT_WORDS[v.unit].iso}`;
}

/** What is wrong with a typed amount, in both languages; null when it is a whole number from 1 to the unit's maximum. */
export function amountProblem(text: string, unit: DurationUnit): { zh: string; en: string } | null {
  const max = UNIT_WORDS[unit].max;
  if (text.trim() === '') return { zh: '请填写期限的长度', en: 'Enter the length of the period' };
  const n = Number(text);
  if (!Number.isInteger(n)) return { zh: '期限须为整数', en: 'The period must be a whole number' };
  if (n < 1) return { zh: `期限须至少为 1 ${UNIT_WORDS[unit].zh}`, en: `The period must be at least 1 ${UNIT_WORDS[unit].en[0]}` };
  if (n > max) return { zh: `期限不能超过 ${max} ${UNIT_WORDS[unit].zh}`, en: `The period cannot exceed ${max} ${UNIT_WORDS[unit].en[1]}` };
  return null;
}

/** "3 个月", "10 个工作日", "1 年 6 个月"; an `{at}` delay as where its time comes from. */
export function delayWords(spec: DelaySpec | undefined, lang: Lang): string {
  if (spec === undefined) return lang === 'zh' ? '（无）' : '(none)';
  const one = durationOf(spec);
  if (one) return lang === 'zh' ? `${one.amount} ${unitWord(one.unit, 'zh')}` : `${one.amount} ${unitWord(one.unit, 'en', one.amount)}`;
  if (typeof spec === 'object') return lang === 'zh' ? '由流程数据中的时间确定' : 'a time from the process data';
  const d = parseDuration(spec);
  if (!d) return spec;
  const parts: Array<[number, DurationUnit | 'minute' | 'second']> = [[d.years, 'year'], [d.months, 'month'], [d.weeks, 'week'], [d.days, 'day'], [d.hours, 'hour'], [d.minutes, 'minute'], [d.seconds, 'second']];
  const word = (u: DurationUnit | 'minute' | 'second', n: number) =>
    u === 'minute' ? (lang === 'zh' ? '分钟' : n === 1 ? 'minute' : 'minutes') : u === 'second' ? (lang === 'zh' ? '秒' : n === 1 ? 'second' : 'seconds') : unitWord(u, lang, n);
  return parts.filter(([n]) => n !== 0).map(([n, u]) => `${n} ${word(u, n)}`).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Settings and delays by their words

const own = <T>(map: Record<string, T> | undefined, key: string): T | undefined => (map && Object.hasOwn(map, key) ? map[key] : undefined);
const pick = (w: { title?: string; title_en?: string } | undefined, lang: Lang): string => (lang === 'zh' ? w?.title : w?.title_en || w?.title) ?? '';

/** A setting's words; one taking its options from a taxonomy (需跟踪办理的办理结果分类) offers the chosen categories. */
export const settingInfo = (pkg: ProcessPackage, key: string): SettingInfo | undefined => settingWithOptions(pkg, key);
export const delayTitle = (pkg: ProcessPackage, name: string, lang: Lang): string => pick(own(pkg.delaysInfo, name), lang) || name;
export const settingTitle = (pkg: ProcessPackage, key: string, lang: Lang): string => pick(settingInfo(pkg, key), lang) || key;

/** A setting's value as words: option titles, 是/否, a number with its unit, an object key by key. */
export function settingWords(info: SettingInfo | undefined, value: unknown, lang: Lang, unitName?: (id: string) => string): string {
  if (value === undefined) return lang === 'zh' ? '（无）' : '(none)';
  if (typeof value === 'boolean') return value ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? (lang === 'zh' ? '（无）' : '(none)') : value.map((v) => settingWords(info, v, lang, unitName)).join(lang === 'zh' ? '、' : ', ');
  if (typeof value === 'string') {
    const option = own(info?.options, value);
    if (option) return pick(option, lang);
    return info?.picker === 'unit' && unitName ? unitName(value) : value;
  }
  if (typeof value === 'number') {
    const unit = lang === 'zh' ? info?.unit : info?.unit_en ?? info?.unit;
    return unit ? `${value} ${unit}` : String(value);
  }
  if (isObj(value)) {
    return Object.entries(value)
      .map(([k, v]) => {
        const sub = own(info?.fields, k);
        return `${pick(sub, lang) || k} ${settingWords(sub, v, lang, unitName)}`;
      })
      .join(lang === 'zh' ? '，' : ', ');
  }
  return JSON.stringify(value);
}

/** The kind of input a setting gets: a switch, a select of options, checkboxes of options, a number, text, a unit, number fields, or none (advanced). */
export type SettingInput = 'switch' | 'select' | 'multi' | 'number' | 'text' | 'unit' | 'fields' | 'advanced';

export function settingInput(info: SettingInfo | undefined, value: unknown): SettingInput {
  if (typeof value === 'boolean') return 'switch';
  if (info?.options && Array.isArray(value)) return 'multi';
  if (info?.options && typeof value === 'string') return 'select';
  if (info?.picker === 'unit' && typeof value === 'string') return 'unit';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'text';
  if (info?.fields && isObj(value) && Object.values(value).every((v) => typeof v === 'number')) return 'fields';
  return 'advanced';
}

/** What is wrong with a number typed for a setting; null when it fits its bounds. */
export function numberProblem(text: string, info: SettingInfo | undefined): { zh: string; en: string } | null {
  if (text.trim() === '' || !Number.isFinite(Number(text))) return { zh: '请填写数字', en: 'Enter a number' };
  const n = Number(text);
  const unit = info?.unit ?? '';
  if (info?.min !== undefined && n < info.min) return { zh: `不能小于 ${info.min}${unit ? ` ${unit}` : ''}`, en: `Cannot be less than ${info.min}` };
  if (info?.max !== undefined && n > info.max) return { zh: `不能大于 ${info.max}${unit ? ` ${unit}` : ''}`, en: `Cannot be more than ${info.max}` };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Check errors and changes in words

const stateName = (pkg: ProcessPackage, path: string, lang: Lang): string => {
  const n = walkStates(pkg.machine).get(path);
  const w = pick(n?.json.meta as { title?: string; title_en?: string } | undefined, lang);
  return w || (lang === 'zh' ? '（未命名状态）' : '(untitled state)');
};

const formName = (pkg: ProcessPackage, form: string, lang: Lang): string => {
  const s = own(pkg.forms, form);
  const ui = isObj(s?.['x-ui']) ? (s['x-ui'] as { label_en?: string }) : {};
  return (lang === 'zh' ? (s?.title as string | undefined) : ui.label_en ?? (s?.title as string | undefined)) ?? form;
};

const fieldName = (pkg: ProcessPackage, form: string, field: string, lang: Lang): string => {
  const props = isObj(own(pkg.forms, form)?.properties) ? (own(pkg.forms, form)?.properties as Record<string, { title?: string; 'x-ui'?: { label_en?: string } }>) : {};
  const f = own(props, field);
  return (lang === 'zh' ? f?.title : f?.['x-ui']?.label_en ?? f?.title) ?? field;
};

/** The place a pointer names, in words: 状态“待签收”, 期限“答复期限”, 表单“答复函”的字段“文号”. */
export function placeWords(pkg: ProcessPackage, pointer: string, lang: Lang): string {
  const pin = pinOf(pointer);
  const q = (s: string) => (lang === 'zh' ? `“${s}”` : ` "${s}"`);
  switch (pin.kind) {
    case 'state': return pin.path === '' ? (lang === 'zh' ? '整个流程' : 'The whole process') : `${lang === 'zh' ? '状态' : 'State'}${q(stateName(pkg, pin.path, lang))}`;
    case 'field': return pin.field ? `${lang === 'zh' ? '表单' : 'Form'}${q(formName(pkg, pin.form, lang))}${lang === 'zh' ? '的字段' : ', field'}${q(fieldName(pkg, pin.form, pin.field, lang))}` : `${lang === 'zh' ? '表单' : 'Form'}${q(formName(pkg, pin.form, lang))}`;
    case 'delay': return `${lang === 'zh' ? '期限' : 'Delay'}${q(delayTitle(pkg, pin.name, lang))}`;
    case 'setting': return `${lang === 'zh' ? '设置' : 'Setting'}${q(settingTitle(pkg, pin.name, lang))}`;
    default: return lang === 'zh' ? '流程包' : 'The package';
  }
}

/** A check error as a sentence from the code catalogue: "状态“待签收”：转移目标不存在". */
export function checkErrorWords(pkg: ProcessPackage, e: DefinitionError, lang: Lang): string {
  const entry = own(CHECK_CODES as Record<string, { zh: string; en: string }>, e.code);
  const what = entry ? entry[lang] : lang === 'zh' ? '定义有问题' : 'a problem in the definition';
  return `${placeWords(pkg, e.pointer, lang)}${lang === 'zh' ? '：' : ': '}${what}`;
}

/**
 * One change (GET …/diff) as a person reads it: "答复期限：3 个月 → 2 个月", "新增表单字段 答复函 · 办理成效评估".
 * `before` names what was removed, `after` what was added or changed.
 */
export function changeWords(c: DefinitionChange, before: ProcessPackage, after: ProcessPackage, lang: Lang, unitName?: (id: string) => string): string {
  const pin = pinOf(c.pointer);
  const arrow = ' → ';
  const colon = lang === 'zh' ? '：' : ': ';
  const zh = lang === 'zh';
  const pkgFor = c.kind.endsWith('-removed') ? before : after;
  switch (c.kind) {
    case 'setting-changed': {
      const key = pin.kind === 'setting' ? pin.name : '';
      const info = settingInfo(after, key) ?? settingInfo(before, key);
      return `${settingTitle(after, key, lang)}${colon}${settingWords(info, c.before, lang, unitName)}${arrow}${settingWords(info, c.after, lang, unitName)}`;
    }
    case 'delay-changed':
    case 'delay-added':
    case 'delay-removed': {
      const name = pin.kind === 'delay' ? pin.name : '';
      const title = delayTitle(pkgFor, name, lang);
      if (c.kind === 'delay-added') return `${zh ? '新增期限' : 'New delay'} ${title}${colon}${delayWords(c.after as DelaySpec, lang)}`;
      if (c.kind === 'delay-removed') return `${zh ? '删除期限' : 'Delay removed'} ${title}`;
      return `${title}${colon}${delayWords(c.before as DelaySpec, lang)}${arrow}${delayWords(c.after as DelaySpec, lang)}`;
    }
    case 'state-added': return `${zh ? '新增' : 'Added: '}${placeWords(pkgFor, c.pointer, lang)}`;
    case 'state-removed': return `${zh ? '删除' : 'Removed: '}${placeWords(pkgFor, c.pointer, lang)}`;
    case 'form-added':
    case 'field-added': return `${zh ? '新增' : 'Added: '}${placeWords(pkgFor, c.pointer, lang)}`;
    case 'form-removed':
    case 'field-removed': return `${zh ? '删除' : 'Removed: '}${placeWords(pkgFor, c.pointer, lang)}`;
    case 'field-changed': return `${zh ? '修改' : 'Changed: '}${placeWords(pkgFor, c.pointer, lang)}`;
    case 'transition-added':
    case 'transition-removed':
    case 'transition-changed': return `${placeWords(pkgFor, c.pointer, lang)}${zh ? '的流转有修改' : ': its transitions changed'}`;
    case 'task-changed': return `${placeWords(pkgFor, c.pointer, lang)}${zh ? '的任务有修改' : ': its task changed'}`;
    case 'label-changed': return `${placeWords(pkgFor, c.pointer, lang)}${zh ? '的名称' : ': title'}${colon}${typeof c.before === 'string' ? c.before : ''}${arrow}${typeof c.after === 'string' ? c.after : ''}`;
    default: {
      const top = c.pointer.split('/')[1] ?? '';
      if (top === 'settingsInfo' || top === 'delaysInfo') return zh ? '期限和设置的说明有修改' : 'The words of delays and settings changed';
      if (top === 'events') return zh ? '办理结果的名称有修改' : 'Outcome titles changed';
      return `${placeWords(pkgFor, c.pointer, lang)}${zh ? '有其他修改' : ': other changes'}`;
    }
  }
}
