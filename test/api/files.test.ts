/** Attachments: upload base64 in JSON, download the same bytes, only in the caller's county. */
import { afterEach, describe, expect, it } from 'vitest';
import { createCounty } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

describe.each(databases)('attachments over HTTP ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('stores a file, returns the same bytes, refuses bad input, and hides it from other counties', async () => {
    handle = await open();
    const w = await workApp(handle);
    const deputy = await w.login('deputy1');
    const bytes = Buffer.from('%PDF-1.4 调研报告\n', 'utf8');
    const up = await w.call(deputy, 'POST', '/files', { name: '调研报告.pdf', mime: 'application/pdf', base64: bytes.toString('base64') });
    expect([up.status, up.body.file.name, up.body.file.size]).toEqual([201, '调研报告.pdf', bytes.length]);
    const res = await w.app.request(`/api/files/${up.body.file.fileId}`, { headers: { authorization: `Bearer ${deputy}` } });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('调研报告.pdf')}`);

    const bad = await w.call(deputy, 'POST', '/files', { name: '', base64: 'not base64!' });
    expect([bad.status, bad.body.error.details.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, ['/name', '/base64']]);
    const huge = await w.call(deputy, 'POST', '/files', { name: 'big.bin', base64: Buffer.alloc(3.5 * 1024 * 1024).toString('base64') });
    expect(huge.status).toBe(413);
    expect(await w.handle.db.selectFrom('files').select('id').execute()).toHaveLength(1);

    await createCounty(w.handle.db, { code: 'other', name: '邻县', users: [{ username: 'staff', roles: ['staff'] }] });
    const other = await w.login('staff', 'other');
    expect((await w.app.request(`/api/files/${up.body.file.fileId}`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(404);
  });
});
