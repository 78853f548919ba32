/**
 * The public QR form is an open door (issue 15 item 3): rate limits per address and per station
 * (shared through the database), lookups throttled, size limits, the honeypot, control
 * characters, unknown fields and bad values refused with Chinese messages — and for every refusal
 * nothing is stored (rows counted).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { CITIZEN_ISSUE, countRows, intakeApp, STATION, type IntakeApp } from '../support/constituent.ts';

const path = `/public/stations/${STATION.code}/issues`;
const CJK = /[\u4e00-\u9fff]/;

describe.each(databases)('the public QR form ($name)', ({ open }) => {
  // One database and app for the three tests (the set-up, not the requests, was most of their
  // time). Each test starts two hours on, so every limit's window (an hour at most) is fresh, and
  // counts the rows it adds to those already there.
  let shared: Promise<{ handle: TestHandle; w: IntakeApp }> | undefined;
  const setup = async () => {
    const s = await (shared ??= (async () => {
      const handle = await open();
      return { handle, w: await intakeApp(handle) };
    })());
    s.w.clock.set(new Date(s.w.clock.now().getTime() + 2 * 3600_000).toISOString());
    return { ...s, before: await countRows(s.handle) };
  };
  const added = (before: { contacts: number; instances: number }, n: number) => ({ contacts: before.contacts + n, instances: before.instances + n });
  afterAll(async () => {
    await (await shared?.catch(() => undefined))?.handle.close();
  });

  it('lets 5 of 1,000 requests from one address through in a minute and refuses the rest with 429, storing nothing from them', async () => {
    const { handle, w, before } = await setup();
    const answers = await Promise.all(Array.from({ length: 1000 }, () => w.pub('POST', path, CITIZEN_ISSUE, '198.51.100.23')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(995);
    const refused = answers.find((a) => a.status === 429)!;
    expect([refused.body.error.code, CJK.test(refused.body.error.message), Number(refused.headers.get('retry-after')) > 0]).toEqual(['PUBLIC_RATE_LIMITED', true, true]);
    expect(await countRows(handle)).toEqual(added(before, 5));
    // Another address is not held up by it; an hour later the first one may send again.
    expect((await w.pub('POST', path, CITIZEN_ISSUE, '198.51.100.24')).status).toBe(201);
    w.clock.set(new Date(w.clock.now().getTime() + 3600_000).toISOString());
    expect((await w.pub('POST', path, CITIZEN_ISSUE, '198.51.100.23')).status).toBe(201);
    expect(await countRows(handle)).toEqual(added(before, 7));
  }, 400_000);

  it('limits one station to 60 issues an hour from any number of addresses, and lookups to 20 per 10 minutes', async () => {
    const { handle, w, before } = await setup();
    const answers = [];
    for (let i = 0; i < 64; i++) answers.push(await w.pub('POST', path, CITIZEN_ISSUE, `192.0.2.${i + 1}`));
    expect(answers.filter((a) => a.status === 201).length).toBe(60);
    expect(answers.slice(60).map((a) => [a.status, a.body.error.code])).toEqual(Array(4).fill([429, 'PUBLIC_RATE_LIMITED']));
    expect(answers[63]!.body.error.message).toContain('本联络站');
    expect(await countRows(handle)).toEqual(added(before, 60));

    // Guessing receipt codes: 20 wrong tries answer 404, then 429 even for the right code.
    const right = answers[0]!.body.receiptCode as string;
    const guesses = [];
    for (let i = 0; i < 20; i++) guesses.push((await w.pub('POST', '/public/issues/lookup', { receiptCode: `AAAA-BBBB-${String(1000 + i).replace(/[01]/g, 'C')}`, phone: '13912345678' }, '203.0.113.99')).status);
    expect(guesses).toEqual(Array(20).fill(404));
    const blocked = await w.pub('POST', '/public/issues/lookup', { receiptCode: right, phone: '13912345678' }, '203.0.113.99');
    expect([blocked.status, blocked.body.error.code]).toEqual([429, 'PUBLIC_RATE_LIMITED']);
    expect((await w.pub('POST', '/public/issues/lookup', { receiptCode: right, phone: '13912345678' }, '203.0.113.100')).status).toBe(200);
  }, 400_000);

  it('refuses bad input with a Chinese message and writes nothing', async () => {
    const { handle, w, before } = await setup();
    let address = 1;
    const send = (body: unknown, to = path) => w.pub('POST', to, body, `10.0.0.${address++}`);
    const cases: Array<[string, unknown, number, string, string?]> = [
      ['honeypot filled', { ...CITIZEN_ISSUE, website: 'http://spam.example' }, 400, 'PUBLIC_FORM_REFUSED'],
      ['no phone', { ...CITIZEN_ISSUE, phone: '' }, 400, 'VALIDATION_FAILED', '/phone'],
      ['bad phone', { ...CITIZEN_ISSUE, phone: '12345' }, 400, 'VALIDATION_FAILED', '/phone'],
      ['unknown category', { ...CITIZEN_ISSUE, category: 'NOPE' }, 400, 'VALIDATION_FAILED', '/category'],
      ['prototype key as category', { ...CITIZEN_ISSUE, category: 'constructor' }, 400, 'VALIDATION_FAILED', '/category'],
      ['empty content', { ...CITIZEN_ISSUE, content: '   ' }, 400, 'VALIDATION_FAILED', '/content'],
      ['content too long', { ...CITIZEN_ISSUE, content: '路'.repeat(2001) }, 400, 'VALIDATION_FAILED', '/content'],
      ['no name, not anonymous', { ...CITIZEN_ISSUE, name: '' }, 400, 'VALIDATION_FAILED', '/name'],
      ['anonymous not a boolean', { ...CITIZEN_ISSUE, anonymous: 'yes' }, 400, 'VALIDATION_FAILED', '/anonymous'],
      ['an attachment field', { ...CITIZEN_ISSUE, attachment: { name: 'a.exe', base64: 'TVqQ' } }, 400, 'VALIDATION_FAILED', '/attachment'],
      ['a control character', { ...CITIZEN_ISSUE, content: '路灯\u0000坏了' }, 400, 'INVALID_TEXT'],
      ['not an object', [1, 2], 400, 'INVALID_BODY'],
      ['not JSON', '{"content": ', 400, 'INVALID_JSON'],
      ['over 16 KiB', { ...CITIZEN_ISSUE, request: 'x'.repeat(17_000) }, 413, 'BODY_TOO_LARGE'],
    ];
    for (const [why, body, status, code, pointer] of cases) {
      const r = await send(body);
      expect([why, r.status, r.body.error?.code], JSON.stringify(r.body)).toEqual([why, status, code]);
      expect(CJK.test(r.body.error.message), `${why}: ${r.body.error.message}`).toBe(true);
      if (pointer) expect(r.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      if (pointer) expect(r.body.error.details.errors.every((e: { message: string }) => CJK.test(e.message))).toBe(true);
    }
    const unknownStation = await send(CITIZEN_ISSUE, '/public/stations/no-such-code/issues');
    expect([unknownStation.status, unknownStation.body.error.code, unknownStation.body.error.message]).toEqual([404, 'STATION_NOT_FOUND', '找不到该代表联络站：请核对二维码']);
    expect((await w.pub('GET', '/public/stations/%3Cscript%3E')).status).toBe(404);
    expect(await countRows(handle)).toEqual(before);

    // Anonymous: no name needed, none kept; the phone still is (for the lookup).
    const anonymous = await send({ ...CITIZEN_ISSUE, name: '', anonymous: true });
    expect(anonymous.status, JSON.stringify(anonymous.body)).toBe(201);
    const row = await handle.db.selectFrom('constituent_contacts').selectAll().where('anonymous', '=', true).executeTakeFirstOrThrow();
    expect(await countRows(handle)).toEqual(added(before, 1));
    expect([row.citizen_name, row.citizen_phone, row.anonymous]).toEqual([null, '13912345678', true]);

    // The public routes give no access to anything else: the work API still wants a token.
    for (const p of ['/instances', '/tasks?mine=1', `/constituent-issues/${row.instance_id}/citizen`, '/units']) {
      expect((await w.pub('GET', p)).status, p).toBe(401);
    }
  }, 400_000);
});
