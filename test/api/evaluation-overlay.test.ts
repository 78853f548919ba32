/**
 * A county changes the evaluation's scoring model (to WEIGHTED_SCORE) and its report-back
 * period (rectification within 1 month instead of 3) by overlay: a campaign already running
 * keeps its version; a campaign started after publishing uses the new ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { addDeputies, type TestDeputy } from '../support/deputies.ts';
import { taskDriver, type DriverTask as Task } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const PLAN = {
  year: 2026,
  type: 'DEPARTMENT',
  subjects: [{ id: 'dept-housing', kind: 'DEPARTMENT', name: '县住房和城乡建设局', unitId: 'unit-housing' }],
  contentItems: ['DUTY_AND_INTEGRITY', 'SERVICE_STYLE'],
};

describe.each(databases)('evaluation settings by county overlay ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('changes the scoring model and the report-back period for new campaigns only', { timeout: 600_000 }, async () => {
    handle = await open();
    const w: WorkApp = await workApp(handle, '2026-05-11T01:00:00Z');
    await handle.db.deleteFrom('deputies').where('county_id', '=', 'demo').execute();
    const voters: TestDeputy[] = await addDeputies(handle.db, { countyId: 'demo', count: 8, prefix: 'ev', standingCommittee: 3, clock: w.clock });
    const { token, act } = taskDriver(w);
    const start = async () => {
      const r = await w.call(await token('staff'), 'POST', '/definitions/evaluation/instances', { data: PLAN });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    /** From the published list to the opinions; every voter rates the department 不满意. */
    const run = async (id: string) => {
      await act('leader', id, 'PUBLISH_LIST', { publishedOn: '2026-05-12', channels: ['EMAIL'] });
      await act('unit1', id, 'SUBMIT_SELF_REPORT', { period: '2025年', sections: [{ item: 'DUTY_AND_INTEGRITY', text: '完成年度任务。' }], problems: '审批时限偏长。' });
      await act('leader', id, 'SUBMIT_RESEARCH_REPORT', { visits: 2, seminars: 1, findings: '群众反映办事慢。' });
      await act('staff', id, 'OPEN_TEST', { heldOn: '2026-06-20', meeting: 'EVALUATION_MEETING', speeches: 2 });
      const staff = await token('staff');
      const ballots = (await w.call(staff, 'GET', `/ballots?instance=${id}`)).body.ballots as Array<{ id: string; electorate: string }>;
      const sealed = new SealedBallots(w, await tellersOf(w));
      for (const b of ballots) {
        await sealed.prepare(staff, b.id);
        await sealed.open(staff, b.id);
        const roll = b.electorate === 'STANDING_COMMITTEE' ? voters.slice(0, 3) : voters;
        for (const v of roll) expect((await sealed.cast(v.token, b.id, { 'dept-housing': 'UNSATISFIED' })).status).toBe(201);
        await sealed.closeAndPublish(staff, b.id);
      }
      await act('staff', id, 'PUBLISH_RESULTS', { publishedOn: '2026-06-21', channels: ['MEETING'], reportedToPartyCommittee: true });
      await act('leader', id, 'ISSUE_OPINIONS', { opinions: [{ no: 1, text: '压缩审批时限。' }], issuedOn: '2026-06-22' });
      const view = (await w.call(staff, 'GET', `/instances/${id}`)).body;
      const [rectify] = ((await w.call(await token('unit1'), 'GET', '/tasks?mine=1')).body.tasks as Task[]).filter((t) => t.instanceId === id);
      return { evaluation: view.context.evaluation, due: rectify?.dueAt, hash: view.definitionHash };
    };

    const running = await start();
    const admin = await token('admin');
    const patch = { settings: { scoring: 'WEIGHTED_SCORE' }, delays: { rectifyWithin: 'P1M' } };
    expect((await w.call(admin, 'PUT', '/definitions/evaluation/overlay', { patch })).status).toBe(200);
    expect((await w.call(admin, 'POST', '/definitions/evaluation/publish')).status).toBe(201);
    const fresh = await start();

    const before = await run(running);
    const after = await run(fresh);
    // The running campaign: the base's majority rule and three months (clock at 11 May: due 11 August).
    expect([before.evaluation.model, before.evaluation.subjects[0].grade, before.due]).toEqual(['MAJORITY_RULE', 'UNSATISFIED', '2026-08-11T16:00:00.000Z']);
    // The new one: weighted points (不满意 = 55 points) and one month (due 11 June).
    expect([after.evaluation.model, after.evaluation.subjects[0].score, after.evaluation.subjects[0].grade, after.due]).toEqual(['WEIGHTED_SCORE', 55, 'UNSATISFIED', '2026-06-11T16:00:00.000Z']);
    expect(after.hash).not.toBe(before.hash);
  });
  it('rates by name when the campaign says REAL_NAME: staff see who rated how after close', { timeout: 120_000 }, async () => {
    handle = await open();
    const w: WorkApp = await workApp(handle, '2026-05-11T01:00:00Z');
    await handle.db.deleteFrom('deputies').where('county_id', '=', 'demo').execute();
    const voters = await addDeputies(handle.db, { countyId: 'demo', count: 4, prefix: 'rn', standingCommittee: 2, clock: w.clock });
    const { act } = taskDriver(w);
    const staff = await w.login('staff');
    const id = (await w.call(staff, 'POST', '/definitions/evaluation/instances', { data: { ...PLAN, ratingMode: 'REAL_NAME' } })).body.id as string;
    await act('leader', id, 'PUBLISH_LIST', { publishedOn: '2026-05-12', channels: ['EMAIL'] });
    await act('unit1', id, 'SUBMIT_SELF_REPORT', { period: '2025年', sections: [{ item: 'SERVICE_STYLE', text: '改进作风。' }], problems: '无' });
    await act('leader', id, 'SUBMIT_RESEARCH_REPORT', { visits: 1, seminars: 1, findings: '总体较好。' });
    await act('staff', id, 'OPEN_TEST', { heldOn: '2026-06-20', meeting: 'EVALUATION_MEETING', speeches: 1 });
    const ballots = (await w.call(staff, 'GET', `/ballots?instance=${id}`)).body.ballots as Array<{ id: string; electorate: string; secret: boolean }>;
    expect(ballots.map((b) => b.secret)).toEqual([false, false]);
    const deputiesBallot = ballots.find((b) => b.electorate === 'DEPUTIES') as { id: string };
    await w.call(staff, 'POST', `/ballots/${deputiesBallot.id}/open`);
    for (const v of voters) await w.call(v.token, 'POST', `/ballots/${deputiesBallot.id}/votes`, { marks: { 'dept-housing': 'BASIC' } });
    await w.call(staff, 'POST', `/ballots/${deputiesBallot.id}/close`);
    const named = (await w.call(staff, 'GET', `/ballots/${deputiesBallot.id}/named`)).body.votes;
    expect(named.map((v: { deputyId: string }) => v.deputyId)).toEqual(voters.map((v) => v.id));
  });
});
