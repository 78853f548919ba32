/**
 * Notification delivery over HTTP:
 * - the county's settings (admin): GET/PUT /api/notification-settings — every setting with its
 *   words; the secrets only as "set, ends in …", never in full;
 * - the dead-letter list (admin): GET /api/notification-deliveries/dead and the replay,
 *   POST /api/notification-deliveries/{id}/replay;
 * - the caller's own preferences: GET/PUT /api/me/notification-preferences.
 * Bad input is one 400 INVALID_INPUT listing every field error; another county's delivery is a
 * 404 as one that does not exist.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import {
  CHANNEL_INFO,
  checkPreferences,
  checkSettingsPatch,
  deadLetters,
  DELIVERY_SETTINGS_INFO,
  inTransaction,
  readDeliverySettings,
  readPreferences,
  recordAudit,
  replayDeadLetter,
  saveDeliverySettings,
  savePreferences,
  settingsView,
  type Database,
} from '../../runtime/store/index.ts';
import { auditBy } from '../audit-entry.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { readJson } from '../request-body.ts';

export interface NotificationDeliveryRouteDeps {
  db: Kysely<Database>;
  clock: { now(): Date };
  /** Seals and opens the county's delivery secrets (runtime/store/settings-secrets.ts). */
  secretsKey: Uint8Array;
}

function invalid(errors: FieldError[]): AppError {
  return new AppError('INVALID_INPUT', 'Some fields are invalid', { errors });
}

export function mountNotificationDeliveryRoutes(api: Hono<AppEnv>, deps: NotificationDeliveryRouteDeps): void {
  const { db, clock, secretsKey } = deps;
  const admin = requireRole('admin');

  api.get('/notification-settings', admin, async (c) => {
    return c.json({ settings: settingsView(await readDeliverySettings(db, currentUser(c).countyId, secretsKey)), info: DELIVERY_SETTINGS_INFO });
  });

  api.put('/notification-settings', admin, async (c) => {
    const { countyId } = currentUser(c);
    const body = await readJson(c);
    const current = await readDeliverySettings(db, countyId, secretsKey);
    const checked = checkSettingsPatch(current, body);
    if (!checked.ok) throw invalid(checked.errors);
    // Which settings changed, by key — never their values (the secrets among them).
    const changed = Object.keys(body as object).filter((k) => JSON.stringify((current as unknown as Record<string, unknown>)[k]) !== JSON.stringify((checked.value as unknown as Record<string, unknown>)[k]));
    await inTransaction(db, async (trx) => {
      await saveDeliverySettings(trx, countyId, checked.value, clock.now(), secretsKey);
      await recordAudit(trx, { ...auditBy(c, clock), action: 'notification.settings_changed', target: { kind: 'county', id: countyId }, detail: { settings: changed } });
    });
    return c.json({ settings: settingsView(checked.value), info: DELIVERY_SETTINGS_INFO });
  });

  api.get('/notification-deliveries/dead', admin, async (c) => {
    return c.json({ deadLetters: await deadLetters(db, currentUser(c).countyId) });
  });

  api.post('/notification-deliveries/:id/replay', admin, async (c) => {
    const { countyId } = currentUser(c);
    const raw = c.req.param('id');
    if (!/^[1-9][0-9]{0,14}$/.test(raw)) throw new AppError('DELIVERY_NOT_FOUND');
    const id = Number(raw);
    const outcome = await inTransaction(db, async (trx) => {
      const r = await replayDeadLetter(trx, countyId, id, clock.now());
      if (r === 'replayed') await recordAudit(trx, { ...auditBy(c, clock), action: 'notification.replayed', target: { kind: 'county', id: countyId }, detail: { delivery: id } });
      return r;
    });
    if (outcome === 'missing') throw new AppError('DELIVERY_NOT_FOUND');
    if (outcome === 'not_dead') throw new AppError('DELIVERY_NOT_DEAD');
    return c.json({ replayed: true });
  });

  api.get('/me/notification-preferences', async (c) => {
    const me = currentUser(c);
    return c.json({ preferences: await readPreferences(db, me.countyId, me.id), channels: CHANNEL_INFO });
  });

  api.put('/me/notification-preferences', async (c) => {
    const me = currentUser(c);
    const checked = checkPreferences(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    await savePreferences(db, me.countyId, me.id, checked.value, clock.now());
    return c.json({ preferences: checked.value, channels: CHANNEL_INFO });
  });

  registerNotificationDeliveryOpenApi();
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

function registerNotificationDeliveryOpenApi(): void {
  const tags = ['notifications'];
  const forbidden = errorResponse('FORBIDDEN: the caller is not an admin');
  const secret = { type: 'object', properties: { set: { type: 'boolean' }, last4: { type: ['string', 'null'] } } };
  const settings = {
    type: 'object',
    properties: { settings: { type: 'object', description: 'Every setting; smtpPassword and webhookSecret as {set, last4}', properties: { smtpPassword: secret, webhookSecret: secret } }, info: { type: 'array', description: 'Each setting\'s words (title, title_en, unit, min, max)' } },
  };
  const preferences = {
    type: 'object',
    additionalProperties: false,
    properties: {
      email: { type: ['string', 'null'] },
      phone: { type: ['string', 'null'], pattern: '^1[0-9]{10}$' },
      channels: { type: 'array', items: { enum: ['email', 'webhook'] } },
      quietStart: { type: ['string', 'null'], pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
      quietEnd: { type: ['string', 'null'], pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
    },
  };
  registerPath('get', '/api/notification-settings', { summary: 'The county\'s notification delivery settings with their words (admin)', tags, responses: { '200': { description: 'Settings', content: json(settings) }, '403': forbidden } });
  registerPath('put', '/api/notification-settings', {
    summary: 'Change some delivery settings (admin); a secret omitted stays, null clears it',
    tags,
    requestBody: { required: true, content: json({ type: 'object', description: 'Any keys of the settings' }) },
    responses: { '200': { description: 'The new settings', content: json(settings) }, '400': errorResponse('INVALID_INPUT with details.errors listing every field error'), '403': forbidden },
  });
  registerPath('get', '/api/notification-deliveries/dead', {
    summary: 'Deliveries that failed every attempt (admin), in words, newest first',
    tags,
    responses: { '200': { description: 'Dead letters: recipient, channelTitle, subject, error (words), failedAt', content: json({ type: 'object', properties: { deadLetters: { type: 'array' } } }) }, '403': forbidden },
  });
  registerPath('post', '/api/notification-deliveries/{id}/replay', {
    summary: 'Send a dead letter again (admin): pending now, attempts reset, same idempotency key',
    tags,
    responses: { '200': { description: 'Queued again' }, '403': forbidden, '404': errorResponse('DELIVERY_NOT_FOUND'), '409': errorResponse('DELIVERY_NOT_DEAD') },
  });
  registerPath('get', '/api/me/notification-preferences', { summary: 'The caller\'s channels, addresses and quiet hours', tags, responses: { '200': { description: 'Preferences and the channels\' words', content: json({ type: 'object', properties: { preferences } }) } } });
  registerPath('put', '/api/me/notification-preferences', {
    summary: 'Replace the caller\'s channels, addresses and quiet hours (local time, may run over midnight)',
    tags,
    requestBody: { required: true, content: json(preferences) },
    responses: { '200': { description: 'Saved', content: json({ type: 'object', properties: { preferences } }) }, '400': errorResponse('INVALID_INPUT') },
  });
}
