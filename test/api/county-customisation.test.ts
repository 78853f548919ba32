import { afterEach, describe, expect, it } from 'vitest';
import { createCounty, effectiveDraft, saveRegionOverlay } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const SUGGESTION = {
  title: '关于推动社区老年服务养老综合建设的建议',
  body: '建议建设社区养老服务综合体。',
  origin: 'RECESS',
  leadDeputyId: 'demo-deputy1',
  sourceCode: 'RESEARCH',
};
const ANSWER = {
  resultCode: 'A',
  body: '已建成社区养老服务综合体2处。',
  contactPerson: '钱丽',
  contactPhone: '0571-88880000',
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: true,
};
const FEEDBACK_20_WORKING_DAYS = { delays: { feedbackWindow: { workingDays: 20 } } };

describe.each(databases)('county customisation ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup() {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const admin = await w.login('admin');
    /** Complete the caller's task that offers `outcome`. */
    const act = async (user: string, outcome: string, data?: unknown) => {
      const token = await w.login(user);
      const task = (await w.call(token, 'GET', '/tasks?mine=1')).body.tasks.find((t: { outcomes: Array<{ event: string }> }) =>
        t.outcomes.some((o) => o.event === outcome),
      );
      expect(task, `${user} has ${outcome}`).toBeDefined();
      const r = await w.call(token, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return task;
    };
    /** A suggestion driven up to the deputy's feedback task; returns that task's due time. */
    const toFeedback = async (): Promise<string> => {
      const start = await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
      expect(start.status).toBe(201);
      await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
      await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
      await act('staff', 'APPROVE_ASSIGNMENT', {});
      await act('unit1', 'ACCEPT');
      await act('unit1', 'LOG_CONSULTATION', { date: '2026-04-01', mode: 'PHONE', summary: '电话沟通。' });
      await act('unit1', 'START_DRAFT');
      await act('unit1', 'SUBMIT_DRAFT', ANSWER);
      await act('unit1', 'APPROVE_DRAFT');
      await act('unit1', 'SUBMIT_ANSWER');
      // The deputy's open feedback tasks: the latest due one belongs to this suggestion.
      const dues = (await w.call(await w.login('deputy1'), 'GET', '/tasks?mine=1')).body.tasks.map((t: { dueAt: string }) => t.dueAt).sort();
      return dues[dues.length - 1] as string;
    };
    return { w, admin, act, toFeedback };
  }

  it('saves an overlay, shows the change, publishes v1; running instances keep the base, new ones use v1', async () => {
    const { w, admin, toFeedback } = await setup();
    const before = await toFeedback(); // answered 1 Apr (Wed) → 10 calendar days
    expect(before).toBe('2026-04-11T16:00:00.000Z');

    const saved = await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: FEEDBACK_20_WORKING_DAYS });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.changes.map((c: { kind: string; pointer: string }) => `${c.kind} ${c.pointer}`)).toEqual(['delay-changed /delays/feedbackWindow']);
    // Saving alone changes nothing for new instances until the county publishes.
    expect(await toFeedback()).toBe(before);

    const published = await w.call(admin, 'POST', '/definitions/suggestion-assignment/publish');
    expect(published.status).toBe(201);
    expect(published.body.version).toBe(1);
    // 20 working days from Wed 1 Apr 2026, skipping 清明 (4–6 Apr) and 劳动节 (1–5 May): ends 30 Apr.
    expect(await toFeedback()).toBe('2026-04-30T16:00:00.000Z');

    const again = await w.call(admin, 'POST', '/definitions/suggestion-assignment/publish');
    expect(again.body.version).toBe(1); // nothing changed: no new version
    const versions = await w.call(admin, 'GET', '/definitions/suggestion-assignment/versions');
    expect(versions.body.versions.map((v: { version: number; publishedByName: string }) => [v.version, v.publishedByName])).toEqual([[1, '系统管理员']]);
    const current = await w.call(admin, 'GET', '/definitions/suggestion-assignment');
    expect(current.body.definition.delays.feedbackWindow).toEqual({ workingDays: 20 });
    expect(current.body.hash).toBe(published.body.hash);
  });

  it('changes a task\'s role and title: after publishing, the chair council screens new suggestions', async () => {
    const { w, admin } = await setup();
    const deputy = await w.login('deputy1');
    const inbox = async (user: string) => (await w.call(await w.login(user), 'GET', '/tasks?mine=1')).body.tasks.map((t: { title: string }) => t.title);
    await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    const patch = { roles: ['deputy', 'staff', 'leader'], machine: { states: { screening: { meta: { task: { role: 'leader', title: '主任会议审查代表建议：{context.title}' } } } } } };
    const saved = await w.call(admin, 'PUT', '/definitions/suggestion/overlay', { patch });
    expect(saved.body.changes.map((c: { kind: string; pointer: string }) => `${c.kind} ${c.pointer}`)).toEqual(
      expect.arrayContaining(['task-changed /machine/states/screening/meta/task/role']),
    );
    expect((await w.call(admin, 'POST', '/definitions/suggestion/publish')).status).toBe(201);
    await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: '关于增设社区食堂的建议' } });
    // The running instance keeps its staff task; the new one goes to the leader.
    expect(await inbox('staff')).toEqual([`审查代表建议：${SUGGESTION.title}`]);
    expect(await inbox('leader')).toEqual(['主任会议审查代表建议：关于增设社区食堂的建议']);
  });

  it('refuses an overlay that breaks the definition, with code and pointer, and saves nothing', async () => {
    const { w, admin } = await setup();
    const bad = { machine: { states: { active: { states: { main: { states: { escalated: { on: { CLOSE_AS_EXPLAINED: { target: 'nowhere' } } } } } } } } } };
    const r = await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: bad });
    expect(r.status).toBe(422);
    expect(r.body.error.details.errors.map((e: { code: string; pointer: string }) => `${e.code} ${e.pointer}`)).toContain(
      'UNKNOWN_TARGET /machine/states/active/states/main/states/escalated/on/CLOSE_AS_EXPLAINED/target',
    );
    expect((await w.call(admin, 'GET', '/definitions/suggestion-assignment/overlay')).body.overlay).toBeNull();
    const check = await w.call(admin, 'POST', '/definitions/suggestion-assignment/check', { patch: bad });
    expect(check.body.ok).toBe(false);
    expect((await w.call(admin, 'POST', '/definitions/suggestion-assignment/publish')).status).toBe(201); // the saved (empty) overlay still publishes
  });

  it('refuses to remove a state that running instances stand on', async () => {
    const { w, admin, act } = await setup();
    await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    await act('staff', 'RETURN_TO_DEPUTY', { reason: '请补充具体建议。' });
    const removeReturn = {
      machine: {
        states: {
          returnedToDeputy: null,
          withdrawn: null,
          screening: { on: { RETURN_TO_DEPUTY: null }, meta: { task: { outcomes: { RETURN_TO_DEPUTY: null } } } },
          // 待代表完善 (an issue converted into a suggestion) may be withdrawn too.
          prepared: { on: { WITHDRAW: null }, meta: { task: { outcomes: { WITHDRAW: null } } } },
        },
      },
    };
    const r = await w.call(admin, 'PUT', '/definitions/suggestion/overlay', { patch: removeReturn });
    expect([r.status, r.body.error.code], JSON.stringify(r.body)).toEqual([409, 'STATE_IN_USE']);
    expect(r.body.error.details.states).toEqual(['suggestion.returnedToDeputy']);
    expect((await w.call(admin, 'GET', '/definitions/suggestion/overlay')).body.overlay).toBeNull();
  });

  it('applies a province overlay to its counties, lets a county override it, and leaves other provinces alone', async () => {
    const { w, admin } = await setup();
    await createCounty(w.handle.db, { code: 'elsewhere', name: '外省某县', users: [{ username: 'admin', roles: ['admin'] }] });
    await saveRegionOverlay(w.handle.db, w.rt, 'demo-province', 'suggestion-assignment', { delays: { feedbackWindow: 'P15D' } }, null);
    expect((await effectiveDraft(w.handle.db, w.rt, 'demo', 'suggestion-assignment')).pkg.delays.feedbackWindow).toBe('P15D');
    expect((await effectiveDraft(w.handle.db, w.rt, 'elsewhere', 'suggestion-assignment')).pkg.delays.feedbackWindow).toBe('P10D');
    const diff = await w.call(admin, 'GET', '/definitions/suggestion-assignment/diff');
    expect(diff.body.changes).toEqual([]); // the county has no overlay of its own yet
    await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: FEEDBACK_20_WORKING_DAYS });
    const own = await w.call(admin, 'GET', '/definitions/suggestion-assignment/diff');
    expect(own.body.changes.map((c: { before: unknown; after: unknown }) => [c.before, c.after])).toEqual([['P15D', { workingDays: 20 }]]);
    // What the designer edits: the province's value in the parent, the county's own on top.
    const draft = (await w.call(admin, 'GET', '/definitions/suggestion-assignment/draft')).body;
    expect([draft.parent.delays.feedbackWindow, draft.overlay, draft.definition.delays.feedbackWindow, draft.errors]).toEqual(['P15D', FEEDBACK_20_WORKING_DAYS, { workingDays: 20 }, []]);
    expect((await w.call(await w.login('staff'), 'GET', '/definitions/suggestion-assignment/draft')).status).toBe(403);
  });

  it('keeps each county’s overlays and versions to itself', async () => {
    const { w, admin } = await setup();
    await createCounty(w.handle.db, { code: 'other', name: '邻县', users: [{ username: 'admin', roles: ['admin'] }] });
    const otherAdmin = await w.login('admin', 'other');
    await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: FEEDBACK_20_WORKING_DAYS });
    await w.call(admin, 'POST', '/definitions/suggestion-assignment/publish');
    expect((await w.call(otherAdmin, 'GET', '/definitions/suggestion-assignment/overlay')).body.overlay).toBeNull();
    expect((await w.call(otherAdmin, 'GET', '/definitions/suggestion-assignment/versions')).body.versions).toEqual([]);
    expect((await w.call(otherAdmin, 'GET', '/definitions/suggestion-assignment')).body.definition.delays.feedbackWindow).toBe('P10D');
    const staff = await w.login('staff');
    expect((await w.call(staff, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: {} })).status).toBe(403);
  });

  it('migrates running instances from v1 to v2: dry run first, then a batch whose tasks and timers follow v2', async () => {
    const { w, admin, act } = await setup();
    expect((await w.call(admin, 'POST', '/definitions/suggestion/publish')).body.version).toBe(1); // v1 = the base
    const deputy = await w.login('deputy1');
    const first = (await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id;
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' }); // first → registered (task due in 30 days)
    const second = (await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: '关于增设社区食堂的建议' } })).body.id;
    await w.call(admin, 'PUT', '/definitions/suggestion/overlay', { patch: { delays: { assignWithin: 'P15D' } } });
    expect((await w.call(admin, 'POST', '/definitions/suggestion/publish')).body.version).toBe(2);

    const blocked = await w.call(admin, 'POST', '/definitions/suggestion/migrations', { from: 1, to: 2, mapping: { screening: 'vetting' } });
    expect(blocked.body.movable.map((m: { id: string }) => m.id)).toEqual([first]);
    expect(blocked.body.blocked.map((b: { id: string; state: string }) => [b.id, b.state])).toEqual([[second, 'screening']]);
    expect(blocked.body.blocked[0].reason).toContain('vetting');

    const dry = await w.call(admin, 'POST', '/definitions/suggestion/migrations', { from: 1, to: 2 });
    expect(dry.body.movable.map((m: { id: string }) => m.id).sort()).toEqual([first, second].sort());
    const staff = await w.login('staff');
    const dueBefore = (await w.call(staff, 'GET', `/instances/${first}`)).body.openTasks[0].dueAt;
    expect(dueBefore).toBe('2026-05-01T16:00:00.000Z'); // 1 Apr + 30 days

    w.clock.set('2026-04-10T02:00:00Z');
    const done = await w.call(await w.login('admin'), 'POST', '/definitions/suggestion/migrations', { from: 1, to: 2, dryRun: false });
    expect(done.body.movable).toHaveLength(2);
    const view = (await w.call(await w.login('staff'), 'GET', `/instances/${first}`)).body;
    expect(view.state).toBe('registered');
    expect(view.openTasks.map((t: { dueAt: string }) => t.dueAt)).toEqual(['2026-04-25T16:00:00.000Z']); // 15 days from the migration
    expect(view.history.at(-1)).toMatchObject({ type: 'migrated', from: 'registered', to: 'registered' });
    expect(view.definitionHash).toBe((await w.call(await w.login('admin'), 'GET', '/definitions/suggestion/versions')).body.versions[0].hash);
    const timers = await w.handle.db.selectFrom('timers').select(['key', 'fire_at']).where('instance_id', '=', first).orderBy('key').execute();
    expect(timers.map((t) => [t.key, new Date(t.fire_at).toISOString()])).toEqual([[expect.stringMatching(/^task:registered-\d+:due$/), '2026-04-25T16:00:00.000Z']]);
    // The moved instance carries on under v2.
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    expect((await w.call(await w.login('staff'), 'GET', `/instances/${first}`)).body.state).toBe('assignmentProposed');
  });

  it('runs a county with 4-level A–D results and a 20-working-day feedback window (overlay file)', async () => {
    const { w, admin, act } = await setup();
    const { readFileSync } = await import('node:fs');
    const patch = JSON.parse(readFileSync(new URL('../../definitions/suggestion-assignment/overlays/four-level-results.json', import.meta.url), 'utf8'));
    // Before the county adopts it, D is not a result category.
    const deputy = await w.login('deputy1');
    await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', {});
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-04-01', mode: 'PHONE', summary: '电话沟通。' });
    await act('unit1', 'START_DRAFT');
    const unit1 = await w.login('unit1');
    const drafting = (await w.call(unit1, 'GET', '/tasks?mine=1')).body.tasks[0];
    const refused = await w.call(unit1, 'POST', `/tasks/${drafting.id}/complete`, { outcome: 'SUBMIT_DRAFT', data: { ...ANSWER, resultCode: 'D' } });
    expect([refused.status, refused.body.error.details.errors[0].pointer]).toEqual([400, '/resultCode']);

    expect((await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch })).status).toBe(200);
    expect((await w.call(admin, 'POST', '/definitions/suggestion-assignment/publish')).status).toBe(201);
    await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: '关于规范老旧小区加装电梯的建议' } });
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-health', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', {});
    await act('unit3', 'ACCEPT');
    await act('unit3', 'LOG_CONSULTATION', { date: '2026-04-01', mode: 'PHONE', summary: '电话沟通。' });
    await act('unit3', 'START_DRAFT');
    await act('unit3', 'SUBMIT_DRAFT', { ...ANSWER, resultCode: 'D' });
    await act('unit3', 'APPROVE_DRAFT');
    const task = await act('unit3', 'SUBMIT_ANSWER');
    expect(task).toBeDefined();
    const feedback = (await w.call(await w.login('deputy1'), 'GET', '/tasks?mine=1')).body.tasks;
    expect(feedback.map((t: { dueAt: string }) => t.dueAt)).toEqual(['2026-04-30T16:00:00.000Z']); // 20 working days
    // The running instance of the old version still refuses D.
    expect((await w.call(unit1, 'POST', `/tasks/${drafting.id}/complete`, { outcome: 'SUBMIT_DRAFT', data: { ...ANSWER, resultCode: 'D' } })).status).toBe(400);
  });
});
