/**
 * The one home of the password rule, used wherever a person sets a password (an admin
 * creating a user or setting a password, a user changing their own). Seeded fixtures (the demo
 * county's `demo`) are written as hashes and never pass through here.
 *
 * A password must
 * - have at least PASSWORD_MIN_LENGTH (10) characters once spaces at either end are trimmed,
 *   and at most PASSWORD_MAX_LENGTH (200) (counted in characters, not UTF-16 units);
 * - not be one of the 49,233 common passwords of @zxcvbn-ts/language-common (compared
 *   lower-cased and trimmed);
 * - not contain the username (lower-cased, usernames of 3 characters or more);
 * - not be one short piece repeated ("aaaaaaaaaa", "abcabcabcabc", "passwordpassword").
 *
 * Pure: no I/O; the list is loaded once with the module.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from './errors.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-rule.ts';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULE } from './password-rule.ts';

const COMMON: ReadonlySet<string> = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));


/** The first problem of `password` as a field error at `pointer`, or undefined when it may be used. */
export function passwordProblem(password: unknown, opts: { username?: string; pointer?: string } = {}): FieldError | undefined {
  const pointer = opts.pointer ?? '/password';
  const error = (message: string, message_en: string): FieldError => ({ pointer, message, message_en });
  if (typeof password !== 'string') return error('请输入密码', 'is required (a string)');
  const trimmed = password.trim();
  const length = [...trimmed].length;
  if (length < PASSWORD_MIN_LENGTH) return error(`密码至少${PASSWORD_MIN_LENGTH}位（首尾空格不计）`, `must have at least ${PASSWORD_MIN_LENGTH} characters, not counting spaces at either end`);
  if ([...password].length > PASSWORD_MAX_LENGTH) return error(`密码不能超过${PASSWORD_MAX_LENGTH}位`, `must have at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = trimmed.toLowerCase();
  if (COMMON.has(lower)) return error('这是常见密码，容易被猜中，请换一个', 'is a common password that is easy to guess; choose another');
  const username = opts.username?.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) return error('密码不能包含用户名', 'must not contain the username');
  if (/^([\s\S]+?)\1+$/u.test(lower)) return error('密码不能是简单重复的字符', 'must not be one short piece repeated');
  return undefined;
}
