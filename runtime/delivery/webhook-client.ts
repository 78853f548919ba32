/**
 * The county's own SMS/WeChat gateway, called as a signed webhook: POST of a JSON body to the
 * URL in the county's settings, with
 *
 *   X-CF-Timestamp: 1796025600              (seconds since 1970, the worker's clock)
 *   X-CF-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
 *   Idempotency-Key: <the delivery's key>   (the same on every retry of one message to one person)
 *
 * and the body `{ id, to: { name, phone }, subject, text, sentAt }` (`id` = the key again).
 * Any 2xx is delivered; anything else (or no answer in `timeoutMs`) a failure the worker retries.
 * A gateway that answered but whose answer was lost receives the message again with the same
 * key, and sends it on only once.
 */
import { DeliveryFailure, asFailure } from './delivery-failure.ts';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.ts';

export interface WebhookMessage {
  idempotencyKey: string;
  to: { name: string; phone: string };
  subject: string;
  text: string;
  sentAt: Date;
}

export interface WebhookTransport {
  send(message: WebhookMessage): Promise<void>;
}

export function webhookTransport(opts: { url: string; secret: string; timeoutMs?: number }): WebhookTransport {
  return {
    async send(m) {
      const body = JSON.stringify({ id: m.idempotencyKey, to: m.to, subject: m.subject, text: m.text, sentAt: m.sentAt.toISOString() });
      const timestamp = Math.floor(m.sentAt.getTime() / 1000);
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            [WEBHOOK_HEADERS.timestamp]: String(timestamp),
            [WEBHOOK_HEADERS.signature]: signWebhook(opts.secret, timestamp, body),
            [WEBHOOK_HEADERS.idempotencyKey]: m.idempotencyKey,
          },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw asFailure(err);
      }
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) throw new DeliveryFailure('HTTP_STATUS', String(res.status));
    },
  };
}
