import { afterEach, expect, it } from 'vitest';
import { isWorkingDay } from '../../runtime/engine/index.ts';
import { createCounty, createRuntime, seedDemo, SimulatedClock } from '../../runtime/store/index.ts';
import { createApp } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';

interface ApiResult {
  status: number;
  // Assertions read arbitrary JSON.
  body: any;
}

/** The State Council's notice for 2027 as a county admin would import it (the shipped file's shape). */
const FILE_2027 = {
  description: '国务院办公厅关于2027年部分节假日安排的通知（测试用）',
  years: {
    '2027': {
      holidays: { '元旦 New Year': ['2027-01-01', '2027-01-02', '2027-01-03'], '春节 Spring Festival': ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'] },
      workdays: ['2027-02-14'],
    },
  },
};

describeEachDatabase('holiday calendar API and health', (open) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(at: string) {
    const h = await open();
    handle = h;
    await seedDemo(h.db);
    await createCounty(h.db, { code: 'other', name: '另一县' });
    const clock = new SimulatedClock(at);
    const rt = createRuntime({ clock });
    const app = createApp({ db: h.db, dbKind: h.kind, secret: 'test-secret', clock, extra: (api) => mountWorkRoutes(api, { db: h.db, rt }) });
    async function call(token: string | null, method: string, path: string, body?: unknown): Promise<ApiResult> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await app.request(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    }
    async function login(username: string, county = 'demo'): Promise<string> {
      const r = await call(null, 'POST', '/auth/login', { username, password: 'demo', county });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.token as string;
    }
    return { h, rt, clock, call, login };
  }

  it("lists a national year in words, and an admin's added and removed day becomes the county's own year and moves the working-day count", async () => {
    const { h, rt, call, login } = await setup('2026-03-02T01:00:00Z');
    const admin = await login('admin');
    const y = await call(admin, 'GET', '/calendar?year=2026');
    expect(y.status).toBe(200);
    expect(y.body.source).toBe('national');
    expect(y.body.days).toContainEqual({ date: '2026-02-17', kind: 'holiday', name: expect.stringContaining('春节') });
    expect(y.body.days.some((d: { kind: string }) => d.kind === 'workday')).toBe(true);

    // A county holiday (县庆) on a Monday: the county's deadlines skip it; another county's do not.
    expect(isWorkingDay(await rt.calendars.forCounty(h.db, 'demo'), '2026-09-14')).toBe(true);
    const added = await call(admin, 'POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.source).toBe('county');
    expect(added.body.days).toContainEqual({ date: '2026-09-14', kind: 'holiday', name: '县庆日' });
    expect(added.body.days).toContainEqual({ date: '2026-02-17', kind: 'holiday', name: expect.stringContaining('春节') });
    expect(isWorkingDay(await rt.calendars.forCounty(h.db, 'demo'), '2026-09-14')).toBe(false);
    const otherCounty = (await h.db.selectFrom('regions').select('id').where('code', '=', 'other').executeTakeFirstOrThrow()).id;
    expect(isWorkingDay(await rt.calendars.forCounty(h.db, otherCounty), '2026-09-14')).toBe(true);
    const otherAdmin = await login('admin', 'other');
    expect((await call(otherAdmin, 'GET', '/calendar?year=2026')).body.source).toBe('national');

    const removed = await call(admin, 'DELETE', '/calendar/days?date=2026-09-14');
    expect(removed.status).toBe(200);
    expect(removed.body.days.map((d: { date: string }) => d.date)).not.toContain('2026-09-14');
    expect(isWorkingDay(await rt.calendars.forCounty(h.db, 'demo'), '2026-09-14')).toBe(true);

    const reset = await call(admin, 'DELETE', '/calendar?year=2026');
    expect(reset.status).toBe(200);
    expect(reset.body.source).toBe('national');
  });

  it('refuses a bad day, a bad year and a bad file in words (400) and writes nothing; staff may not edit', async () => {
    const { h, call, login } = await setup('2026-03-02T01:00:00Z');
    const admin = await login('admin');
    const rows = async () => (await h.db.selectFrom('calendars').select(['year', 'holidays']).execute()).length;
    const refusals: Array<[string, string, unknown, string]> = [
      ['POST', '/calendar/days', { date: '1999-12-31', kind: 'holiday', name: '太早' }, '/date'],
      ['POST', '/calendar/days', { date: '2026-02-30', kind: 'holiday', name: '无此日' }, '/date'],
      ['POST', '/calendar/days', { date: '2026-09-14', kind: 'rest', name: '县庆日' }, '/kind'],
      ['POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '  ' }, '/name'],
      ['POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日', extra: 1 }, '/extra'],
      // Already a holiday of the national year (春节).
      ['POST', '/calendar/days', { date: '2026-02-17', kind: 'holiday', name: '春节' }, '/date'],
      ['DELETE', '/calendar/days?date=2026-09-14', undefined, '/date'],
      ['DELETE', '/calendar/days?date=2026-9-14', undefined, '/date'],
      ['DELETE', '/calendar/days', undefined, '/date'],
      ['GET', '/calendar?year=26', undefined, '/year'],
      ['GET', '/calendar', undefined, '/year'],
      ['DELETE', '/calendar?year=2026', undefined, '/year'],
      ['POST', '/calendar/import', { nothing: true }, '/years'],
      // One bad date among good ones: the whole file is refused.
      ['POST', '/calendar/import', { years: { '2027': { ...FILE_2027.years['2027'], workdays: ['2027-02-14', '2028-01-01'] } } }, '/years/2027/workdays/1'],
      ['POST', '/calendar/import', { years: { '2027': { holidays: {}, workdays: [] } } }, '/years/2027/holidays'],
      ['POST', '/calendar/import', { years: { '1900': FILE_2027.years['2027'] } }, '/years/1900'],
    ];
    for (const [method, path, body, pointer] of refusals) {
      const r = await call(admin, method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.error.code).toBe('INVALID_INPUT');
      const errors = r.body.error.details.errors as Array<{ pointer: string; message: string; message_en: string }>;
      expect(errors.map((e) => e.pointer), JSON.stringify(errors)).toContain(pointer);
      for (const e of errors) expect(e.message.length * e.message_en.length).toBeGreaterThan(0);
    }
    expect(await rows()).toBe(0);
    const staff = await login('staff');
    expect((await call(staff, 'POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' })).status).toBe(403);
    expect((await call(staff, 'POST', '/calendar/import', FILE_2027)).status).toBe(403);
    expect(await rows()).toBe(0);
  });

  it('in December without next year: the status and /api/health say so in words (still up); importing the notice completes it', async () => {
    const { h, rt, call, login } = await setup('2026-12-07T02:00:00Z');
    const admin = await login('admin');
    const status = await call(admin, 'GET', '/calendar/status');
    expect(status.body).toMatchObject({ today: '2026-12-07', missingYears: [2027], knownYears: [2025, 2026] });
    expect(status.body.message).toContain('2027年');
    expect(status.body.message_en).toContain('Monday to Friday');
    const health = await call(null, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.calendar).toMatchObject({ complete: false, missingYears: [2027] });
    expect((await call(admin, 'GET', '/calendar?year=2027')).body).toMatchObject({ source: 'missing', days: [] });

    // Until imported, 2027-01-01 (a Friday) counts as a working day: the flagged Monday–Friday.
    expect(isWorkingDay(await rt.calendars.forCounty(h.db, 'demo'), '2027-01-01')).toBe(true);
    const imported = await call(admin, 'POST', '/calendar/import', FILE_2027);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.years[0]).toMatchObject({ year: 2027, source: 'county' });
    expect(imported.body.years[0].days).toContainEqual({ date: '2027-02-14', kind: 'workday', name: expect.stringContaining('调休') });
    expect(isWorkingDay(await rt.calendars.forCounty(h.db, 'demo'), '2027-01-01')).toBe(false);
    expect(isWorkingDay(await rt.calendars.forCounty(h.db, 'demo'), '2027-02-14')).toBe(true);
    expect((await call(admin, 'GET', '/calendar/status')).body).toMatchObject({ missingYears: [], message: '' });

    // The other county has not imported it yet: health still reports 2027, without naming a county.
    expect((await call(null, 'GET', '/health')).body.calendar).toMatchObject({ complete: false, missingYears: [2027] });
    const other = await login('admin', 'other');
    expect((await call(other, 'POST', '/calendar/import', FILE_2027)).status).toBe(201);
    expect((await call(null, 'GET', '/health')).body.calendar).toEqual({ complete: true, missingYears: [], message: '', message_en: '' });
  });

  it('in March the next year is not needed yet', async () => {
    const { call } = await setup('2026-03-02T01:00:00Z');
    expect((await call(null, 'GET', '/health')).body.calendar).toMatchObject({ complete: true, missingYears: [] });
  });

  it('a year the product lacks is missing whenever today is in it', async () => {
    const { call } = await setup('2028-03-02T01:00:00Z');
    expect((await call(null, 'GET', '/health')).body.calendar).toMatchObject({ complete: false, missingYears: [2028] });
  });
});
