import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER, ASSIGNMENT, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const USERS = ['staff', 'leader', 'unit1', 'unit2', 'unit3', 'deputy1', 'deputy2', 'deputy3'] as const;
type User = (typeof USERS)[number];


describe.each(databases)('suggestion process over HTTP on $name', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(): Promise<{ w: WorkApp; token: Record<User, string> }> {
    handle = await open();
    const w = await workApp(handle);
    const token = {} as Record<User, string>;
    for (const u of USERS) token[u] = await w.login(u);
    return { w, token };
  }

  /** Every user's inbox as "title: outcomes" lines. */
  async function inboxes(w: WorkApp, token: Record<User, string>): Promise<Record<User, string[]>> {
    const out = {} as Record<User, string[]>;
    for (const u of USERS) {
      const r = await w.call(token[u], 'GET', '/tasks?mine=1');
      expect(r.status).toBe(200);
      out[u] = r.body.tasks.map((t: { title: string; outcomes: Array<{ event: string }> }) => `${t.title}: ${t.outcomes.map((o) => o.event).join('/')}`);
    }
    return out;
  }

  function only(expected: Partial<Record<User, string[]>>): Record<User, string[]> {
    return Object.fromEntries(USERS.map((u) => [u, expected[u] ?? []])) as Record<User, string[]>;
  }

  async function taskOf(w: WorkApp, tok: string, event: string): Promise<{ id: string; outcomes: Array<{ event: string; schema: unknown }> }> {
    const r = await w.call(tok, 'GET', '/tasks?mine=1');
    const task = r.body.tasks.find((t: { outcomes: Array<{ event: string }> }) => t.outcomes.some((o) => o.event === event));
    expect(task, `a task with outcome ${event}`).toBeDefined();
    return task;
  }

  async function complete(w: WorkApp, tok: string, outcome: string, data?: unknown): Promise<any> {
    const task = await taskOf(w, tok, outcome);
    const r = await w.call(tok, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // Half an hour between steps: the 16 steps of the walk (拟稿 → 审核 → 签发 twice) stay within one sign-in (tokens live 12 h).
    w.clock.advance(1800_000);
    return r.body;
  }

  it('runs submit → screening → assignment → answer → 不满意 → re-handling → 满意 → concluded', async () => {
    const { w, token } = await setup();
    const started = await w.call(token.deputy1, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    expect(started.body.state).toBe('screening');
    // The start is written and answered in one statement: its answer is the stored instance.
    expect(started.body).toEqual((await w.call(token.deputy1, 'GET', `/instances/${id}`)).body);
    expect(started.body.openTasks.map((t: { title: string }) => t.title)).toEqual([`审查代表建议：${SUGGESTION.title}`]);
    expect(started.body.history.map((e: { seq: number; type: string; actorId: string }) => [e.seq, e.type, e.actorId])).toEqual([[1, 'started', 'demo-deputy1']]);
    expect(await inboxes(w, token)).toEqual(only({ staff: [`审查代表建议：${SUGGESTION.title}: MERGE/ACCEPT/REDIRECT/RETURN_TO_DEPUTY`] }));
    // The task carries what a client needs to render it: each outcome's form schema.
    const screening = await taskOf(w, token.staff, 'ACCEPT');
    expect((screening.outcomes.find((o) => o.event === 'ACCEPT')?.schema as { title?: string }).title).toBeTruthy();

    const registered = await complete(w, token.staff, 'ACCEPT', REGISTRATION);
    expect(registered.state).toBe('registered');
    expect(registered.context.serialNo).toBe('十八届一次-0001');
    await complete(w, token.staff, 'PROPOSE_ASSIGNMENT', ASSIGNMENT);
    const handling = await complete(w, token.staff, 'APPROVE_ASSIGNMENT', { comment: '同意交办' });
    expect(handling.state).toBe('inHandling.reassignment.none');
    expect(handling.children).toHaveLength(1);
    const box = await inboxes(w, token);
    expect(box.unit1).toHaveLength(1);
    expect(box.unit2).toHaveLength(1);
    expect(box).toEqual(only({ unit1: box.unit1, unit2: box.unit2 }));
    expect(box.unit1[0]).toMatch(/ACCEPT\/REQUEST_RETURN$/);
    expect(box.unit2[0]).toMatch(/SUBMIT_OPINION$/);

    await complete(w, token.unit1, 'ACCEPT');
    await complete(w, token.unit1, 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'FACE_TO_FACE', summary: '与王建国代表当面沟通AED选点方案。', deputyIds: ['demo-deputy1'] });
    await complete(w, token.unit1, 'START_DRAFT');
    await complete(w, token.unit2, 'SUBMIT_OPINION', { opinion: '教育局将在全县中小学配置AED并开展师生急救培训。', signer: '县教育局 李华' });
    expect(await inboxes(w, token)).toEqual(only({ unit1: [expect.stringMatching(/SUBMIT_DRAFT\/REQUEST_EXTENSION$/) as unknown as string] }));

    await complete(w, token.unit1, 'SUBMIT_DRAFT', ANSWER);
    await complete(w, token.unit1, 'APPROVE_DRAFT');
    await complete(w, token.unit1, 'SUBMIT_ANSWER');
    expect(await inboxes(w, token)).toEqual(only({ deputy1: [expect.stringMatching(/FEEDBACK$/) as unknown as string] }));

    await complete(w, token.deputy1, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'UNSATISFIED', comments: '学校以外的社区点位仍未覆盖。', requestRehandle: true });
    expect(await inboxes(w, token)).toEqual(only({ unit1: [expect.stringMatching(/SUBMIT_DRAFT$/) as unknown as string] }));

    await complete(w, token.unit1, 'SUBMIT_DRAFT', { ...ANSWER, body: '已补充在12个社区服务中心配置AED。' });
    await complete(w, token.unit1, 'APPROVE_DRAFT');
    await complete(w, token.unit1, 'SUBMIT_ANSWER');
    expect(await inboxes(w, token)).toEqual(only({ deputy1: [expect.stringMatching(/FEEDBACK$/) as unknown as string] }));
    const child = await complete(w, token.deputy1, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    expect(child.state).toBe('finished');
    expect(child.parentId).toBe(id);
    const done = (await w.call(token.staff, 'GET', `/instances/${id}`)).body;

    expect(done.state).toBe('concluded');
    expect(done.status).toBe('done');
    expect(done.children[0].status).toBe('done');
    expect(done.children[0].context.rehandleCount).toBe(1);
    expect(await inboxes(w, token)).toEqual(only({}));

    // The history lists every step with actor and time.
    const view = await w.call(token.staff, 'GET', `/instances/${id}`);
    const name = async (u: User) => (await w.call(token[u], 'GET', '/me')).body.displayName as string;
    const [dep, stf, u1, u2] = [await name('deputy1'), await name('staff'), await name('unit1'), await name('unit2')];
    const steps = view.body.history.filter((h: { actorId: string | null }) => h.actorId !== null);
    expect(steps.map((h: { type: string; actorName: string }) => `${h.type}:${h.actorName}`)).toEqual([
      `started:${dep}`,
      `ACCEPT:${stf}`,
      `PROPOSE_ASSIGNMENT:${stf}`,
      `APPROVE_ASSIGNMENT:${stf}`,
      `ACCEPT:${u1}`,
      `LOG_CONSULTATION:${u1}`,
      `START_DRAFT:${u1}`,
      `SUBMIT_OPINION:${u2}`,
      `SUBMIT_DRAFT:${u1}`,
      `APPROVE_DRAFT:${u1}`,
      `SUBMIT_ANSWER:${u1}`,
      `FEEDBACK:${dep}`,
      `SUBMIT_DRAFT:${u1}`,
      `APPROVE_DRAFT:${u1}`,
      `SUBMIT_ANSWER:${u1}`,
      `FEEDBACK:${dep}`,
    ]);
    expect(new Set([dep, stf, u1, u2]).size).toBe(4);
    // system steps are there too: the child started by the parent, and its end reported back
    expect(view.body.history.filter((h: { actorId: string | null; type: string }) => h.actorId === null).map((h: { type: string }) => h.type)).toEqual(
      ['started', 'child.done'],
    );
    for (const h of view.body.history) expect(Date.parse(h.at)).not.toBeNaN();
  });

  it('refuses invalid form data with every field error and leaves the instance unchanged', async () => {
    const { w, token } = await setup();
    const started = await w.call(token.deputy1, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    const task = await taskOf(w, token.staff, 'ACCEPT');
    const before = await w.call(token.staff, 'GET', `/instances/${started.body.id}`);
    const r = await w.call(token.staff, 'POST', `/tasks/${task.id}/complete`, { outcome: 'ACCEPT', data: { categoryCode: 'NOPE', termNo: 18, bogus: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const pointers = r.body.error.details.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['/bogus', '/categoryCode', '/termNo']);
    for (const e of r.body.error.details.errors) {
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message_en.length).toBeGreaterThan(0);
    }
    const after = await w.call(token.staff, 'GET', `/instances/${started.body.id}`);
    expect(after.body).toEqual(before.body);

    const bad = await w.call(token.deputy1, 'POST', '/definitions/suggestion/instances', { data: { title: '', origin: 'X' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.length).toBeGreaterThanOrEqual(3);
    const list = await w.call(token.staff, 'GET', '/instances?definition=suggestion');
    expect(list.body.instances).toHaveLength(1);
  });

  it('lets one of two staff members claim a task; the other cannot complete it', async () => {
    const { w, token } = await setup();
    const admin = await w.login('admin'); // admin also holds the staff role
    await w.call(token.deputy1, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    const task = await taskOf(w, token.staff, 'ACCEPT');
    const claimed = await w.call(token.staff, 'POST', `/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.claimedBy).toBe('demo-staff');
    const other = await w.call(admin, 'POST', `/tasks/${task.id}/complete`, { outcome: 'ACCEPT', data: REGISTRATION });
    expect([other.status, other.body.error.code]).toEqual([409, 'TASK_CLAIMED']);
    expect((await w.call(admin, 'POST', `/tasks/${task.id}/claim`)).status).toBe(409);
    expect((await w.call(token.deputy1, 'POST', `/tasks/${task.id}/claim`)).status).toBe(403);
    const done = await w.call(token.staff, 'POST', `/tasks/${task.id}/complete`, { outcome: 'ACCEPT', data: REGISTRATION });
    expect(done.status).toBe(200);
  });

  it('documents the work API in the OpenAPI document', async () => {
    const { w } = await setup();
    const doc = await w.call(null, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/definitions', '/api/definitions/{id}/instances', '/api/instances/{id}', '/api/tasks', '/api/tasks/{id}/claim', '/api/tasks/{id}/complete']),
    );
  });

  it('refuses deputies and units that are not of this county', async () => {
    const { w, token } = await setup();
    const { createCounty } = await import('../../runtime/store/index.ts');
    await createCounty(w.handle.db, { code: 'other', name: '邻县', users: [{ username: 'deputy1', roles: ['deputy'] }] });
    const r = await w.call(token.deputy1, 'POST', '/definitions/suggestion/instances', {
      data: { ...SUGGESTION, coSignerIds: ['demo-deputy2', 'other-deputy1', 'demo-staff'] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/coSignerIds/1', '/coSignerIds/2']);
    const started = await w.call(token.deputy1, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    expect(started.status).toBe(201);
    await complete(w, token.staff, 'ACCEPT', REGISTRATION);
    const task = await taskOf(w, token.staff, 'PROPOSE_ASSIGNMENT');
    const bad = await w.call(token.staff, 'POST', `/tasks/${task.id}/complete`, { outcome: 'PROPOSE_ASSIGNMENT', data: { ...ASSIGNMENT, leadUnitId: 'unit-nowhere' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message])).toEqual([['/leadUnitId', '所选单位不是本县的承办单位']]);
  });

  it('hides another county’s tasks and instances (404)', async () => {
    const { w, token } = await setup();
    const { createCounty } = await import('../../runtime/store/index.ts');
    await createCounty(w.handle.db, { code: 'other', name: '邻县', users: [{ username: 'staff', roles: ['staff'] }, { username: 'deputy1', roles: ['deputy'] }] });
    const otherStaff = await w.login('staff', 'other');
    const started = await w.call(token.deputy1, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    const task = await taskOf(w, token.staff, 'ACCEPT');
    expect((await w.call(otherStaff, 'GET', `/instances/${started.body.id}`)).status).toBe(404);
    expect((await w.call(otherStaff, 'GET', `/tasks/${task.id}`)).status).toBe(404);
    const r = await w.call(otherStaff, 'POST', `/tasks/${task.id}/complete`, { outcome: 'ACCEPT', data: REGISTRATION });
    expect(r.status).toBe(404);
    expect((await w.call(otherStaff, 'GET', '/tasks?mine=1')).body.tasks).toEqual([]);
    // and another user of the same county who is not involved
    expect((await w.call(token.deputy3, 'GET', `/instances/${started.body.id}`)).status).toBe(404);
  });

  it('answers 409 to 19 of 20 concurrent completions of one task, with one event written', async () => {
    const { w, token } = await setup();
    const started = await w.call(token.deputy1, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    const task = await taskOf(w, token.staff, 'ACCEPT');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => w.call(token.staff, 'POST', `/tasks/${task.id}/complete`, { outcome: 'ACCEPT', data: REGISTRATION })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    const view = await w.call(token.staff, 'GET', `/instances/${started.body.id}`);
    expect(view.body.history.filter((h: { type: string }) => h.type === 'ACCEPT')).toHaveLength(1);
    expect(view.body.history.map((h: { seq: number }) => h.seq)).toEqual([1, 2]);
  });
});
