/** The pure rules of notification delivery: quiet hours, the backoff, the webhook signature, the SMTP subject. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeWords, signWebhook, verifyWebhook } from '../../runtime/delivery/index.ts';
import { quietUntil, retryDelayMs } from '../../runtime/store/index.ts';

describe('quiet hours (local UTC+8)', () => {
  it('holds a time inside them until their end, over midnight too, and lets others pass', () => {
    expect(quietUntil(new Date('2026-04-01T14:00:00Z'), '22:00', '07:00')?.toISOString()).toBe('2026-04-01T23:00:00.000Z'); // 22:00 local: the start is inside
    expect(quietUntil(new Date('2026-04-01T13:59:00Z'), '22:00', '07:00')).toBeNull(); // 21:59
    expect(quietUntil(new Date('2026-04-01T14:00:01Z'), '22:00', '07:00')?.toISOString()).toBe('2026-04-01T23:00:00.000Z'); // → 07:00 next day
    expect(quietUntil(new Date('2026-04-01T20:00:00Z'), '22:00', '07:00')?.toISOString()).toBe('2026-04-01T23:00:00.000Z'); // 04:00 → 07:00
    expect(quietUntil(new Date('2026-04-01T23:00:00Z'), '22:00', '07:00')).toBeNull(); // 07:00 is outside
    expect(quietUntil(new Date('2026-04-01T04:30:00Z'), '12:00', '13:30')?.toISOString()).toBe('2026-04-01T05:30:00.000Z');
    expect(quietUntil(new Date('2026-04-01T04:30:00Z'), null, null)).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles from the first wait and stops at the longest', () => {
    const s = { retryAfterSeconds: 60, retryMaxMinutes: 10 };
    expect([1, 2, 3, 4, 5, 40].map((n) => retryDelayMs(s, n) / 1000)).toEqual([60, 120, 240, 480, 600, 600]);
  });
});

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "timestamp.body", checked with a tolerance', () => {
    const body = '{"id":"k","text":"您好"}';
    expect(signWebhook('s3cret-s3cret-s3cret', 1796025600, body)).toBe(`v1=${createHmac('sha256', 's3cret-s3cret-s3cret').update(`1796025600.${body}`).digest('hex')}`);
    const sig = signWebhook('s3cret-s3cret-s3cret', 1796025600, body);
    expect(verifyWebhook('s3cret-s3cret-s3cret', 1796025600, body, sig, 1796025700)).toBe(true);
    expect(verifyWebhook('s3cret-s3cret-s3cret', 1796025600, `${body} `, sig, 1796025700)).toBe(false);
    expect(verifyWebhook('other-secret-other', 1796025600, body, sig, 1796025700)).toBe(false);
    expect(verifyWebhook('s3cret-s3cret-s3cret', 1796025600, body, sig, 1796026000)).toBe(false);
  });
});

describe('mail subject', () => {
  it('travels as UTF-8 encoded words of whole characters', () => {
    const subject = '您领衔的建议《关于规范农村集贸市场管理的建议》已受理登记。';
    const words = encodeWords(subject).split('\r\n ');
    expect(words.length).toBe(2);
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    expect(words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('')).toBe(subject);
    expect(encodeWords('Plain subject')).toBe('Plain subject');
  });
});
