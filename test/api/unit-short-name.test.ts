/**
 * A unit's short name (简称, the 发文机关代字 of its answer letter numbers): the county admin sets
 * and clears it on PATCH /api/units/:id (or gives it on POST), a bad one is refused in words on
 * /shortName with nothing changed, the change is in the audit log, and a letter signed while it
 * is set is numbered with it (县教体局函〔2026〕1号); cleared, the next uses the full name again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const fieldErrors = (body: any) => (body.error?.details?.errors ?? []).map((e: { pointer: string; message: string }) => [e.pointer, e.message]);

describe.each(databases)("a unit's short name in its letter numbers ($name)", ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  /** One suggestion walked to the signed answer of 教育局 (the demo's unit2 holds every position); its 文号. */
  async function letterNo(w: WorkApp): Promise<string> {
    const { act, issue, start } = suggestionDriver(w.call, (u) => w.login(u));
    const id = await start('deputy1', { origin: 'RECESS', sourceCode: 'CONSTITUENT' });
    await act('staff', id, 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-education', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', id, 'APPROVE_ASSIGNMENT', {});
    await act('unit2', id, 'ACCEPT');
    await act('unit2', id, 'LOG_CONSULTATION', consult);
    await act('unit2', id, 'START_DRAFT');
    await issue('unit2', id, answer('B'));
    return (await w.call(await w.login('staff'), 'GET', `/instances/${id}`)).body.children[0].context.answer.letterNo as string;
  }

  it('is set, read back, refused when bad, audited, used in the letter number and cleared again', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const admin = await w.login('admin');
    const education = async () => (await w.call(admin, 'GET', '/units')).body.units.find((u: { id: string }) => u.id === 'unit-education');
    expect((await education()).shortName).toBeNull();

    const set = await w.call(admin, 'PATCH', '/units/unit-education', { shortName: ' 县教体局 ' });
    expect([set.status, set.body.shortName, set.body.name]).toEqual([200, '县教体局', '县教育局']);
    expect((await education()).shortName).toBe('县教体局');

    // Refused on /shortName in words, nothing changed.
    const refusals: Array<[unknown, string]> = [
      ['县教育和体育局办公室文件处理', '简称不能超过12个字'],
      ['县 教体局', '简称不能含空格、控制字符或〔〕'],
      ['县教〔体〕局', '简称不能含空格、控制字符或〔〕'],
      ['县教\u200b体局', '简称不能含空格、控制字符或〔〕'],
      [12, '简称须为文字'],
    ];
    for (const [shortName, message] of refusals) {
      const r = await w.call(admin, 'PATCH', '/units/unit-education', { shortName });
      expect([r.status, fieldErrors(r.body)], String(shortName)).toEqual([400, [['/shortName', message]]]);
    }
    // A control character never gets past the body reader.
    expect((await w.call(admin, 'PATCH', '/units/unit-education', { shortName: '县教\u0007局' })).status).toBe(400);
    // Staff may not set it.
    expect((await w.call(await w.login('staff'), 'PATCH', '/units/unit-education', { shortName: '教体' })).status).toBe(403);
    expect((await education()).shortName).toBe('县教体局');

    // Given on a new unit, too.
    const added = await w.call(admin, 'POST', '/units', { name: '县数据局', shortName: '县数据局办' });
    expect([added.status, added.body.shortName]).toEqual([201, '县数据局办']);

    const audit = (await w.call(admin, 'GET', '/audit?action=unit.changed')).body.entries;
    expect(audit.map((e: any) => [e.title, e.targetName, e.detail])).toEqual([['修改承办单位', '县教育局', { fields: ['shortName'], active: true }]]);

    expect(await letterNo(w)).toBe('县教体局函〔2026〕1号');

    // Blank clears it: the next letter uses the full name again (and its own number).
    const cleared = await w.call(admin, 'PATCH', '/units/unit-education', { shortName: '' });
    expect([cleared.status, cleared.body.shortName]).toEqual([200, null]);
    expect((await w.call(admin, 'PATCH', '/units/unit-education', { shortName: null })).body.shortName).toBeNull();
    expect(await letterNo(w)).toBe('县教育局函〔2026〕2号');
  }, 240_000);
});
