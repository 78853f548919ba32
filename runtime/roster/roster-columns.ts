/**
 * The columns of a roster file: which header names (Chinese or English) mean which field, and
 * how a cell's text becomes a value.
 */
import type { RosterField } from './types.ts';

export interface ColumnSpec {
  /** The name shown in messages and templates. */
  zh: string;
  en: string;
  /** Accepted header names, compared after `headerKey`. */
  aliases: readonly string[];
}

export const COLUMNS: Readonly<Record<RosterField, ColumnSpec>> = {
  name: { zh: '姓名', en: 'name', aliases: ['姓名', '代表姓名', 'name'] },
  delegation: { zh: '代表团', en: 'delegation', aliases: ['代表团', '所属代表团', 'delegation'] },
  group: { zh: '代表小组', en: 'group', aliases: ['代表小组', '所属代表小组', 'group', 'deputygroup'] },
  phone: { zh: '手机', en: 'phone', aliases: ['手机', '手机号', '手机号码', 'phone', 'mobile'] },
  standingCommittee: {
    zh: '常委会组成人员',
    en: 'standingCommittee',
    aliases: ['常委会组成人员', '是否常委会组成人员', 'standingcommittee', 'standingcommitteemember'],
  },
  username: { zh: '用户名', en: 'username', aliases: ['用户名', '登录名', 'username'] },
};

/**
 * Header text as compared: NFKC (full-width letters and spaces become ASCII), no whitespace,
 * `_`, `-` or a trailing required-marker `*`, lower case. So `Standing Committee`,
 * `standing_committee` and `姓名*` all match.
 */
export function headerKey(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s_\-*]/g, '').toLowerCase();
}

const FIELD_BY_KEY: ReadonlyMap<string, RosterField> = new Map(
  (Object.entries(COLUMNS) as Array<[RosterField, ColumnSpec]>).flatMap(([field, spec]) => spec.aliases.map((a) => [headerKey(a), field] as const)),
);

export function fieldOfHeader(raw: string): RosterField | undefined {
  return FIELD_BY_KEY.get(headerKey(raw));
}

export const KNOWN_COLUMNS_ZH = Object.values(COLUMNS).map((c) => c.zh).join('、');
export const KNOWN_COLUMNS_EN = Object.values(COLUMNS).map((c) => c.en).join(', ');

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', '']);

/** 是/否, Y/N, yes/no, true/false, 1/0 (any case, full-width too); blank is 否; else undefined. */
export function parseYesNo(text: string): boolean | undefined {
  const key = text.normalize('NFKC').trim().toLowerCase();
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return undefined;
}

/** A mainland mobile number: 11 digits starting 13–19. */
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * The phone's 11 digits, or undefined when it is not a mainland mobile. Full-width digits,
 * spaces, hyphens and a +86 / 86 prefix are accepted (`+86 138-0013-8000`).
 */
export function normalizePhone(text: string): string | undefined {
  let digits = text.normalize('NFKC').replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return MOBILE.test(digits) ? digits : undefined;
}

/** The rule of POST /api/users (server/user-input.ts), so imported users could also be made there. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;

export const NAME_MAX = 20;
export const TEXT_MAX = 50;
/** A county roster has a few hundred deputies; 10,000 bounds one import's statements and memory. */
export const MAX_DATA_ROWS = 10_000;
