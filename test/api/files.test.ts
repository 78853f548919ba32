/**
 * Attachments: upload base64 in JSON, download the same bytes as an attachment that no browser
 * renders, only by the uploader and those who may see an instance that references the file,
 * and only in the caller's county. The stated size (3 MiB) fits exactly; one byte more is a
 * field error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCounty, MAX_FILE_BYTES, uploadBodyLimit } from '../../runtime/store/index.ts';
import { ANSWER, ASSIGNMENT, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const download = (w: WorkApp, token: string, id: string) => w.app.request(`/api/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
const upload = async (w: WorkApp, token: string, name: string, mime: string, text: string) => {
  const r = await w.call(token, 'POST', '/files', { name, mime, base64: Buffer.from(text).toString('base64') });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.file.fileId as string;
};

describe.each(databases)('attachments over HTTP ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('stores a file, returns the same bytes as a sandboxed attachment, refuses bad input, and hides it from other counties', { timeout: 180_000 }, async () => {
    handle = await open();
    const w = await workApp(handle);
    const deputy = await w.login('deputy1');
    const bytes = Buffer.from('%PDF-1.4 调研报告\n', 'utf8');
    const up = await w.call(deputy, 'POST', '/files', { name: '调研报告.pdf', mime: 'application/pdf', base64: bytes.toString('base64') });
    expect([up.status, up.body.file.name, up.body.file.size]).toEqual([201, '调研报告.pdf', bytes.length]);
    const res = await download(w, deputy, up.body.file.fileId);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('调研报告.pdf')}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");

    const bad = await w.call(deputy, 'POST', '/files', { name: '', base64: 'not base64!' });
    expect([bad.status, bad.body.error.details.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, ['/name', '/base64']]);
    const huge = await w.call(deputy, 'POST', '/files', { name: 'big.bin', base64: Buffer.alloc(3.5 * 1024 * 1024).toString('base64') });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    expect(await w.handle.db.selectFrom('files').select('id').execute()).toHaveLength(1);

    await createCounty(w.handle.db, { code: 'other', name: '邻县', users: [{ username: 'staff', roles: ['staff'] }] });
    const other = await w.login('staff', 'other');
    expect((await download(w, other, up.body.file.fileId)).status).toBe(404);
  });

  it('accepts a file of exactly 3 MiB and refuses one byte more with a clear field error', async () => {
    handle = await open();
    const w = await workApp(handle);
    const deputy = await w.login('deputy1');
    expect(MAX_FILE_BYTES).toBe(3 * 1024 * 1024);
    // The body limit comes from the file limit: ⌈3 MiB / 3⌉·4 characters of base64 and room for the JSON.
    expect(uploadBodyLimit()).toBe(4 * 1024 * 1024 + 16 * 1024);
    const exact = Buffer.alloc(MAX_FILE_BYTES, 7);
    const name = `${'长'.repeat(199)}x`; // the longest name, every character escaped in the JSON
    const ok = await w.app.request('/api/files', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${deputy}` },
      body: JSON.stringify({ name, mime: 'application/octet-stream', base64: exact.toString('base64') }).replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
    });
    expect(ok.status).toBe(201);
    const saved = (await ok.json()) as { file: { fileId: string; size: number } };
    expect(saved.file.size).toBe(MAX_FILE_BYTES);
    expect(Buffer.from(await (await download(w, deputy, saved.file.fileId)).arrayBuffer()).equals(exact)).toBe(true);

    const over = await w.call(deputy, 'POST', '/files', { name: 'over.bin', base64: Buffer.alloc(MAX_FILE_BYTES + 1).toString('base64') });
    expect([over.status, over.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(over.body.error.details.errors).toEqual([
      expect.objectContaining({ pointer: '/base64', message: expect.stringContaining('3145728 字节'), message_en: `must be at most 3145728 bytes (3 MiB); this file has ${MAX_FILE_BYTES + 1}` }),
    ]);
    expect(await w.handle.db.selectFrom('files').select('id').execute()).toHaveLength(1);
  });

  it('serves HTML, SVG and XML as octet-stream downloads, and names with quotes and brackets safely', async () => {
    handle = await open();
    const w = await workApp(handle);
    const deputy = await w.login('deputy1');
    const cases: Array<[string, string, string]> = [
      ['page.html', 'text/html', 'text/html'],
      ['chart.svg', 'image/svg+xml', 'image/svg+xml'],
      ['data.xml', 'application/xml', 'text/xml'],
      ['feed.atom', 'application/atom+xml', 'application/atom+xml'],
      ['x.xhtml', 'application/xhtml+xml', 'application/xhtml+xml'],
      ['run.js', 'text/javascript', 'text/javascript'],
    ];
    for (const [file, mime] of cases) {
      const id = await upload(w, deputy, file, mime, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/><script>alert(1)</script>');
      const res = await download(w, deputy, id);
      expect([file, res.status, res.headers.get('content-type'), res.headers.get('x-content-type-options')]).toEqual([file, 200, 'application/octet-stream', 'nosniff']);
      expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
    }
    const text = await upload(w, deputy, '说明.txt', 'TEXT/PLAIN', 'plain');
    expect((await download(w, deputy, text)).headers.get('content-type')).toBe('text/plain');

    const tricky = await upload(w, deputy, `a"b\\c;d (1)*'%.pdf`, 'application/pdf', '%PDF');
    expect((await download(w, deputy, tricky)).headers.get('content-disposition')).toBe(`attachment; filename="a_b_c_d (1)*'_.pdf"; filename*=UTF-8''a%22b%5Cc%3Bd%20%281%29%2A%27%25.pdf`);
  });

  it('is readable by its uploader and by those who may see an instance that references it; anyone else of the county gets 404', { timeout: 180_000 }, async () => {
    handle = await open();
    const w = await workApp(handle);
    const d = taskDriver(w);
    const deputy1 = await d.token('deputy1');
    const status = async (user: string, id: string) => (await download(w, await d.token(user), id)).status;

    const report = await upload(w, deputy1, '调研报告.txt', 'text/plain', 'AED 调研');
    // Not referenced yet: the uploader only, not even the office.
    for (const [user, code] of [['deputy1', 200], ['admin', 404], ['staff', 404], ['deputy3', 404], ['unit1', 404]] as const) expect([user, await status(user, report)]).toEqual([user, code]);

    // Another deputy cannot open it by naming it in a form of their own; nothing is written.
    const deputy3 = await d.token('deputy3');
    const stolen = await w.call(deputy3, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, leadDeputyId: 'demo-deputy3', attachments: [{ fileId: report, name: 'x.txt' }] } });
    expect([stolen.status, stolen.body.error.code, stolen.body.error.details.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, 'VALIDATION_FAILED', ['/attachments/0']]);
    const unknown = await w.call(deputy1, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, attachments: [{ fileId: 'no-such-file', name: 'x.txt' }] } });
    expect(unknown.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/attachments/0']);
    expect(await w.handle.db.selectFrom('instances').select('id').execute()).toEqual([]);
    expect(await w.handle.db.selectFrom('file_refs').select('file_id').execute()).toEqual([]);
    expect(await status('deputy3', report)).toBe(404);

    // Attached to a suggestion: the office sees the case, so it reads the file; other deputies still do not.
    const started = await w.call(deputy1, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, attachments: [{ fileId: report, name: '调研报告.txt' }] } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    expect(await w.handle.db.selectFrom('file_refs').select(['file_id', 'instance_id']).execute()).toEqual([{ file_id: report, instance_id: id }]);
    for (const [user, code] of [['deputy1', 200], ['staff', 200], ['leader', 200], ['deputy3', 404], ['unit1', 404]] as const) expect([user, await status(user, report)]).toEqual([user, code]);

    // The handling unit sees the case through its child process, so it reads the suggestion's attachment; the deputy reads the unit's answer letter in the child.
    await d.act('staff', id, 'ACCEPT', REGISTRATION);
    await d.act('staff', id, 'PROPOSE_ASSIGNMENT', ASSIGNMENT);
    const childId = (await d.act('staff', id, 'APPROVE_ASSIGNMENT', { comment: '同意交办' })).children[0].id as string;
    expect([await status('unit1', report), await status('unit3', report)]).toEqual([200, 404]);
    await d.act('unit1', childId, 'ACCEPT');
    await d.act('unit1', childId, 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'FACE_TO_FACE', summary: '当面沟通选点方案。', deputyIds: ['demo-deputy1'] });
    await d.act('unit1', childId, 'START_DRAFT');
    await d.act('unit2', childId, 'SUBMIT_OPINION', { opinion: '同意。', signer: '县教育局 李华' });
    const letter = await upload(w, await d.token('unit1'), '答复函.pdf', 'application/pdf', '%PDF 答复函');
    expect(await status('deputy1', letter)).toBe(404);
    await d.act('unit1', childId, 'SUBMIT_DRAFT', { ...ANSWER, attachments: [{ fileId: letter, name: '答复函.pdf' }] });
    await d.act('unit1', childId, 'APPROVE_DRAFT');
    await d.act('unit1', childId, 'SUBMIT_ANSWER');
    for (const [user, code] of [['deputy1', 200], ['unit1', 200], ['staff', 200], ['deputy3', 404], ['unit3', 404]] as const) expect([user, await status(user, letter)]).toEqual([user, code]);
  });
});
