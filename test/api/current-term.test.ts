/**
 * The term and session of a new suggestion's serial number come from the terms table (the
 * term whose dates contain today, its latest session held by today), not from a setting; the
 * definition's `currentTerm`/`currentSession` settings are the fallback when the table has no
 * current term. runtime/store/current-term.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pickCurrentTerm } from '../../runtime/store/current-term.ts';
import { REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

/** Registration without a term or session typed: the defaults decide the serial number. */
const { termNo: _t, sessionNo: _s, ...REGISTRATION_DEFAULTS } = REGISTRATION;

async function registeredSerial(w: WorkApp): Promise<string> {
  const d = taskDriver(w);
  const started = await w.call(await d.token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const id = started.body.id as string;
  await d.act('staff', id, 'ACCEPT', REGISTRATION_DEFAULTS);
  return (await d.view(id)).context.serialNo as string;
}

describe.each(databases)('current term from the terms table on $name', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('numbers under the term containing today and its latest held session; a new term moves the numbers without a setting', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const admin = await w.login('admin');
    const post = async (path: string, body: unknown) => {
      const r = await w.call(admin, 'POST', path, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    await post('/terms', { id: '18', name: '十八届', startsOn: '2022-01-01', endsOn: '2026-12-31' });
    await post('/terms/18/sessions', { id: '18-4', name: '十八届四次', heldOn: '2025-01-10' });
    await post('/terms/18/sessions', { id: '18-5', name: '十八届五次', heldOn: '2026-01-12' });
    await post('/terms/18/sessions', { id: '18-6', name: '十八届六次', heldOn: '2026-12-20' });
    await post('/terms', { id: '19', name: '十九届', startsOn: '2027-01-01', endsOn: '2031-12-31' });
    await post('/terms/19/sessions', { id: '19-1', name: '一次', heldOn: '2027-01-08' });
    await post('/terms/19/sessions', { id: '19-2', name: '二次', heldOn: '2028-01-08' });

    expect(await registeredSerial(w)).toBe('十八届五次-0001');
    // In the new term, before its first session: its first session (the setting said 十八届一次).
    w.clock.set(new Date('2027-01-03T02:00:00Z'));
    expect(await registeredSerial(w)).toBe('十九届一次-0001');
    w.clock.set(new Date('2027-03-01T02:00:00Z'));
    expect(await registeredSerial(w)).toBe('十九届一次-0002');
  });

  it("falls back to the definition's settings when no term contains today", async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    expect(await registeredSerial(w)).toBe('十八届一次-0001');
    const admin = await w.login('admin');
    expect((await w.call(admin, 'POST', '/terms', { id: '17', name: '十七届', startsOn: '2017-01-01', endsOn: '2021-12-31' })).status).toBe(201);
    expect(await registeredSerial(w)).toBe('十八届一次-0002');
  });
});

describe.each(databases)('carrying deputies over to a new term on $name', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it("moves the previous term's active deputies; refuses the same, an unknown or a later term in words and moves nothing; staff may not", async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-07T02:00:00Z');
    const admin = await w.login('admin');
    expect((await w.call(admin, 'POST', '/terms', { id: '18', name: '十八届', startsOn: '2022-01-01', endsOn: '2026-12-31' })).status).toBe(201);
    expect((await w.call(admin, 'POST', '/terms', { id: '19', name: '十九届', startsOn: '2027-01-01' })).status).toBe(201);
    // Setup: the demo roster serves term 18, one deputy has left (deactivated).
    await handle.db.updateTable('deputies').set({ term_id: '18' }).where('county_id', '=', 'demo').execute();
    const all = (await w.call(admin, 'GET', '/deputies?termId=18')).body.deputies as Array<{ userId: string }>;
    expect(all.length).toBeGreaterThan(1);
    const left = all[0]?.userId as string;
    await handle.db.updateTable('deputies').set({ active: false }).where('county_id', '=', 'demo').where('user_id', '=', left).execute();
    const inTerm = async (term: string) => ((await w.call(admin, 'GET', `/deputies?termId=${term}`)).body.deputies as unknown[]).length;

    for (const [path, body, pointer] of [
      ['/terms/19/carry-over', { fromTermId: '19' }, '/fromTermId'],
      ['/terms/19/carry-over', { fromTermId: '17' }, '/fromTermId'],
      ['/terms/20/carry-over', { fromTermId: '18' }, '/termId'],
      ['/terms/18/carry-over', { fromTermId: '19' }, '/fromTermId'],
      ['/terms/19/carry-over', {}, '/fromTermId'],
    ] as const) {
      const r = await w.call(admin, 'POST', path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.error.details.errors[0].pointer).toBe(pointer);
      expect(r.body.error.details.errors[0].message.length).toBeGreaterThan(0);
    }
    expect(await inTerm('19')).toBe(0);
    expect((await w.call(await w.login('staff'), 'POST', '/terms/19/carry-over', { fromTermId: '18' })).status).toBe(403);

    const r = await w.call(admin, 'POST', '/terms/19/carry-over', { fromTermId: '18' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ carried: all.length - 1, from: '十八届', to: '十九届' });
    expect(await inTerm('19')).toBe(all.length - 1);
    expect(await inTerm('18')).toBe(1);
  });
});

describe('pickCurrentTerm', () => {
  const row = (term_id: string, term: string, session: string | null, held_on: string | null) => ({ term_id, term, session, held_on });
  it('takes the first term of the rows, its latest session held by today, else its first; a session repeating the term gives its own part', () => {
    expect(pickCurrentTerm([], '2026-03-02')).toBeNull();
    expect(pickCurrentTerm([row('19', '十九届', null, null)], '2027-03-02')).toEqual({ termId: '19', term: '十九届', session: null });
    const rows = [row('19', '十九届', '十九届一次', '2027-01-08'), row('19', '十九届', '十九届二次', '2028-01-08'), row('19', '十九届', '临时会议', null)];
    expect(pickCurrentTerm(rows, '2027-01-01')?.session).toBe('一次');
    expect(pickCurrentTerm(rows, '2028-01-08')?.session).toBe('二次');
  });
});
