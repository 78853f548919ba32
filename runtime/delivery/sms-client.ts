/**
 * The SMS provider adapter: one HTTPS call per message to a provider (or the county's own
 * relay in front of Aliyun, Tencent Cloud or a carrier's platform) that speaks this shape,
 * documented for integrators in README.md ("短信服务商接口 / SMS provider interface"):
 *
 *   POST <smsUrl>
 *   Content-Type: application/json; charset=utf-8
 *   Authorization: Bearer <smsApiKey>
 *   Idempotency-Key: <the delivery's key; the same on every retry of one message to one person>
 *
 *   { "requestId": "<key>", "phoneNumbers": ["13800000000"], "signName": "<smsSign>",
 *     "text": "<the message, at most 500 characters>", "sentAt": "2026-04-01T02:00:00.000Z" }
 *
 * Answer: 2xx with `{"code": "OK", "messageId": "…"}` is delivered; 2xx with any other code is
 * refused by the provider (`message` shown to the admin, at most 100 characters, control
 * characters dropped) and retried like any failure until the county's attempts run out; any
 * other status or no answer in `timeoutMs` is a failure the worker retries. A provider that
 * sees a requestId again must not send it twice.
 */
import { DeliveryFailure, asFailure } from './delivery-failure.ts';

export interface SmsMessage {
  idempotencyKey: string;
  phone: string;
  text: string;
  sentAt: Date;
}

export interface SmsTransport {
  send(message: SmsMessage): Promise<void>;
}

/** The longest text sent (a provider splits it into several SMS). */
export const SMS_MAX_CHARS = 500;

export function smsTransport(opts: { url: string; apiKey: string; sign: string | null; timeoutMs?: number }): SmsTransport {
  return {
    async send(m) {
      const chars = [...m.text];
      const text = chars.length > SMS_MAX_CHARS ? `${chars.slice(0, SMS_MAX_CHARS - 1).join('')}…` : m.text;
      const body = JSON.stringify({ requestId: m.idempotencyKey, phoneNumbers: [m.phone], signName: opts.sign ?? '', text, sentAt: m.sentAt.toISOString() });
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${opts.apiKey}`, 'idempotency-key': m.idempotencyKey },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw asFailure(err);
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel();
        throw new DeliveryFailure('HTTP_STATUS', String(res.status));
      }
      let answer: unknown;
      try {
        answer = await res.json();
      } catch {
        throw new DeliveryFailure('PROVIDER_REFUSED', 'answer is not JSON');
      }
      const code = answer !== null && typeof answer === 'object' && Object.hasOwn(answer, 'code') ? (answer as { code: unknown }).code : undefined;
      if (code === 'OK') return;
      const message = answer !== null && typeof answer === 'object' && Object.hasOwn(answer, 'message') ? (answer as { message: unknown }).message : undefined;
      throw new DeliveryFailure('PROVIDER_REFUSED', providerWords(code, message));
    },
  };
}

/** What the provider said, safe to store and show: no control characters, at most 100 characters. */
function providerWords(code: unknown, message: unknown): string {
  const raw = [typeof code === 'string' || typeof code === 'number' ? String(code) : '', typeof message === 'string' ? message : ''].filter(Boolean).join(' ');
  // eslint-disable-next-line no-control-regex
  return [...raw.replace(/[\u0000-\u001f\u007f]/g, ' ')].slice(0, 100).join('') || 'no code';
}
