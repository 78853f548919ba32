/**
 * The full API over a test database: demo county seeded, the repo's process packages
 * registered, a simulated clock, and helpers to log in and call it with `app.request()`.
 */
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, seedDemo, SimulatedClock, type DatabaseHandle, type Runtime } from '../../runtime/store/index.ts';
import { secretsKeyOf } from '../../runtime/store/settings-secrets.ts';
import { createApp, type AppEnv } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { compiledPackages } from './compiled-packages.ts';

export interface WorkApp {
  app: Hono<AppEnv>;
  rt: Runtime;
  clock: SimulatedClock;
  handle: DatabaseHandle;
  login(username: string, county?: string): Promise<string>;
  call(token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** `seed: false` for a second app over a database another app already seeded (another "server"). */
export async function workApp(handle: DatabaseHandle, start = '2026-03-02T01:00:00Z', opts: { seed?: boolean } = {}): Promise<WorkApp> {
  if (opts.seed !== false) await seedDemo(handle.db);
  const clock = new SimulatedClock(start);
  const rt = createRuntime({ clock, compiled: compiledPackages(), secretsKey: secretsKeyOf('test-secret') });
  await rt.registry.registerFiles(handle.db, readPackages());
  const app = createApp({ db: handle.db, dbKind: handle.kind, secret: 'test-secret', clock, extra: (api) => mountWorkRoutes(api, { db: handle.db, rt }) });
  const call: WorkApp['call'] = async (token, method, path, body) => {
    const res = await app.request(`/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const login: WorkApp['login'] = async (username, county) => {
    const r = await call(null, 'POST', '/auth/login', { username, password: 'demo', ...(county ? { county } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.token as string;
  };
  return { app, rt, clock, handle, login, call };
}
