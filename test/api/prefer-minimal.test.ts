/**
 * `Prefer: return=minimal` (RFC 7240) on POST /api/definitions/:id/instances and POST
 * /api/tasks/:id/complete: the brief answer (runtime/store/instance-brief.ts) — instance id,
 * definition, state and its title, status, version and the open tasks as {id, key, title,
 * title_en} — with `Preference-Applied: return=minimal`; the full view without the header or
 * with a value the server does not honour. Checked against GET /api/instances/:id after each
 * step, on the one-statement path (start, completion, a completion that takes a serial number)
 * and on the transaction path (the assignment's approval starts the unit's child process).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { prefersMinimal } from '../../server/prefer.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const BRIEF_KEYS = ['definitionId', 'id', 'openTasks', 'state', 'stateTitle', 'stateTitle_en', 'status', 'version'];

async function post(w: WorkApp, token: string, path: string, body: unknown, prefer?: string) {
  const res = await w.app.request(`/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(prefer !== undefined ? { prefer } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, applied: res.headers.get('preference-applied'), body: (await res.json()) as any };
}

/** The brief answer agrees with the instance as GET shows it: state, status, version and its own open tasks. */
async function expectBriefMatches(w: WorkApp, token: string, brief: any): Promise<void> {
  expect(Object.keys(brief).sort()).toEqual(BRIEF_KEYS);
  const view = (await w.call(token, 'GET', `/instances/${brief.id}`)).body;
  expect(brief).toMatchObject({ id: view.id, definitionId: view.definitionId, state: view.state, status: view.status, version: view.version });
  const own = view.openTasks.filter((t: any) => t.instanceId === brief.id);
  expect(brief.openTasks).toEqual(own.map((t: any) => ({ id: t.id, key: t.key, title: t.title, title_en: t.title_en ?? null })));
  for (const t of brief.openTasks) expect(Object.keys(t).sort()).toEqual(['id', 'key', 'title', 'title_en']);
  expect(typeof brief.stateTitle).toBe('string');
  expect(brief.stateTitle).not.toBe(brief.state);
}

describe('the Prefer header', () => {
  it('asks for the brief answer only with return=minimal, in a list, any case, quoted or with parameters', () => {
    expect(prefersMinimal('return=minimal')).toBe(true);
    expect(prefersMinimal('RETURN = "minimal"')).toBe(true);
    expect(prefersMinimal('respond-async, wait=10, return=minimal; foo=bar')).toBe(true);
    expect(prefersMinimal(undefined)).toBe(false);
    expect(prefersMinimal('')).toBe(false);
    expect(prefersMinimal('return=representation')).toBe(false);
    expect(prefersMinimal('return=minimalist')).toBe(false);
    expect(prefersMinimal('return="minimal')).toBe(false);
    expect(prefersMinimal('x-return=minimal')).toBe(false);
  });
});

describe.each(databases)('Prefer: return=minimal ($name)', { timeout: 120_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('answers a start and completions briefly with Preference-Applied, and with the full view without it or with a value not honoured', async () => {
    handle = await open();
    const w = await workApp(handle);
    const deputy = await w.login('deputy1');
    const staff = await w.login('staff');
    const data = { title: '关于加快农村道路亮化设施建设的建议', body: '部分村道夜间无照明，建议分批安装路灯。', origin: 'SESSION', leadDeputyId: 'demo-deputy1', sourceCode: 'RESEARCH' };

    // A start: the statement's own answer.
    const started = await post(w, deputy, '/definitions/suggestion/instances', { data }, 'return=minimal');
    expect([started.status, started.applied]).toEqual([201, 'return=minimal']);
    expect(started.body.openTasks).toHaveLength(1);
    await expectBriefMatches(w, staff, started.body);
    const id = started.body.id as string;

    // A completion that takes a serial number (registration), on the one-statement path.
    const accepted = await post(w, staff, `/tasks/${started.body.openTasks[0].id}/complete`, { outcome: 'ACCEPT', data: { categoryCode: 'OTHER' } }, 'return=minimal');
    expect([accepted.status, accepted.applied], JSON.stringify(accepted.body)).toEqual([200, 'return=minimal']);
    expect(accepted.body.version).toBe(2);
    await expectBriefMatches(w, staff, accepted.body);
    expect(JSON.stringify(accepted.body)).not.toContain('schema');

    // A bad value is ignored: the full view (history, forms), no Preference-Applied.
    const proposeTask = accepted.body.openTasks.find((t: any) => t.key.startsWith('assigning')) ?? accepted.body.openTasks[0];
    const proposed = await post(w, staff, `/tasks/${proposeTask.id}/complete`, { outcome: 'PROPOSE_ASSIGNMENT', data: { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' } }, 'return=minimalist');
    expect([proposed.status, proposed.applied], JSON.stringify(proposed.body)).toEqual([200, null]);
    expect(proposed.body.history.length).toBeGreaterThan(2);
    expect(proposed.body.openTasks[0].outcomes.length).toBeGreaterThan(0);
    expect(proposed.body).toEqual((await w.call(staff, 'GET', `/instances/${id}`)).body);

    // A completion that starts the unit's child process runs in a transaction: the brief answer is read after it.
    const approve = proposed.body.openTasks.find((t: any) => t.outcomes.some((o: any) => o.event === 'APPROVE_ASSIGNMENT'));
    const approved = await post(w, staff, `/tasks/${approve.id}/complete`, { outcome: 'APPROVE_ASSIGNMENT', data: {} }, 'respond-async, return=minimal');
    expect([approved.status, approved.applied], JSON.stringify(approved.body)).toEqual([200, 'return=minimal']);
    await expectBriefMatches(w, staff, approved.body);
    expect((await w.call(staff, 'GET', `/instances/${id}`)).body.children).toHaveLength(1);

    // Without the header: the full view, as before (history, open tasks with their outcomes and forms).
    const second = await post(w, deputy, '/definitions/suggestion/instances', { data });
    expect([second.status, second.applied]).toEqual([201, null]);
    expect(second.body.history).toHaveLength(1);
    const full = await post(w, staff, `/tasks/${second.body.openTasks[0].id}/complete`, { outcome: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' } });
    expect([full.status, full.applied]).toEqual([200, null]);
    expect(full.body).toEqual((await w.call(staff, 'GET', `/instances/${second.body.id}`)).body);
    expect(full.body.openTasks[0].outcomes.length).toBeGreaterThan(0);

    // And a refused completion is refused the same way with the header (nothing written).
    const again = await post(w, staff, `/tasks/${second.body.openTasks[0].id}/complete`, { outcome: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' } }, 'return=minimal');
    expect([again.status, again.body.error?.code, again.applied]).toEqual([409, 'TASK_ALREADY_COMPLETED', null]);
  });
});
