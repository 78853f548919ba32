/**
 * The input edges of the 重点督办专题 routes (server/routes/key-themes.ts) and of its forms'
 * suggestion lists beyond what the form fuzz (fuzz-forms.test.ts) aims at: query values, body
 * shapes, own-property keys, line breaks, lengths, a suggestion listed twice. Each refusal is a
 * 4xx with a code, and nothing is written (the theme's and the suggestion's versions stay).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { suggestionInHandling } from '../support/suggestion-in-handling.ts';
import { workApp } from '../support/work-app.ts';

describe.each(databases)('key supervision input edges ($name)', { timeout: 120_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('refuses bad queries, bodies and lists in words, writing nothing', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const [staff, deputy, leader] = [await w.login('staff'), await w.login('deputy1'), await w.login('leader')];
    const s1 = await suggestionInHandling(w.call, { staff, deputy }, '关于均衡配置城乡义务教育资源的建议');
    const s2 = await suggestionInHandling(w.call, { staff, deputy }, '关于增加城区学位供给的建议');
    const data = {
      theme: '教育资源均衡', leadLeaderId: 'demo-leader', level: 'KEY_CHAIR', suggestions: [s1.row],
      visits: [{ kind: 'INSPECTION', date: '2026-04-20', place: '城东小学', participants: '领衔代表' }], meeting: { date: '2026-05-26', place: '会议室' },
    };
    // A suggestion listed twice in one theme is refused at its second row.
    const twice = await w.call(leader, 'POST', '/definitions/key-supervision/instances', { data: { ...data, suggestions: [s1.row, s1.row] } });
    expect([twice.status, twice.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(twice.body.error.details.errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message])).toContainEqual(['/suggestions/1', '《关于均衡配置城乡义务教育资源的建议》在列表中重复出现']);
    const started = await w.call(leader, 'POST', '/definitions/key-supervision/instances', { data });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const theme = started.body.id as string;
    const approve = (started.body.openTasks as Array<{ id: string }>)[0] as { id: string };
    expect((await w.call(leader, 'POST', `/tasks/${approve.id}/complete`, { outcome: 'APPROVE', data: { opinion: '同意。' } })).status).toBe(200);

    const versions = async () => [(await w.call(staff, 'GET', `/instances/${theme}`)).body.version, (await w.call(staff, 'GET', `/instances/${s2.id}`)).body.version];
    const before = await versions();
    const post = async (body: unknown, raw?: string) => {
      const res = await w.app.request(`/api/instances/${s2.id}/key-themes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${leader}` }, body: raw ?? JSON.stringify(body) });
      const b = (await res.json()) as { error?: { code: string; details?: { errors?: Array<{ pointer: string }> } } };
      return [res.status, b.error?.code ?? 'ok', b.error?.details?.errors?.[0]?.pointer ?? null];
    };
    expect(await post(undefined, '')).toEqual([400, 'INVALID_JSON', null]);
    expect(await post(undefined, '{"themeId":')).toEqual([400, 'INVALID_JSON', null]);
    expect(await post([])).toEqual([400, 'INVALID_BODY', null]);
    expect(await post(null)).toEqual([400, 'INVALID_BODY', null]);
    expect(await post('教育资源均衡')).toEqual([400, 'INVALID_BODY', null]);
    expect(await post({})).toEqual([400, 'INVALID_INPUT', '/themeId']);
    expect(await post({ themeId: 42 })).toEqual([400, 'INVALID_INPUT', '/themeId']);
    expect(await post({ themeId: '' })).toEqual([400, 'INVALID_INPUT', '/themeId']);
    expect(await post({ themeId: 'x'.repeat(201) })).toEqual([400, 'INVALID_INPUT', '/themeId']);
    expect((await post({ themeId: `${theme}\n` }))[0]).toBe(400);
    expect(await post({ themeId: theme, extra: 1 })).toEqual([400, 'INVALID_BODY', null]);
    expect(await post(undefined, `{"themeId":"${theme}","__proto__":{"reason":"x"}}`)).toEqual([400, 'INVALID_BODY', null]);
    expect(await post({ themeId: 'toString' })).toEqual([404, 'INSTANCE_NOT_FOUND', null]);
    expect(await post({ themeId: theme, reason: 7 })).toEqual([400, 'INVALID_INPUT', '/reason']);
    expect(await post({ themeId: theme, reason: '理'.repeat(2001) })).toEqual([400, 'INVALID_INPUT', '/reason']);
    expect((await post({ themeId: theme, reason: 'a\u0000b' }))[1]).toBe('INVALID_TEXT');
    expect((await post({ themeId: theme, reason: '长'.repeat(9000) }))[0]).toBe(413);
    expect(await versions()).toEqual(before);

    // Query parameters: none on the suggestion's routes; the year a 4-digit year, once.
    const get = async (path: string) => {
      const r = await w.call(staff, 'GET', path);
      return [r.status, r.body.error?.code ?? 'ok', r.body.error?.details?.parameter ?? r.body.error?.details?.errors?.[0]?.pointer ?? null];
    };
    for (const q of ['year=abc', 'year=1e3', 'year=0', 'year=99999', 'year=2026&year=2027', 'yr=2026', '__proto__=1']) {
      expect((await get(`/key-themes?${q}`)).slice(0, 2), q).toEqual([400, 'INVALID_QUERY']);
    }
    expect(await get('/key-themes?year=2026%0A')).toEqual([400, 'INVALID_TEXT', '/query/year/0']);
    expect((await get('/key-themes?year=2026'))[0]).toBe(200);
    expect((await get('/key-themes'))[0]).toBe(200);
    expect((await get(`/instances/${theme}/key-theme-figures?x=1`)).slice(0, 2)).toEqual([400, 'INVALID_QUERY']);
    expect((await w.call(leader, 'GET', `/instances/${s2.id}/key-themes?x=1`)).status).toBe(400);
    expect((await get('/instances/%00/key-theme-figures'))[1]).toBe('INVALID_TEXT');
    expect((await get('/instances/constructor/key-theme-figures')).slice(0, 2)).toEqual([404, 'INSTANCE_NOT_FOUND']);

    // Through the theme's own 增列 task, the list's rows: own properties only, no line breaks, no row twice.
    const addTask = ((await w.call(leader, 'GET', `/instances/${theme}`)).body.openTasks as Array<{ id: string; outcomes: Array<{ event: string }> }>).find((t) => t.outcomes.some((o) => o.event === 'ADD_SUGGESTIONS')) as { id: string };
    const add = async (data: unknown) => {
      const r = await w.call(leader, 'POST', `/tasks/${addTask.id}/complete`, { outcome: 'ADD_SUGGESTIONS', data });
      return [r.status, r.body.error?.code ?? 'ok', r.body.error?.details?.errors?.[0]?.pointer ?? null];
    };
    expect(await add({ suggestions: [s2.row, s2.row] })).toEqual([400, 'VALIDATION_FAILED', '/suggestions/1']);
    expect((await add({ suggestions: [{ ...s2.row, instanceId: `${s2.id}\n` }] }))[0]).toBe(400);
    // JSON.parse makes `__proto__` an own key, as a request body has it (an object literal would set the prototype).
    expect((await add({ suggestions: [{ ...s2.row, ...JSON.parse('{"__proto__":{"x":1}}') }] }))[0]).toBe(400);
    expect((await add({ suggestions: [{ ...s2.row, constructor: 'x' }] }))[0]).toBe(400);
    expect(await add({ suggestions: [] })).toEqual([400, 'VALIDATION_FAILED', '/suggestions']);
    expect(await add({ suggestions: [{ ...s2.row, title: '别的标题' }] })).toEqual([400, 'VALIDATION_FAILED', '/suggestions/0']);
    expect(await add({ suggestions: [s1.row] })).toEqual([400, 'VALIDATION_FAILED', '/suggestions/0']);
    expect(await versions()).toEqual(before);
  });
});
