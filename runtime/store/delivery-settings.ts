/**
 * A county's notification delivery settings (通知发送设置): the mail server, the SMS/WeChat
 * gateway, and the retry rule. Each setting has its words here (Chinese title, English beside
 * it, unit, range), as process settings have theirs in `settingsInfo`; the admin page reads
 * them from GET /api/notification-settings, so no title is written twice.
 *
 * The secrets (SMTP password, gateway signing secret, SMS provider key) are write-only: the view
 * says whether one is set and shows its last 4 characters, never more. Stored in
 * notification_settings.settings (jsonb, one row per county; migration 030), the secrets sealed
 * under the server's key (settings-secrets.ts), so a database reader or a backup holds no
 * password.
 */
import type { Kysely } from 'kysely';
import type { FieldError } from '../errors.ts';
import type { Database } from './schema.ts';
import type { SettingInfo as SettingInfoOf } from './delivery-view-types.ts';
import { isSealed, openSecret, sealSecret } from './settings-secrets.ts';
import { allNotificationSettings } from './sql/all-notification-settings.ts';
import { notificationSettingsRow } from './sql/notification-settings-row.ts';
import { saveNotificationSettings } from './sql/save-notification-settings.ts';

export interface DeliverySettings {
  maxAttempts: number;
  retryAfterSeconds: number;
  retryMaxMinutes: number;
  smtpHost: string | null;
  smtpPort: number;
  smtpSecure: boolean;
  smtpStartTls: boolean;
  smtpUser: string | null;
  smtpPassword: string | null;
  smtpFrom: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  smsUrl: string | null;
  smsApiKey: string | null;
  smsSign: string | null;
  digestEnabled: boolean;
  digestHour: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  maxAttempts: 6,
  retryAfterSeconds: 60,
  retryMaxMinutes: 360,
  smtpHost: null,
  smtpPort: 25,
  smtpSecure: false,
  smtpStartTls: false,
  smtpUser: null,
  smtpPassword: null,
  smtpFrom: null,
  webhookUrl: null,
  webhookSecret: null,
  smsUrl: null,
  smsApiKey: null,
  smsSign: null,
  digestEnabled: true,
  digestHour: 8,
};

type Key = keyof DeliverySettings;
export type SettingInfo = SettingInfoOf<Key>;

/** In the order the admin page shows them. */
export const DELIVERY_SETTINGS_INFO: readonly SettingInfo[] = [
  { key: 'digestEnabled', kind: 'boolean', title: '每日催办汇总', title_en: 'Daily reminder digest', description: '每天向有逾期或被催办待办的人员发送一条汇总', description_en: 'Once a day, everyone with overdue or urged tasks gets one message listing them' },
  { key: 'digestHour', kind: 'number', title: '每日催办汇总发送时刻', title_en: 'Hour of the daily digest', description: '北京时间，如 8 表示每天8点', description_en: 'Local time (Beijing); 8 means 8 o’clock each day', unit: '时', unit_en: "o'clock", min: 0, max: 23 },
  { key: 'maxAttempts', kind: 'number', title: '最多尝试次数', title_en: 'Attempts before giving up', description: '仍未送达即列入“发送失败”清单，由管理员处理', description_en: 'After this many failed attempts the message goes to the failed list for an admin', unit: '次', unit_en: 'attempts', min: 1, max: 20 },
  { key: 'retryAfterSeconds', kind: 'number', title: '首次重试间隔', title_en: 'First retry after', description: '此后每次间隔加倍', description_en: 'Each later wait is twice the one before', unit: '秒', unit_en: 'seconds', min: 1, max: 3600 },
  { key: 'retryMaxMinutes', kind: 'number', title: '最长重试间隔', title_en: 'Longest wait between retries', unit: '分钟', unit_en: 'minutes', min: 1, max: 1440 },
  { key: 'smtpHost', kind: 'text', title: '邮件服务器地址', title_en: 'Mail server (SMTP) host' },
  { key: 'smtpPort', kind: 'number', title: '邮件服务器端口', title_en: 'Mail server port', min: 1, max: 65535 },
  { key: 'smtpSecure', kind: 'boolean', title: '加密连接（SSL）', title_en: 'Encrypted connection (SSL)', description: '端口 465 通常需要开启', description_en: 'Usually on for port 465' },
  { key: 'smtpStartTls', kind: 'boolean', title: 'STARTTLS 加密', title_en: 'STARTTLS encryption', description: '端口 587 通常需要开启；服务器不支持时不发送', description_en: 'Usually on for port 587; nothing is sent when the server does not offer it' },
  { key: 'smtpUser', kind: 'text', title: '邮件账号', title_en: 'Mail account' },
  { key: 'smtpPassword', kind: 'secret', title: '邮件密码', title_en: 'Mail password' },
  { key: 'smtpFrom', kind: 'email', title: '发件人地址', title_en: 'Sender address' },
  { key: 'webhookUrl', kind: 'url', title: '短信/微信网关地址', title_en: 'SMS/WeChat gateway URL', description: '本县自建网关接收签名的通知', description_en: "The county's own gateway, which receives signed notices" },
  { key: 'webhookSecret', kind: 'secret', title: '网关签名密钥', title_en: 'Gateway signing secret', description: '至少16个字符；保存后只显示末4位', description_en: 'At least 16 characters; only the last 4 are shown after saving' },
  { key: 'smsUrl', kind: 'url', title: '短信服务商接口地址', title_en: 'SMS provider URL', description: '按“短信服务商接口”说明（README）接收短信的 HTTPS 地址', description_en: 'The HTTPS address that takes messages in the shape the README describes (SMS provider interface)' },
  { key: 'smsApiKey', kind: 'secret', title: '短信服务商密钥', title_en: 'SMS provider key', description: '保存后只显示末4位', description_en: 'Only the last 4 characters are shown after saving' },
  { key: 'smsSign', kind: 'text', title: '短信签名', title_en: 'SMS signature', description: '如“某某县人大常委会”，服务商要求的签名', description_en: "The sender's signature the provider requires" },
];

const SECRET_KEYS = DELIVERY_SETTINGS_INFO.filter((i) => i.kind === 'secret').map((i) => i.key);

/** What the admin reads: every value, secrets replaced by whether they are set and their last 4 characters. */
export type DeliverySettingsView = Omit<DeliverySettings, 'smtpPassword' | 'webhookSecret' | 'smsApiKey'> & {
  smtpPassword: { set: boolean; last4: string | null };
  webhookSecret: { set: boolean; last4: string | null };
  smsApiKey: { set: boolean; last4: string | null };
};

function secretView(v: string | null): { set: boolean; last4: string | null } {
  return { set: v !== null, last4: v !== null && v.length >= 12 ? v.slice(-4) : null };
}

export function settingsView(s: DeliverySettings): DeliverySettingsView {
  return { ...s, smtpPassword: secretView(s.smtpPassword), webhookSecret: secretView(s.webhookSecret), smsApiKey: secretView(s.smsApiKey) };
}

/** The settings with their secrets opened under `key` (one that does not open reads as unset). */
export async function readDeliverySettings(db: Kysely<Database>, countyId: string, key: Uint8Array): Promise<DeliverySettings> {
  const stored: Record<string, unknown> = { ...DEFAULT_DELIVERY_SETTINGS, ...((await notificationSettingsRow(db, countyId)) ?? {}) };
  for (const k of SECRET_KEYS) {
    const v = stored[k];
    stored[k] = typeof v === 'string' ? openSecret(key, v) : null;
  }
  return stored as unknown as DeliverySettings;
}

/**
 * Check a patch (only the keys it names change; a secret omitted stays, null clears it) and
 * return the whole new settings, or every field error at once.
 */
export function checkSettingsPatch(current: DeliverySettings, body: unknown): { ok: true; value: DeliverySettings } | { ok: false; errors: FieldError[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [{ pointer: '', message: '须为对象', message_en: 'must be an object' }] };
  const errors: FieldError[] = [];
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(body)) {
    const info = DELIVERY_SETTINGS_INFO.find((i) => i.key === key);
    const at = `/${key}`;
    if (!info) {
      errors.push({ pointer: at, message: '不支持的设置项', message_en: 'is not a known setting' });
      continue;
    }
    const problem = settingProblem(info, value);
    if (problem) errors.push({ pointer: at, message: `${info.title}${problem.zh}`, message_en: `${info.title_en} ${problem.en}` });
    else next[key] = typeof value === 'string' ? value.trim() || null : value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: next as unknown as DeliverySettings };
}

function settingProblem(info: SettingInfo, v: unknown): { zh: string; en: string } | null {
  switch (info.kind) {
    case 'number':
      if (typeof v !== 'number' || !Number.isInteger(v)) return { zh: '须为整数', en: 'must be a whole number' };
      if (v < (info.min ?? 0) || v > (info.max ?? Number.MAX_SAFE_INTEGER)) return { zh: `须在${info.min}到${info.max}之间`, en: `must be between ${info.min} and ${info.max}` };
      return null;
    case 'boolean':
      return typeof v === 'boolean' ? null : { zh: '须为是或否', en: 'must be true or false' };
    default:
      if (v === null) return null;
      if (typeof v !== 'string') return { zh: '须为文字', en: 'must be text' };
      if (v.length > 500 || /[\r\n]/.test(v)) return { zh: '过长或含换行', en: 'is too long or has a line break' };
      if (info.kind === 'url' && v.trim() !== '' && !/^https?:\/\/[^\s]+$/.test(v.trim())) return { zh: '须为 http:// 或 https:// 开头的网址', en: 'must be an http:// or https:// URL' };
      if (info.kind === 'email' && v.trim() !== '' && !EMAIL.test(v.trim())) return { zh: '不是有效的电子邮箱', en: 'is not a valid email address' };
      if (info.key === 'webhookSecret' && v.trim().length < 16) return { zh: '至少16个字符', en: 'must have at least 16 characters' };
      return null;
  }
}

/** Deliberately plain: one @, no spaces or angle brackets (what the SMTP client accepts). */
export const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Save the whole settings, the secrets sealed under `key`. */
export async function saveDeliverySettings(db: Kysely<Database>, countyId: string, settings: DeliverySettings, now: Date, key: Uint8Array): Promise<void> {
  const sealed: Record<string, unknown> = { ...settings };
  for (const k of SECRET_KEYS) {
    const v = sealed[k];
    sealed[k] = typeof v === 'string' ? sealSecret(key, v) : null;
  }
  await saveNotificationSettings(db, countyId, sealed, now);
}

/** The wait before attempt `attempts + 1` after `attempts` failures: retryAfterSeconds · 2^(attempts−1), at most retryMaxMinutes. */
export function retryDelayMs(s: Pick<DeliverySettings, 'retryAfterSeconds' | 'retryMaxMinutes'>, attempts: number): number {
  const exp = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(s.retryAfterSeconds * 1000 * 2 ** exp, s.retryMaxMinutes * 60_000);
}

/**
 * At start: seal the secrets saved in plain text before sealing existed (every county's row),
 * so the next backup holds none. Returns how many rows it sealed.
 */
export async function sealStoredSecrets(db: Kysely<Database>, key: Uint8Array, now: Date): Promise<number> {
  let sealed = 0;
  for (const row of await allNotificationSettings(db)) {
    const values = SECRET_KEYS.map((k) => row.settings[k]).filter((v): v is string => typeof v === 'string');
    // Nothing in plain text, or a sealed one this key cannot open (left for the admin to enter again).
    if (!values.some((v) => !isSealed(v)) || values.some((v) => isSealed(v) && openSecret(key, v) === null)) continue;
    const plain = await readDeliverySettings(db, row.county_id, key);
    await saveDeliverySettings(db, row.county_id, plain, now, key);
    sealed++;
  }
  return sealed;
}
