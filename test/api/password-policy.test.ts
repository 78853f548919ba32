/**
 * The password rule (runtime/password-policy.ts): at least 10 characters once trimmed, not one
 * of the 49,233 common passwords, not containing the username, not a simple repeat — wherever
 * a person sets a password (admin creates or resets, a user changes their own). The demo
 * county's `demo` is a seeded fixture written as a hash and still signs in.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../runtime/password-policy.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';
import { authApp, seedAccounts } from '../support/auth-app.ts';

// Each case seeds a database and signs in many times (scrypt): minutes on a loaded CI box.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

describe('password rule', () => {
  it('refuses short, blank, common, username-bearing and repeated passwords with words in Chinese and English', () => {
    expect(dictionary['passwords-common'].length).toBe(49_233);
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    const cases: Array<[string, string | undefined]> = [
      ['12345678', '至少10位'],
      [' '.repeat(8), '至少10位'],
      [' '.repeat(12), '至少10位'],
      ['  short9!  ', '至少10位'],
      ['1234567890', '常见密码'],
      ['Password123', '常见密码'],
      ['  qwertyuiop  ', '常见密码'],
      ['zhangwei-2026', '用户名'],
      ['aaaaaaaaaaaa', '重复'],
      ['ab1ab1ab1ab1', '重复'],
      ['x'.repeat(201), '不能超过'],
      ['lotus-river-7', undefined],
      ['人民代表大会常务委员会', undefined],
    ];
    for (const [password, problem] of cases) {
      const found = passwordProblem(password, { username: 'zhangwei' });
      if (problem === undefined) expect(found, password).toBeUndefined();
      else {
        expect(found?.message, password).toContain(problem);
        expect(found?.message_en, password).toMatch(/[a-z]/);
        expect(found?.pointer).toBe('/password');
      }
    }
  });
});

describeEachDatabase('password rule over the API', (open) => {
  const handles: TestHandle[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0)) await h.close();
  });

  it('applies to a new user and to a reset by the county admin; the seeded demo password still signs in', async () => {
    const h = await open();
    handles.push(h);
    const { call, login } = authApp(h, await seedAccounts(h));
    const demo = await login('admin', 'demo', { county: 'demo' });
    expect(demo.status).toBe(200);
    const admin = demo.body.token as string;
    const user = (password: string) => ({ username: 'clerk9', displayName: '赵敏', password, roles: ['staff'] });
    for (const weak of ['12345678', '        ', 'iloveyou12', 'clerk9-clerk9']) {
      const refused = await call('POST', '/users', { token: admin, body: user(weak) });
      expect([refused.status, refused.body.error.code], weak).toEqual([400, 'INVALID_INPUT']);
      expect(refused.body.error.details.errors).toEqual([{ pointer: '/password', message: expect.stringMatching(/密码|常见/), message_en: expect.any(String) }]);
    }
    expect((await call('POST', '/users', { token: admin, body: user('lotus-river-7') })).status).toBe(201);
    const reset = await call('PATCH', '/users/demo-leader', { token: admin, body: { password: 'leader-leader' } });
    expect(reset.body.error.details.errors[0]).toMatchObject({ pointer: '/password', message: '密码不能包含用户名' });
    const spaces = await call('PATCH', '/users/demo-leader', { token: admin, body: { password: ' '.repeat(8) } });
    expect(spaces.status).toBe(400);
    expect((await login('leader')).status).toBe(200);
  });
});
