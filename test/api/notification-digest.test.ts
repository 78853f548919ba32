/**
 * Issue 16 item 4, the rest: the daily digest of 催办 (once a day per county and person, at the
 * county's hour, across servers), the SMS provider adapter in its documented shape, STARTTLS,
 * and the delivery secrets sealed in the database. Real SMTP and HTTP receivers on loopback.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryFailure, smtpTransport } from '../../runtime/delivery/index.ts';
import { createRuntime, drainOutbox, readDeliverySettings, runDailyDigest, runDeliveriesOnce, runDueTimers, sealStoredSecrets, secretsKeyOf, type DatabaseHandle } from '../../runtime/store/index.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const TITLE = '关于老旧小区加装电梯的建议';
const SMS_KEY = 'sms-provider-key-7f3a';

interface SmsRequest {
  headers: IncomingHttpHeaders;
  body: { requestId: string; phoneNumbers: string[]; signName: string; text: string; sentAt: string };
}

/** An SMS provider stand-in speaking the documented shape: OK for a known key, a refusal otherwise. */
async function smsProvider(): Promise<{ url: string; requests: SmsRequest[]; server: Server }> {
  const requests: SmsRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      requests.push({ headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== `Bearer ${SMS_KEY}`) res.end(JSON.stringify({ code: 'InvalidAccessKeyId', message: '密钥错误\u0007' }));
      else res.end(JSON.stringify({ code: 'OK', messageId: `m-${requests.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`, requests, server };
}

describeEachDatabase('daily digest, SMS provider, sealed secrets', (open) => {
  let handle: DatabaseHandle | undefined;
  let provider: Awaited<ReturnType<typeof smsProvider>> | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    await new Promise((r) => (provider ? provider.server.close(r) : r(undefined)));
    provider = undefined;
  });

  async function setup(): Promise<{ w: WorkApp; admin: string }> {
    handle = await open();
    // 09:00 in the county: past the default hour (8), so the day's digest is due.
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    return { w, admin: await w.login('admin') };
  }

  async function act(w: WorkApp, user: string, outcome: string, data?: unknown): Promise<void> {
    const token = await w.login(user);
    const task = (await w.call(token, 'GET', '/tasks?mine=1&limit=500')).body.tasks.find((t: { outcomes: Array<{ event: string }> }) => t.outcomes.some((o) => o.event === outcome));
    expect(task, `${user} has ${outcome}`).toBeDefined();
    const r = await w.call(token, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  const noticesTo = async (w: WorkApp, userId: string) =>
    (await sql<{ message: string }>`select payload ->> 'message' as message from outbox where kind = 'notify' and payload -> 'to' ->> 'userId' = ${userId} order by id`.execute(w.handle.db)).rows.map((r) => r.message);

  // Three months of the demo county's timers run in it: more than the default minute on a loaded box.
  it('sends one digest a day to the unit clerk whose task is overdue, once across two servers, at the county hour', { timeout: 240_000 }, async () => {
    const { w } = await setup();
    expect((await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data: { title: TITLE, body: '加装电梯。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' } })).status).toBe(201);
    await act(w, 'staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act(w, 'staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act(w, 'staff', 'APPROVE_ASSIGNMENT', {});
    await act(w, 'unit1', 'ACCEPT');
    const unitUser = (await sql<{ id: string }>`select id from users where username = 'unit1'`.execute(w.handle.db)).rows[0]!.id;

    // Day 1: nothing of this suggestion is overdue; the county's digest is claimed for the day.
    await runDailyDigest(w.handle.db, w.rt);
    expect((await noticesTo(w, unitUser)).filter((m) => m.includes(TITLE) && m.startsWith('每日催办汇总'))).toEqual([]);

    // Three months on the planning task is overdue; at 07:30 local the digest waits for 8 o'clock.
    w.clock.set('2026-07-02T23:30:00Z');
    await runDueTimers(w.handle.db, w.rt);
    expect(await runDailyDigest(w.handle.db, w.rt)).toEqual({ counties: 0, recipients: 0 });
    w.clock.set('2026-07-03T00:05:00Z'); // 08:05
    const second = createRuntime({ clock: w.clock, secretsKey: secretsKeyOf('test-secret') });
    const [a, b] = await Promise.all([runDailyDigest(w.handle.db, w.rt), runDailyDigest(w.handle.db, second)]);
    expect(a.counties + b.counties).toBe(1);
    const digests = (await noticesTo(w, unitUser)).filter((m) => m.startsWith('每日催办汇总'));
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatch(/^每日催办汇总（2026年7月3日）：您有\d+项待办已逾期或被催办：/);
    expect(digests[0]).toContain(`制定办理方案并与代表面商：${TITLE}`);
    expect(digests[0]).toMatch(/已逾期，期限2026年7月\d+日/);
    expect(digests[0]).not.toMatch(/P\dM|T\d\d:|unit-housing/);
    // The same day again, on either server: nothing more.
    await runDailyDigest(w.handle.db, w.rt);
    await runDailyDigest(w.handle.db, createRuntime({ clock: w.clock }));
    expect((await noticesTo(w, unitUser)).filter((m) => m.startsWith('每日催办汇总'))).toHaveLength(1);

    // The county turns it off: the next day brings none (a new login: the clock moved months).
    w.clock.set('2026-07-04T01:00:00Z');
    const admin = await w.login('admin');
    expect((await w.call(admin, 'PUT', '/notification-settings', { digestEnabled: false })).status).toBe(200);
    expect(await runDailyDigest(w.handle.db, w.rt)).toEqual({ counties: 0, recipients: 0 });
    expect((await noticesTo(w, unitUser)).filter((m) => m.startsWith('每日催办汇总'))).toHaveLength(1);
    // An hour outside 0–23 is refused in words, nothing saved.
    const bad = await w.call(admin, 'PUT', '/notification-settings', { digestHour: 24 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('每日催办汇总发送时刻');
  });

  it('sends a notice by SMS in the documented shape, seals the key in the database, and lists a refusal in words', async () => {
    const { w, admin } = await setup();
    provider = await smsProvider();
    const put = await w.call(admin, 'PUT', '/notification-settings', { smsUrl: provider.url, smsApiKey: SMS_KEY, smsSign: '青溪县人大常委会', digestEnabled: false });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.settings.smsApiKey).toEqual({ set: true, last4: '7f3a' });
    // The database (and so any backup) holds no key in plain text.
    const stored = JSON.stringify((await sql<{ settings: unknown }>`select settings from notification_settings`.execute(w.handle.db)).rows);
    expect(stored).not.toContain(SMS_KEY);
    expect(stored).toMatch(/"smsApiKey":"v1:/);

    const deputy = await w.login('deputy1');
    expect((await w.call(deputy, 'PUT', '/me/notification-preferences', { email: null, phone: '13800001111', channels: ['sms'], quietStart: null, quietEnd: null })).status).toBe(200);
    expect((await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { title: TITLE, body: '加装电梯。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' } })).status).toBe(201);
    await act(w, 'staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await drainOutbox(w.handle.db, w.rt, () => undefined);
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toMatchObject({ delivered: 1, retrying: 0 });
    expect(provider.requests).toHaveLength(1);
    const [req] = provider.requests;
    expect(req!.headers.authorization).toBe(`Bearer ${SMS_KEY}`);
    expect(req!.headers['idempotency-key']).toBe(req!.body.requestId);
    expect(req!.body).toMatchObject({ phoneNumbers: ['13800001111'], signName: '青溪县人大常委会', text: `您领衔的建议《${TITLE}》已受理登记。` });

    // A wrong key: the provider refuses; after the county's attempts it is in the failed list, in words.
    expect((await w.call(admin, 'PUT', '/notification-settings', { smsApiKey: 'a-wrong-provider-key', maxAttempts: 1 })).status).toBe(200);
    const before = provider.requests.length;
    // Another notice to the deputy: a second suggestion accepted.
    expect((await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { title: '关于增设公交站点的建议', body: '增设站点。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' } })).status).toBe(201);
    await act(w, 'staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await drainOutbox(w.handle.db, w.rt, () => undefined);
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toMatchObject({ delivered: 0, dead: 1 });
    expect(provider.requests.length).toBe(before + 1);
    const dead = (await w.call(admin, 'GET', '/notification-deliveries/dead')).body.deadLetters;
    expect(JSON.stringify(dead)).toContain('短信服务商拒收：InvalidAccessKeyId 密钥错误');
    expect(JSON.stringify(dead)).not.toContain('\\u0007');
  });
});

describeEachDatabase('secrets saved before sealing', (open) => {
  it('are sealed at start and read back the same; a key that does not open them reads as unset', async () => {
    const h = await open();
    try {
      const key = secretsKeyOf('a-token-secret-of-at-least-32-characters!');
      await sql`insert into notification_settings (county_id, settings, updated_at) values ('c1', ${JSON.stringify({ smtpHost: 'mail.qingxi.gov.cn', smtpPassword: 'plain-mail-password', webhookSecret: 'plain-gateway-secret-16' })}::jsonb, now())`.execute(h.db);
      expect(await sealStoredSecrets(h.db, key, new Date())).toBe(1);
      const raw = JSON.stringify((await sql<{ settings: unknown }>`select settings from notification_settings`.execute(h.db)).rows[0]);
      expect(raw).not.toContain('plain-mail-password');
      expect(raw).not.toContain('plain-gateway-secret-16');
      expect(raw).toContain('mail.qingxi.gov.cn');
      expect(await readDeliverySettings(h.db, 'c1', key)).toMatchObject({ smtpHost: 'mail.qingxi.gov.cn', smtpPassword: 'plain-mail-password', webhookSecret: 'plain-gateway-secret-16' });
      // Nothing left to seal; another key opens nothing and seals nothing over them.
      expect(await sealStoredSecrets(h.db, key, new Date())).toBe(0);
      const other = secretsKeyOf('another-token-secret-of-32-characters!!');
      expect(await readDeliverySettings(h.db, 'c1', other)).toMatchObject({ smtpPassword: null, webhookSecret: null });
      expect(await sealStoredSecrets(h.db, other, new Date())).toBe(0);
      expect(await readDeliverySettings(h.db, 'c1', key)).toMatchObject({ smtpPassword: 'plain-mail-password' });
    } finally {
      await h.close();
    }
  });
});

describe('STARTTLS', () => {
  let dir: string;
  let tls: { key: string; cert: string };
  let receivers: SmtpReceiver[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    tls = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const mail = { from: 'renda@qingxi.gov.cn', to: 'wang@example.cn', subject: '测试', text: '加密发送的通知。', messageId: 'k1', date: new Date('2026-04-01T02:00:00Z') };

  it('upgrades the connection before authenticating, and the mail arrives over TLS', async () => {
    const smtp = await startSmtpReceiver({ tls });
    receivers.push(smtp);
    await smtpTransport({ host: '127.0.0.1', port: smtp.port, startTls: true, ca: tls.cert, user: 'notices', password: 'pw' }).send(mail);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ tls: true, auth: '\0notices\0pw', text: '加密发送的通知。' });
    expect(smtp.verbs.slice(0, 3)).toEqual(['EHLO', 'STARTTLS', 'EHLO']);
  });

  it('sends nothing to a server that does not offer STARTTLS, or whose certificate is not trusted', async () => {
    const plain = await startSmtpReceiver();
    receivers.push(plain);
    const refused = await smtpTransport({ host: '127.0.0.1', port: plain.port, startTls: true, user: 'notices', password: 'pw' }).send(mail).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeliveryFailure);
    expect((refused as DeliveryFailure).code).toBe('STARTTLS_UNAVAILABLE');
    expect(plain.verbs).toEqual(['EHLO']);
    const untrusted = await startSmtpReceiver({ tls });
    receivers.push(untrusted);
    const failed = await smtpTransport({ host: '127.0.0.1', port: untrusted.port, startTls: true, user: 'notices', password: 'pw' }).send(mail).catch((e: unknown) => e);
    expect((failed as DeliveryFailure).code).toBe('TLS_FAILED');
    expect(untrusted.mails).toEqual([]);
    expect(untrusted.verbs).not.toContain('AUTH');
  });
});
