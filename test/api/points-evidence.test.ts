/**
 * A points claim's evidence (F6.1 佐证材料, issue 15): a photo or a PDF uploaded through the
 * file routes and named by the claim; the type, the name and the first bytes must agree, so a
 * page, a script or a program renamed `.jpg` is refused in Chinese with nothing written; the
 * reviewers (the office) and the deputy read it as a download, nobody else.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

/** The smallest real PNG: 1×1, one grey pixel. */
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==', 'base64');
const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(w: WorkApp, token: string, name: string, mime: string, bytes: Buffer): Promise<string> {
  const r = await w.call(token, 'POST', '/files', { name, mime, base64: bytes.toString('base64') });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.file.fileId as string;
}

async function entries(w: WorkApp): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from point_entries where source = 'CLAIM'`.execute(w.handle.db)).rows[0]!.n;
}

describe.each(databases)('points claim evidence ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('takes photos and PDFs only, and shows them to the reviewers and the deputy alone', { timeout: 180_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-10T02:00:00Z');
    const deputy = await w.login('deputy1');
    const other = await w.login('deputy2');
    const staff = await w.login('staff');
    const claim = { ruleCode: 'TRAINING', date: '2026-03-01', description: '参加县人大代表履职培训。' };

    // Refused, nothing written: a page named .jpg, a program named .png, a PDF called a photo, an HTML file.
    const refusals = [
      await upload(w, deputy, '现场照片.jpg', 'image/jpeg', Buffer.from('<html><script>alert(1)</script></html>')),
      await upload(w, deputy, 'setup.png', 'image/png', Buffer.from('MZ\x90\x00 this program cannot be run in DOS mode')),
      await upload(w, deputy, '签到表.jpg', 'image/jpeg', PDF_BYTES),
      await upload(w, deputy, 'page.html', 'text/html', Buffer.from('<p>hi</p>')),
      await upload(w, deputy, 'run.exe', 'application/pdf', PDF_BYTES),
    ];
    for (const fileId of refusals) {
      const r = await w.call(deputy, 'POST', '/points/claims', { ...claim, evidence: [{ fileId }] });
      expect([r.status, r.body.error.code], JSON.stringify(r.body)).toEqual([400, 'INVALID_INPUT']);
      expect(r.body.error.message).toMatch(/不是照片或 PDF 文件/);
      expect(r.body.error.details[0].pointer).toBe('/evidence/0');
    }
    expect(await entries(w)).toBe(0);

    const photo = await upload(w, deputy, '培训现场.png', 'image/png', PNG_BYTES);
    const sheet = await upload(w, deputy, '签到表.pdf', 'application/pdf', PDF_BYTES);
    const made = await w.call(deputy, 'POST', '/points/claims', { ...claim, evidence: [{ fileId: photo }, { fileId: sheet }] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    expect(made.body.evidence).toEqual([{ fileId: photo, name: '培训现场.png' }, { fileId: sheet, name: '签到表.pdf' }]);

    // The reviewers see it in their queue and download it; the deputy too; another deputy gets 404.
    const queue = await w.call(staff, 'GET', '/points/review?state=pendingReview');
    expect(queue.body.entries.find((e: { id: string }) => e.id === id).evidence.map((f: { name: string }) => f.name)).toEqual(['培训现场.png', '签到表.pdf']);
    for (const token of [staff, deputy]) {
      const res = await w.app.request(`/api/points/entries/${id}/evidence/${photo}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
    }
    expect((await w.call(other, 'GET', `/points/entries/${id}/evidence/${photo}`)).status).toBe(404);
    // A file the entry does not name is not opened through it, even the deputy's own upload.
    expect((await w.call(staff, 'GET', `/points/entries/${id}/evidence/${refusals[0]}`)).status).toBe(404);
    expect((await w.call(staff, 'GET', `/points/entries/${id}/evidence/${photo}?x=1`)).status).toBe(400);
  });
});
