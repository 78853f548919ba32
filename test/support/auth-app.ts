/**
 * The account routes over a test database (demo county seeded, plus a county `other` whose
 * users share the demo names admin/staff/deputy1), with a simulated clock and calls that can
 * come from a given client address (as @hono/node-server's socket would give it).
 */
import type { Hono } from 'hono';
import { createCounty, seedDemo, SimulatedClock, type DatabaseHandle } from '../../runtime/store/index.ts';
import { createApp, type AppEnv } from '../../server/app.ts';

export interface AuthApp {
  app: Hono<AppEnv>;
  clock: SimulatedClock;
  call(method: string, path: string, opts?: { token?: string; body?: unknown; address?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; retryAfter: string | null }>;
  login(username: string, password?: string, opts?: { county?: string; address?: string }): Promise<{ status: number; body: any; retryAfter: string | null }>;
}

export function authApp(h: DatabaseHandle, clock: SimulatedClock, opts: { trustProxy?: number } = {}): AuthApp {
  const app = createApp({ db: h.db, dbKind: h.kind, secret: 'test-secret', clock, trustProxy: opts.trustProxy });
  const call: AuthApp['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    // The socket address as @hono/node-server passes it (c.env.incoming.socket); none for in-process calls.
    const env = o.address === undefined ? undefined : { incoming: { socket: { remoteAddress: o.address } } };
    const res = await app.request(`/api${path}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) }, env);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, retryAfter: res.headers.get('retry-after') };
  };
  const login: AuthApp['login'] = (username, password = 'demo', o = {}) =>
    call('POST', '/auth/login', { body: { username, password, ...(o.county ? { county: o.county } : {}) }, address: o.address });
  return { app, clock, call, login };
}

export async function seedAccounts(h: DatabaseHandle): Promise<SimulatedClock> {
  await seedDemo(h.db);
  await createCounty(h.db, { code: 'other', name: '另一县' });
  return new SimulatedClock('2026-03-02T01:00:00Z');
}
