/**
 * A county gateway stand-in on loopback (node:http): it checks each request's signature with
 * node:crypto on its own — HMAC-SHA256 over "<X-CF-Timestamp>.<body>" with the shared secret,
 * as the worker documents it — and keeps a message once per Idempotency-Key, as a real gateway
 * must (a retry after a lost answer carries the same key). It can be stopped and started again
 * on the same port, to be "down" for a while.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';

export interface ReceivedHook {
  key: string;
  timestamp: number;
  signatureValid: boolean;
  body: { id: string; to: { name: string; phone: string }; subject: string; text: string; sentAt: string };
}

export interface WebhookReceiver {
  url: string;
  /** Every request that arrived, accepted or not. */
  requests: ReceivedHook[];
  /** What the gateway sent on: one per idempotency key, only with a valid signature. */
  accepted: Map<string, ReceivedHook>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A receiver on a free loopback port, not yet listening (down until `start`). */
export async function webhookReceiver(secret: string): Promise<WebhookReceiver> {
  const port = await freePort();
  const requests: ReceivedHook[] = [];
  const accepted = new Map<string, ReceivedHook>();
  let server: Server | null = null;
  const handle: Parameters<typeof createServer>[1] = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(req.headers['x-cf-timestamp']);
      const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
      const hook: ReceivedHook = { key: String(req.headers['idempotency-key'] ?? ''), timestamp, signatureValid: req.headers['x-cf-signature'] === expected, body: JSON.parse(raw) };
      requests.push(hook);
      if (!hook.signatureValid) {
        res.writeHead(401).end();
        return;
      }
      if (!accepted.has(hook.key)) accepted.set(hook.key, hook);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  };
  return {
    url: `http://127.0.0.1:${port}/notify`,
    requests,
    accepted,
    start: () =>
      new Promise((resolve) => {
        server = createServer(handle);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    stop: () =>
      new Promise((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
        server = null;
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
