/**
 * The client address a request came from, for sign-in throttling.
 *
 * By default the TCP peer: the socket address @hono/node-server sees (`getConnInfo`).
 * X-Forwarded-For is a header any client can write, so it is read only when TRUST_PROXY says
 * how many reverse proxies of ours stand in front of the server: TRUST_PROXY=1 (one nginx)
 * takes the last address of the header (the one our proxy appended), TRUST_PROXY=2 the one
 * before it, and so on. A header with fewer entries than that falls back to the socket
 * address. Without TRUST_PROXY (or 0) the header is ignored: behind a proxy every client then
 * shares the proxy's address, so set it there.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** TRUST_PROXY as a count of trusted proxies; refuses anything but a whole number ≥ 0. */
export function parseTrustProxy(value: string | undefined): number {
  if (value === undefined || value === '' || value === 'false') return 0;
  if (value === 'true') return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error(`TRUST_PROXY must be the number of reverse proxies in front of the server (0 to 10), got ${value}`);
  return n;
}

/** The client's address, or undefined when the request came with no socket (in-process calls in tests). */
export function clientAddress(c: Context, trustProxy: number): string | undefined {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    socket = undefined;
  }
  if (trustProxy > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const hop = forwarded[forwarded.length - trustProxy];
    if (hop !== undefined) return hop;
  }
  return socket;
}
