/**
 * The shapes the notification-delivery admin API answers with (server/routes/notification-delivery.ts):
 * the dead-letter list and the settings' words. runtime/store/delivery-views.ts and
 * delivery-settings.ts build them and the portal (designer/src/admin/notifications-page.tsx) reads
 * them. Types only, no code: the designer imports this module with `import type`.
 */

export interface DeadLetterView {
  id: number;
  recipient: string;
  channel: string;
  channelTitle: string;
  channelTitleEn: string;
  subject: string;
  instanceTitle: string | null;
  attempts: number;
  error: string;
  errorEn: string;
  failedAt: string;
}

/** One delivery setting in words, in the order the admin page shows them. */
export interface SettingInfo<K extends string = string> {
  key: K;
  kind: 'number' | 'text' | 'boolean' | 'secret' | 'url' | 'email';
  title: string;
  title_en: string;
  description?: string;
  description_en?: string;
  unit?: string;
  unit_en?: string;
  min?: number;
  max?: number;
}
