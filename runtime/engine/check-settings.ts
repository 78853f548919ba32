/**
 * The checker's rules for the words of settings and delays (settingsInfo, delaysInfo): every
 * setting and every delay has a Chinese title, since a county admin edits them by their words,
 * and a setting's value is one of its options and inside its bounds. Pure; called by check.ts
 * once the package has its basic shape.
 */
import { pointer } from '../json-pointer.ts';
import type { CheckCode } from './check-codes.ts';
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
}

/** A value against its options (each element of a list) and bounds; an object setting key by key. */
function checkValue(info: SettingInfo, value: unknown, ptr: string, name: string, add: Add): void {
  if (info.options) {
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
