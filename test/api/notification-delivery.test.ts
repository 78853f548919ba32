/**
 * Notifications that arrive (issue 16 item 4): a message the engine sends to a deputy reaches
 * a real SMTP server and a real webhook receiver on loopback (signature checked by the
 * receiver on its own); one sent while the receiver is down arrives after it comes back,
 * exactly once; failures back off exponentially and end in the dead-letter list after the
 * county's maxAttempts, which an admin reads in words and replays; quiet hours hold a delivery
 * until they end. The worker is driven by `runDeliveriesOnce` and the simulated clock.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookTransport } from '../../runtime/delivery/index.ts';
import { drainOutbox, runDeliveriesOnce } from '../../runtime/store/index.ts';
import { claimDeliveries } from '../../runtime/store/sql/claim-deliveries.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { webhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const SECRET = 'county-gateway-secret-2026';
const TITLE = '关于规范农村集贸市场管理的建议';

describe.each(databases)('notification delivery ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  let smtp: SmtpReceiver | undefined;
  let hook: WebhookReceiver | undefined;
  afterEach(async () => {
    await hook?.stop();
    await smtp?.close();
    await handle?.close();
    handle = undefined;
    smtp = undefined;
    hook = undefined;
  });

  async function setup(settings: Record<string, unknown> = {}): Promise<{ w: WorkApp; admin: string; smtp: SmtpReceiver; hook: WebhookReceiver }> {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T02:00:00Z'); // 10:00 in the county
    smtp = await startSmtpReceiver();
    hook = await webhookReceiver(SECRET);
    const admin = await w.login('admin');
    const put = await w.call(admin, 'PUT', '/notification-settings', {
      smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpFrom: 'renda@qingxi.gov.cn', smtpUser: 'notices', smtpPassword: 'mail-password-1',
      webhookUrl: hook.url, webhookSecret: SECRET, maxAttempts: 3, retryAfterSeconds: 60, ...settings,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    return { w, admin, smtp, hook };
  }

  /** The deputy submits, staff accept: the engine sends "…已受理登记" to the deputy. */
  async function acceptedSuggestion(w: WorkApp): Promise<void> {
    const data = { title: TITLE, body: '占道经营多。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' };
    expect((await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data })).status).toBe(201);
    const staff = await w.login('staff');
    const task = (await w.call(staff, 'GET', '/tasks?mine=1')).body.tasks.find((t: { outcomes: Array<{ event: string }> }) => t.outcomes.some((o) => o.event === 'ACCEPT'));
    expect((await w.call(staff, 'POST', `/tasks/${task.id}/complete`, { outcome: 'ACCEPT', data: { categoryCode: 'OTHER' } })).status).toBe(200);
    await drainOutbox(w.handle.db, w.rt, () => undefined);
  }

  async function choose(w: WorkApp, prefs: Record<string, unknown>): Promise<void> {
    const r = await w.call(await w.login('deputy1'), 'PUT', '/me/notification-preferences', prefs);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  it('mails and signs the message; one sent while the gateway is down arrives after it is back, once', async () => {
    const { w, smtp, hook } = await setup();
    await choose(w, { email: 'wangjianguo@example.cn', phone: '13800001111', channels: ['email', 'webhook'] });
    await acceptedSuggestion(w);

    // The gateway is down: the mail goes, the webhook fails and waits 60 s.
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toEqual({ delivered: 1, retrying: 1, dead: 0, postponed: 0 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ mailFrom: 'renda@qingxi.gov.cn', rcptTo: ['wangjianguo@example.cn'], to: 'wangjianguo@example.cn', auth: '\0notices\0mail-password-1' });
    expect(smtp.mails[0]!.subject).toBe(`您领衔的建议《${TITLE}》已受理登记。`);
    expect(smtp.mails[0]!.text).toContain(TITLE);
    expect(hook.requests).toEqual([]);

    await hook.start();
    w.clock.advance(59_000);
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toEqual({ delivered: 0, retrying: 0, dead: 0, postponed: 0 });
    w.clock.advance(1_000);
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toEqual({ delivered: 1, retrying: 0, dead: 0, postponed: 0 });
    expect(hook.requests).toHaveLength(1);
    const got = hook.requests[0]!;
    expect(got.signatureValid).toBe(true);
    expect(got.timestamp).toBe(Math.floor(w.clock.now().getTime() / 1000));
    expect(got.body).toMatchObject({ id: got.key, to: { name: '王建国', phone: '13800001111' }, text: `您领衔的建议《${TITLE}》已受理登记。` });

    // Nothing is sent again, however often the worker runs later.
    w.clock.advance(3600_000);
    expect((await runDeliveriesOnce(w.handle.db, w.rt)).delivered).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it('resends with the same idempotency key when the answer is lost, and the gateway keeps it once', async () => {
    const { w, hook } = await setup();
    await hook.start();
    await choose(w, { phone: '13800001111', channels: ['webhook'] });
    await acceptedSuggestion(w);
    // A server claims the row, posts it, and dies before the gateway's answer is recorded: the
    // row stays leased for 5 minutes, and no other run takes it meanwhile…
    const leased = await claimDeliveries(w.handle.db, w.clock.now(), 5 * 60_000, 10);
    expect(leased).toHaveLength(1);
    await webhookTransport({ url: hook.url, secret: SECRET }).send({ idempotencyKey: leased[0]!.idempotency_key, to: { name: '王建国', phone: '13800001111' }, subject: 's', text: 't', sentAt: w.clock.now() });
    w.clock.advance(4 * 60_000);
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toEqual({ delivered: 0, retrying: 0, dead: 0, postponed: 0 });
    // …then another server takes it over; the gateway sees the same key twice and keeps one.
    w.clock.advance(60_000);
    expect((await runDeliveriesOnce(w.handle.db, w.rt)).delivered).toBe(1);
    expect(hook.requests).toHaveLength(2);
    expect(new Set(hook.requests.map((r) => r.key)).size).toBe(1);
    expect(hook.accepted.size).toBe(1);
  });

  it('backs off exponentially, lists the dead letter in words after maxAttempts, and replays it', async () => {
    const { w, admin, smtp } = await setup();
    smtp.reject.add('wangjianguo@example.cn');
    await choose(w, { email: 'wangjianguo@example.cn', channels: ['email'] });
    await acceptedSuggestion(w);

    expect((await runDeliveriesOnce(w.handle.db, w.rt)).retrying).toBe(1); // attempt 1; next in 60 s
    w.clock.advance(60_000);
    expect((await runDeliveriesOnce(w.handle.db, w.rt)).retrying).toBe(1); // attempt 2; next in 120 s
    w.clock.advance(119_000);
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toEqual({ delivered: 0, retrying: 0, dead: 0, postponed: 0 });
    w.clock.advance(1_000);
    expect((await runDeliveriesOnce(w.handle.db, w.rt)).dead).toBe(1); // attempt 3 of 3
    expect(smtp.mails).toEqual([]);

    const list = await w.call(admin, 'GET', '/notification-deliveries/dead');
    expect(list.status).toBe(200);
    expect(list.body.deadLetters).toEqual([
      {
        id: expect.any(Number), recipient: '王建国', channel: 'email', channelTitle: '电子邮件', channelTitleEn: 'Email',
        subject: `您领衔的建议《${TITLE}》已受理登记。`, instanceTitle: TITLE, attempts: 3,
        error: '邮件服务器拒收，答复 550', errorEn: 'The mail server refused it, replying 550', failedAt: w.clock.now().toISOString(),
      },
    ]);
    // Only an admin reads or replays; bad ids are 404, not 500.
    const deputy = await w.login('deputy1');
    expect((await w.call(deputy, 'GET', '/notification-deliveries/dead')).status).toBe(403);
    const id = list.body.deadLetters[0].id as number;
    expect((await w.call(deputy, 'POST', `/notification-deliveries/${id}/replay`)).status).toBe(403);
    for (const bad of ['abc', '0', '99999999', '1e3', String(id + 1000)]) expect((await w.call(admin, 'POST', `/notification-deliveries/${bad}/replay`)).body.error.code).toBe('DELIVERY_NOT_FOUND');

    smtp.reject.clear();
    expect((await w.call(admin, 'POST', `/notification-deliveries/${id}/replay`)).body).toEqual({ replayed: true });
    const again = await w.call(admin, 'POST', `/notification-deliveries/${id}/replay`);
    expect([again.status, again.body.error.code]).toEqual([409, 'DELIVERY_NOT_DEAD']);
    expect((await runDeliveriesOnce(w.handle.db, w.rt)).delivered).toBe(1);
    expect(smtp.mails.map((m) => [m.to, m.subject])).toEqual([['wangjianguo@example.cn', `您领衔的建议《${TITLE}》已受理登记。`]]);
    expect((await w.call(admin, 'GET', '/notification-deliveries/dead')).body.deadLetters).toEqual([]);
  });

  it('holds a delivery during the quiet hours and sends it when they end', async () => {
    const { w, smtp } = await setup();
    await choose(w, { email: 'wangjianguo@example.cn', channels: ['email'], quietStart: '22:00', quietEnd: '07:00' });
    w.clock.set('2026-04-01T15:30:00Z'); // 23:30 in the county
    await acceptedSuggestion(w);
    expect((await runDeliveriesOnce(w.handle.db, w.rt)).postponed).toBe(1);
    w.clock.set('2026-04-01T22:59:00Z'); // 06:59
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toEqual({ delivered: 0, retrying: 0, dead: 0, postponed: 0 });
    expect(smtp.mails).toEqual([]);
    w.clock.set('2026-04-01T23:00:00Z'); // 07:00
    expect((await runDeliveriesOnce(w.handle.db, w.rt)).delivered).toBe(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it('shares the queue between two servers: a message to a role reaches each deputy exactly once', async () => {
    const { w, hook } = await setup();
    await hook.start();
    const phones = ['13800000001', '13800000002', '13800000003', '13800000004', '13800000005'];
    for (const [i, phone] of phones.entries()) {
      const r = await w.call(await w.login(`deputy${i + 1}`), 'PUT', '/me/notification-preferences', { phone, channels: ['webhook'] });
      expect(r.status).toBe(200);
    }
    // Two messages to the role, as the engine's notify effect writes them (step-write.ts).
    for (const message of ['请各位代表于4月10日前提交闭会期间建议。', '代表培训改在4月12日。']) {
      await sql`insert into outbox (county_id, instance_id, kind, payload, created_at) values ('demo', null, 'notify', ${JSON.stringify({ to: { role: 'deputy' }, message })}::jsonb, ${w.clock.now()})`.execute(w.handle.db);
    }
    await drainOutbox(w.handle.db, w.rt, () => undefined);
    // postgres: a second pool, like a second server; PGlite has one connection (the driver serialises them).
    const other = handle!.reopen ? await handle!.reopen() : handle!;
    try {
      if (other !== handle) {
        // While one server holds its claim of 3 uncommitted, the other takes the next rows at
        // once instead of waiting (SKIP LOCKED), and none of the first server's.
        await w.handle.db.transaction().execute(async (trx) => {
          const first = await claimDeliveries(trx, w.clock.now(), 0, 3);
          const second = await claimDeliveries(other.db, w.clock.now(), 0, 10);
          expect([first.length, second.length]).toEqual([3, 7]);
          expect(new Set([...first, ...second].map((d) => d.id)).size).toBe(10);
        });
      }
      let delivered = 0;
      for (let round = 0; round < 10; round++) {
        const [a, b] = await Promise.all([runDeliveriesOnce(w.handle.db, w.rt, { batch: 3 }), runDeliveriesOnce(other.db, w.rt, { batch: 3 })]);
        delivered += a.delivered + b.delivered;
        if (a.delivered + b.delivered === 0) break;
      }
      expect(delivered).toBe(10);
    } finally {
      if (other !== handle) await other.close();
    }
    expect(hook.requests).toHaveLength(10);
    expect(hook.accepted.size).toBe(10);
    expect(hook.requests.map((r) => r.body.to.phone).sort()).toEqual([...phones, ...phones].sort());
  });

  it('sends nothing outside to a user who chose no channel, and names a missing setting in words', async () => {
    const { w, admin, smtp } = await setup({ smtpHost: null, maxAttempts: 1 });
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toEqual({ delivered: 0, retrying: 0, dead: 0, postponed: 0 });
    await acceptedSuggestion(w); // deputy1 has chosen nothing: the in-app list only
    expect(await runDeliveriesOnce(w.handle.db, w.rt)).toEqual({ delivered: 0, retrying: 0, dead: 0, postponed: 0 });
    await choose(w, { email: 'wangjianguo@example.cn', channels: ['email'] });
    await acceptedSuggestion(w);
    expect((await runDeliveriesOnce(w.handle.db, w.rt)).dead).toBe(1);
    expect((await w.call(admin, 'GET', '/notification-deliveries/dead')).body.deadLetters.map((d: { error: string }) => d.error)).toEqual(['本县尚未设置邮件服务器']);
    expect(smtp.mails).toEqual([]);
  });
});

describe.each(databases)('notification settings and preferences over HTTP ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('shows secrets only by their last 4 characters and refuses bad settings with every error, changing nothing', async () => {
    handle = await open();
    const w = await workApp(handle);
    const admin = await w.login('admin');
    expect((await w.call(admin, 'PUT', '/notification-settings', { webhookUrl: 'https://gw.qingxi.gov.cn/notify', webhookSecret: SECRET })).status).toBe(200);
    const read = await w.call(admin, 'GET', '/notification-settings');
    expect(read.body.settings.webhookSecret).toEqual({ set: true, last4: '2026' });
    expect(JSON.stringify(read.body)).not.toContain(SECRET);
    expect(read.body.info.find((i: { key: string }) => i.key === 'maxAttempts')).toMatchObject({ title: '最多尝试次数', unit: '次' });

    const bad = await w.call(admin, 'PUT', '/notification-settings', { webhookUrl: 'ftp://x', webhookSecret: 'short', maxAttempts: 0, retryAfterSeconds: 'soon', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/colour', '/maxAttempts', '/retryAfterSeconds', '/webhookSecret', '/webhookUrl']);
    for (const body of ['[]', 'null', '{']) {
      const res = await w.app.request('/api/notification-settings', { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body });
      expect(res.status).toBe(400);
    }
    expect((await w.call(admin, 'GET', '/notification-settings')).body).toEqual(read.body);
    expect((await w.call(await w.login('staff'), 'GET', '/notification-settings')).status).toBe(403);
  });

  it('keeps each user\'s own preferences and refuses bad ones in words', async () => {
    handle = await open();
    const w = await workApp(handle);
    const deputy = await w.login('deputy1');
    expect((await w.call(deputy, 'GET', '/me/notification-preferences')).body.preferences).toEqual({ email: null, phone: null, channels: [], quietStart: null, quietEnd: null });
    const bad = await w.call(deputy, 'PUT', '/me/notification-preferences', { email: 'not-mail', phone: '12345', channels: ['email', 'fax'], quietStart: '25:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message])).toEqual([
      ['/email', '不是有效的电子邮箱'],
      ['/phone', '手机号码须为11位数字'],
      ['/channels/1', '未知的通知方式'],
      ['/quietStart', '时间须为“时:分”，如 22:00'],
      ['/quietEnd', '免打扰的开始和结束时间须同时填写'],
    ]);
    const good = { email: 'wang@example.cn', phone: '13800001111', channels: ['webhook'], quietStart: '12:00', quietEnd: '13:30' };
    expect((await w.call(deputy, 'PUT', '/me/notification-preferences', good)).status).toBe(200);
    expect((await w.call(deputy, 'GET', '/me/notification-preferences')).body.preferences).toEqual(good);
    expect((await w.call(await w.login('deputy2'), 'GET', '/me/notification-preferences')).body.preferences.channels).toEqual([]);
  });
});
