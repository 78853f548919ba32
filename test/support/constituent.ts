/**
 * The constituent-issue tests' shared setup: the work API with addresses taken from
 * X-Forwarded-For (TRUST_PROXY=1, so each test request can come from an address of its own), a
 * station of the demo county with its public code, and calls to the public routes.
 */
import type { Hono } from 'hono';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, insertStationRow, seedDemo, SimulatedClock, type DatabaseHandle } from '../../runtime/store/index.ts';
import { createApp, type AppEnv } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { compiledPackages } from './compiled-packages.ts';
import type { WorkApp } from './work-app.ts';

export const STATION = { id: 'station-chengguan', name: '城关镇人大代表之家', code: 'qr-chengguan-7Hk2pQ' };

export interface IntakeApp extends WorkApp {
  /** A public call (no token) from `address`. */
  pub(method: string, path: string, body?: unknown, address?: string): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function intakeApp(handle: DatabaseHandle, start = '2026-04-01T01:00:00Z'): Promise<IntakeApp> {
  await seedDemo(handle.db);
  const clock = new SimulatedClock(start);
  const rt = createRuntime({ clock, compiled: compiledPackages() });
  await rt.registry.registerFiles(handle.db, readPackages());
  const app: Hono<AppEnv> = createApp({ db: handle.db, dbKind: handle.kind, secret: 'test-secret', clock, trustProxy: 1, extra: (api) => mountWorkRoutes(api, { db: handle.db, rt }) });
  await insertStationRow(handle.db, { countyId: 'demo', id: STATION.id, name: STATION.name, level: 'HOME', publicCode: STATION.code, managerId: 'demo-deputy1', deputyIds: ['demo-deputy2'] });
  const request = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await app.request(`/api${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  const call: WorkApp['call'] = async (token, method, path, body) => request(method, path, token ? { authorization: `Bearer ${token}` } : {}, body);
  const login: WorkApp['login'] = async (username, county) => {
    const r = await call(null, 'POST', '/auth/login', { username, password: 'demo', ...(county ? { county } : {}) });
    if (r.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  };
  const pub: IntakeApp['pub'] = (method, path, body, address = '203.0.113.7') => request(method, path, { 'x-forwarded-for': address }, body);
  return { app, rt, clock, handle, login, call, pub };
}

/** A citizen's issue as the public form sends it. */
export const CITIZEN_ISSUE = {
  category: 'URBAN_RURAL',
  content: '城关镇幸福路122号至南门桥段路灯坏了三个月，晚上老人孩子出行很危险。<script>alert(1)</script>',
  request: '尽快修复路灯',
  name: '王秀英',
  phone: '13912345678',
  address: '城关镇幸福路122号3栋',
  website: '',
};

export async function countRows(handle: DatabaseHandle): Promise<{ contacts: number; instances: number }> {
  const contacts = await handle.db.selectFrom('constituent_contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const instances = await handle.db.selectFrom('instances').select((eb) => eb.fn.countAll().as('n')).where('definition_id', '=', 'constituent-issue').executeTakeFirstOrThrow();
  return { contacts: Number(contacts.n), instances: Number(instances.n) };
}
