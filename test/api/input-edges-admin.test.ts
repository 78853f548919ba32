/**
 * The JSON bodies this year's admin routes added — notification settings and a user's own
 * channels (server/routes/notification-delivery.ts), the holiday calendar and a term's carry-over
 * (server/routes/calendar.ts, term-carry-over.ts) — at the edges: NUL and a lone surrogate in text,
 * `__proto__` as a key, a negative number, a body that is no object, a huge body. Each is a 4xx
 * with an error code, never a 500, and the settings read back unchanged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

describe.each(databases)('admin routes at the input edges ($name)', { timeout: 120_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('refuses NUL, lone surrogates, __proto__, negative numbers and huge bodies with a 4xx, changing nothing', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const admin = await w.login('admin');
    const deputy = await w.login('deputy1');
    const settingsBefore = (await w.call(admin, 'GET', '/notification-settings')).body;
    const prefsBefore = (await w.call(deputy, 'GET', '/me/notification-preferences')).body;
    const calendarBefore = (await w.call(admin, 'GET', '/calendar?year=2026')).body;
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const cases: Array<[string, string, string, unknown]> = [
      ['settings: NUL', admin, '/notification-settings', { smtpHost: 'mail\u0000.example.cn' }],
      ['settings: lone surrogate', admin, '/notification-settings', { smtpFrom: 'office\ud800@example.cn' }],
      ['settings: __proto__', admin, '/notification-settings', JSON.parse('{"__proto__": {"maxAttempts": 1}}')],
      ['settings: negative', admin, '/notification-settings', { maxAttempts: -3 }],
      ['settings: not an object', admin, '/notification-settings', [1, 2]],
      ['settings: huge', admin, '/notification-settings', { smtpHost: huge }],
      ['preferences: NUL', deputy, '/me/notification-preferences', { email: 'a\u0000@example.cn', channels: ['email'] }],
      ['preferences: lone surrogate', deputy, '/me/notification-preferences', { mobile: '139\udc00', channels: ['sms'] }],
      ['preferences: __proto__', deputy, '/me/notification-preferences', JSON.parse('{"__proto__": {"channels": ["email"]}, "channels": []}')],
      ['preferences: negative', deputy, '/me/notification-preferences', { channels: [], quietFrom: -1 }],
    ];
    for (const [name, token, path, body] of cases) {
      const r = await w.call(token, 'PUT', path, body);
      expect([name, r.status >= 400 && r.status < 500, typeof r.body.error?.code]).toEqual([name, true, 'string']);
    }
    const posts: Array<[string, string, unknown]> = [
      ['day: NUL', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县\u0000庆' }],
      ['day: lone surrogate', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县\ud800庆' }],
      ['day: __proto__', '/calendar/days', JSON.parse('{"__proto__": {"date": "2026-09-14"}, "kind": "holiday", "name": "x"}')],
      ['day: negative', '/calendar/days', { date: -20260914, kind: 'holiday', name: '县庆' }],
      ['import: __proto__ year', '/calendar/import', JSON.parse('{"years": {"__proto__": {"holidays": {}, "workdays": []}}}')],
      ['import: negative year', '/calendar/import', { years: { '-2027': { holidays: {}, workdays: [] } } }],
      ['import: huge', '/calendar/import', { years: { 2027: { holidays: { x: [huge] }, workdays: [] } } }],
      ['carry-over: NUL', '/terms/18/carry-over', { fromTermId: '17\u0000' }],
      ['carry-over: __proto__', '/terms/__proto__/carry-over', { fromTermId: '17' }],
    ];
    for (const [name, path, body] of posts) {
      const r = await w.call(admin, 'POST', path, body);
      expect([name, r.status >= 400 && r.status < 500, typeof r.body.error?.code]).toEqual([name, true, 'string']);
    }
    expect((await w.call(admin, 'GET', '/notification-settings')).body).toEqual(settingsBefore);
    expect((await w.call(deputy, 'GET', '/me/notification-preferences')).body).toEqual(prefsBefore);
    expect((await w.call(admin, 'GET', '/calendar?year=2026')).body).toEqual(calendarBefore);
  });
});
