/**
 * A user's own notification preferences (我的通知方式, on the account page): the outside
 * channels they want besides the in-app list (which everyone always has), their address for
 * each, and quiet hours (免打扰时段) during which deliveries wait. Kept in
 * notification_preferences (migration 030); a user with no row gets the in-app list only.
 *
 * Quiet hours are local times (Asia/Shanghai, UTC+8 all year, as the calendar counts) and may
 * run over midnight (22:00–07:00). `quietUntil` is pure: the worker passes its clock's now.
 */
import { sql, type Kysely } from 'kysely';
import type { FieldError } from '../errors.ts';
import { EMAIL } from './delivery-settings.ts';
import type { Database } from './schema.ts';

export const OUTSIDE_CHANNELS = ['email', 'webhook', 'sms'] as const;
export type OutsideChannel = (typeof OUTSIDE_CHANNELS)[number];

/** The channels by their words; `inApp` is always on. */
export const CHANNEL_INFO = [
  { channel: 'inApp', title: '站内消息', title_en: 'In-app messages' },
  { channel: 'email', title: '电子邮件', title_en: 'Email' },
  { channel: 'webhook', title: '短信/微信（本县网关）', title_en: "SMS/WeChat (the county's gateway)" },
  { channel: 'sms', title: '短信（短信服务商）', title_en: 'SMS (provider)' },
] as const;

export function channelTitle(channel: string): { title: string; title_en: string } {
  const info = CHANNEL_INFO.find((c) => c.channel === channel);
  return info ? { title: info.title, title_en: info.title_en } : { title: channel, title_en: channel };
}

export interface NotificationPreferences {
  email: string | null;
  phone: string | null;
  channels: OutsideChannel[];
  quietStart: string | null;
  quietEnd: string | null;
}

export const NO_PREFERENCES: NotificationPreferences = { email: null, phone: null, channels: [], quietStart: null, quietEnd: null };

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MOBILE = /^1\d{10}$/;
const LOCAL_OFFSET_MS = 8 * 3600_000;

export async function readPreferences(db: Kysely<Database>, countyId: string, userId: string): Promise<NotificationPreferences> {
  const r = await sql<{ email: string | null; phone: string | null; channels: OutsideChannel[]; quiet_start: string | null; quiet_end: string | null }>`
    select email, phone, channels, quiet_start, quiet_end from notification_preferences where county_id = ${countyId} and user_id = ${userId}`.execute(db);
  const row = r.rows[0];
  return row ? { email: row.email, phone: row.phone, channels: row.channels, quietStart: row.quiet_start, quietEnd: row.quiet_end } : NO_PREFERENCES;
}

export async function savePreferences(db: Kysely<Database>, countyId: string, userId: string, p: NotificationPreferences, now: Date): Promise<void> {
  await sql`
    insert into notification_preferences (county_id, user_id, email, phone, channels, quiet_start, quiet_end, updated_at)
    values (${countyId}, ${userId}, ${p.email}, ${p.phone}, ${JSON.stringify(p.channels)}::jsonb, ${p.quietStart}, ${p.quietEnd}, ${now})
    on conflict (county_id, user_id) do update set email = excluded.email, phone = excluded.phone, channels = excluded.channels,
      quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, updated_at = excluded.updated_at`.execute(db);
}

/** The whole preferences from a PUT body, or every field error at once. */
export function checkPreferences(body: unknown): { ok: true; value: NotificationPreferences } | { ok: false; errors: FieldError[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [{ pointer: '', message: '须为对象', message_en: 'must be an object' }] };
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(b)) {
    if (!['email', 'phone', 'channels', 'quietStart', 'quietEnd'].includes(key)) errors.push({ pointer: `/${key}`, message: '不支持的字段', message_en: 'is not a known field' });
  }
  const text = (key: string): string | null => {
    const v = b[key];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
    if (typeof v !== 'string') {
      errors.push({ pointer: `/${key}`, message: '须为文字', message_en: 'must be text' });
      return null;
    }
    return v.trim();
  };
  const email = text('email');
  if (email !== null && (email.length > 254 || !EMAIL.test(email))) errors.push({ pointer: '/email', message: '不是有效的电子邮箱', message_en: 'is not a valid email address' });
  const phone = text('phone');
  if (phone !== null && !MOBILE.test(phone)) errors.push({ pointer: '/phone', message: '手机号码须为11位数字', message_en: 'must be an 11-digit mobile number' });
  const channels: OutsideChannel[] = [];
  if (b.channels !== undefined && !Array.isArray(b.channels)) errors.push({ pointer: '/channels', message: '须为列表', message_en: 'must be a list' });
  for (const [i, c] of (Array.isArray(b.channels) ? b.channels : []).entries()) {
    if (!(OUTSIDE_CHANNELS as readonly unknown[]).includes(c)) errors.push({ pointer: `/channels/${i}`, message: '未知的通知方式', message_en: 'is not a known channel' });
    else if (!channels.includes(c as OutsideChannel)) channels.push(c as OutsideChannel);
  }
  if (channels.includes('email') && email === null) errors.push({ pointer: '/email', message: '选择电子邮件时须填写电子邮箱', message_en: 'is required when email is chosen' });
  if ((channels.includes('webhook') || channels.includes('sms')) && phone === null) errors.push({ pointer: '/phone', message: '选择短信/微信时须填写手机号码', message_en: 'is required when SMS/WeChat is chosen' });
  const quietStart = text('quietStart');
  const quietEnd = text('quietEnd');
  for (const [key, v] of [['quietStart', quietStart], ['quietEnd', quietEnd]] as const) {
    if (v !== null && !HHMM.test(v)) errors.push({ pointer: `/${key}`, message: '时间须为“时:分”，如 22:00', message_en: 'must be a time such as 22:00' });
  }
  if ((quietStart === null) !== (quietEnd === null)) errors.push({ pointer: quietStart === null ? '/quietStart' : '/quietEnd', message: '免打扰的开始和结束时间须同时填写', message_en: 'quiet hours need both a start and an end' });
  else if (quietStart !== null && quietStart === quietEnd) errors.push({ pointer: '/quietEnd', message: '结束时间不能与开始时间相同', message_en: 'must differ from the start' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { email, phone, channels, quietStart, quietEnd } };
}

/**
 * When the quiet hours holding `now` end, or null when `now` is outside them. `start`–`end`
 * are local HH:MM; start > end runs over midnight. The start is inside, the end is not.
 */
export function quietUntil(now: Date, start: string | null, end: string | null): Date | null {
  if (start === null || end === null) return null;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const local = now.getTime() + LOCAL_OFFSET_MS;
  const dayStart = Math.floor(local / 86_400_000) * 86_400_000;
  const m = (local - dayStart) / 60_000;
  const s = minutes(start);
  const e = minutes(end);
  const inside = s < e ? m >= s && m < e : m >= s || m < e;
  if (!inside) return null;
  const endDay = s > e && m >= s ? dayStart + 86_400_000 : dayStart;
  return new Date(endDay + e * 60_000 - LOCAL_OFFSET_MS);
}
