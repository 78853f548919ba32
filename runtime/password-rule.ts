/**
 * The password rule's numbers and words, without the common-password list: the app imports
 * this for its password fields (the list, 49,233 passwords, stays on the server in
 * password-policy.ts, which checks the rule).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** The rule in words, for the app's password fields. */
export const PASSWORD_RULE = {
  zh: `密码至少${PASSWORD_MIN_LENGTH}位（首尾空格不计），不能是常见密码、不能包含用户名、不能是简单重复`,
  en: `at least ${PASSWORD_MIN_LENGTH} characters (not counting spaces at either end); not a common password, not containing the username, not a simple repeat`,
} as const;
