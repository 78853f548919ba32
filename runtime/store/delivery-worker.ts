/**
 * The delivery worker: one run claims due deliveries (sql/claim-deliveries.ts, SKIP LOCKED
 * with a lease, so several servers share the queue), sends each by its channel, and records
 * the outcome (sql/record-delivery.ts): delivered; failed and retried after an exponential
 * backoff; dead after the county's maxAttempts, for an admin to replay; or postponed to the end
 * of the recipient's quiet hours. Time comes from the runtime clock and the transports are
 * injected, so tests drive it with `runDeliveriesOnce` and a simulated clock.
 */
import type { Kysely } from 'kysely';
import { asFailure, DeliveryFailure, smsTransport, smtpTransport, webhookTransport, type MailTransport, type SmsTransport, type WebhookTransport } from '../delivery/index.ts';
import { readDeliverySettings, retryDelayMs, type DeliverySettings } from './delivery-settings.ts';
import { quietUntil } from './notification-preferences.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { claimDeliveries, type ClaimedDelivery } from './sql/claim-deliveries.ts';
import { deliveryDetails, type DeliveryDetails } from './sql/delivery-details.ts';
import { postponeDelivery, recordDelivered, recordFailure } from './sql/record-delivery.ts';

/** How the worker reaches the outside, from a county's settings; null when that county has not set it up. */
export interface DeliveryChannels {
  mail(settings: DeliverySettings): MailTransport | null;
  webhook(settings: DeliverySettings): WebhookTransport | null;
  sms?(settings: DeliverySettings): SmsTransport | null;
}

export const defaultChannels: DeliveryChannels = {
  mail: (s) =>
    s.smtpHost && s.smtpFrom ? smtpTransport({ host: s.smtpHost, port: s.smtpPort, secure: s.smtpSecure, startTls: s.smtpStartTls, user: s.smtpUser, password: s.smtpPassword }) : null,
  webhook: (s) => (s.webhookUrl && s.webhookSecret ? webhookTransport({ url: s.webhookUrl, secret: s.webhookSecret }) : null),
  sms: (s) => (s.smsUrl && s.smsApiKey ? smsTransport({ url: s.smsUrl, apiKey: s.smsApiKey, sign: s.smsSign }) : null),
};

export interface DeliveryRunResult {
  delivered: number;
  retrying: number;
  dead: number;
  postponed: number;
}

export interface DeliveryRunOptions {
  channels?: DeliveryChannels;
  batch?: number;
  /** How long a claimed row stays with this process before another may take it (default 5 minutes). */
  leaseMs?: number;
}

/** One pass over the due deliveries (at most `batch`). */
export async function runDeliveriesOnce(db: Kysely<Database>, rt: Runtime, opts: DeliveryRunOptions = {}): Promise<DeliveryRunResult> {
  const channels = opts.channels ?? defaultChannels;
  const now = rt.clock.now();
  const result: DeliveryRunResult = { delivered: 0, retrying: 0, dead: 0, postponed: 0 };
  const claimed = await claimDeliveries(db, now, opts.leaseMs ?? 5 * 60_000, opts.batch ?? 50);
  if (claimed.length === 0) return result;
  const details = await deliveryDetails(db, claimed.map((c) => c.id));
  const settingsByCounty = new Map<string, DeliverySettings>();
  for (const d of claimed) {
    let settings = settingsByCounty.get(d.county_id);
    if (!settings) {
      settings = await readDeliverySettings(db, d.county_id, rt.secretsKey);
      settingsByCounty.set(d.county_id, settings);
    }
    const detail = details.get(d.id);
    const quietEnd = detail ? quietUntil(now, detail.quiet_start, detail.quiet_end) : null;
    if (quietEnd) {
      await postponeDelivery(db, d.id, quietEnd);
      result.postponed++;
      continue;
    }
    try {
      if (!detail) throw new DeliveryFailure('NO_ADDRESS');
      await sendOne(channels, settings, d, detail, now);
      await recordDelivered(db, d.id, rt.clock.now());
      result.delivered++;
    } catch (err) {
      const failure = asFailure(err);
      const at = rt.clock.now();
      const outcome = await recordFailure(db, d.id, failure, at, new Date(at.getTime() + retryDelayMs(settings, d.attempts + 1)), settings.maxAttempts);
      result[outcome === 'dead' ? 'dead' : 'retrying']++;
    }
  }
  return result;
}

async function sendOne(channels: DeliveryChannels, settings: DeliverySettings, d: ClaimedDelivery, detail: DeliveryDetails, now: Date): Promise<void> {
  if (d.channel === 'email') {
    const mail = channels.mail(settings);
    if (!mail || !settings.smtpFrom) throw new DeliveryFailure('NOT_CONFIGURED');
    if (!detail.email) throw new DeliveryFailure('NO_ADDRESS');
    await mail.send({ from: settings.smtpFrom, to: detail.email, subject: subjectOf(detail.message), text: detail.message, messageId: d.idempotency_key, date: now });
  } else if (d.channel === 'webhook') {
    const hook = channels.webhook(settings);
    if (!hook) throw new DeliveryFailure('NOT_CONFIGURED');
    if (!detail.phone) throw new DeliveryFailure('NO_ADDRESS');
    await hook.send({ idempotencyKey: d.idempotency_key, to: { name: detail.display_name, phone: detail.phone }, subject: subjectOf(detail.message), text: detail.message, sentAt: now });
  } else if (d.channel === 'sms') {
    const sms = (channels.sms ?? defaultChannels.sms)?.(settings) ?? null;
    if (!sms) throw new DeliveryFailure('NOT_CONFIGURED');
    if (!detail.phone) throw new DeliveryFailure('NO_ADDRESS');
    await sms.send({ idempotencyKey: d.idempotency_key, phone: detail.phone, text: detail.message, sentAt: now });
  } else {
    throw new DeliveryFailure('NOT_CONFIGURED');
  }
}

/** The message's first sentence, at most 60 characters: a subject line, not new wording. */
export function subjectOf(message: string): string {
  const first = message.split(/(?<=[。！？])/)[0] ?? message;
  const chars = [...first.trim()];
  return chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : chars.join('');
}
