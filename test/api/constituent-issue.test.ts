/**
 * Constituents' issues (DOMAIN §6.4, issue 15 item 2): a citizen's issue from the public QR form
 * (no login) through triage, transfer, acknowledgement, extension, reply, 不满意, reopen, reply
 * and 满意; the handling unit never sees the citizen's name, phone or address in any answer; the
 * station and the office do. Timers on the simulated clock: acknowledgement overdue (reminder,
 * still waiting), reply overdue, escalation to the county office.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runDueTimers } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { CITIZEN_ISSUE, intakeApp, STATION, type IntakeApp } from '../support/constituent.ts';

async function openTask(w: IntakeApp, token: string, instanceId: string) {
  const tasks = (await w.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; title: string; dueAt: string | null; outcomes: Array<{ event: string; title: string }> }>;
  const task = tasks.find((t) => t.instanceId === instanceId);
  expect(task, `an open task for ${instanceId}`).toBeDefined();
  return task!;
}

async function complete(w: IntakeApp, token: string, taskId: string, outcome: string, data?: unknown) {
  const r = await w.call(token, 'POST', `/tasks/${taskId}/complete`, { outcome, ...(data === undefined ? {} : { data }) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function submit(w: IntakeApp) {
  const r = await w.pub('POST', `/public/stations/${STATION.code}/issues`, CITIZEN_ISSUE);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const row = await w.handle.db.selectFrom('constituent_contacts').select('instance_id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return { receiptCode: r.body.receiptCode as string, instanceId: row.instance_id };
}

describe.each(databases)('constituent issue ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('runs from the public QR form to 满意 through 不满意 and a reopen; the unit never sees the citizen', { timeout: 240_000 }, async () => {
    handle = await open();
    const w = await intakeApp(handle);
    const staff = await w.login('staff');
    const unit = await w.login('unit1');
    const manager = await w.login('deputy1');
    const stationDeputy = await w.login('deputy2');
    const otherDeputy = await w.login('deputy3');
    const unitAnswers: string[] = [];
    const asUnit = async (method: string, path: string, body?: unknown) => {
      if (process.env.DEBUG_INTAKE) console.log('unit', method, path, new Date().toISOString());
      const r = await w.call(unit, method, path, body);
      unitAnswers.push(JSON.stringify(r.body));
      return r;
    };

    // The station as the QR code opens it: its name and the categories, nothing else of the county.
    const station = await w.pub('GET', `/public/stations/${STATION.code}`);
    expect(station.status).toBe(200);
    expect(Object.keys(station.body.station).sort()).toEqual(['categories', 'name', 'name_en']);
    expect(station.body.station.name).toBe(STATION.name);
    expect(station.body.station.categories.find((c: { code: string }) => c.code === 'URBAN_RURAL').title).toBe('城乡建设');

    const { receiptCode, instanceId } = await submit(w);
    expect(receiptCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // The receipt code is not kept in clear; the citizen is not in the instance.
    const stored = await w.handle.db.selectFrom('instances').select(['snapshot']).where('id', '=', instanceId).executeTakeFirstOrThrow();
    const events = await w.handle.db.selectFrom('instance_events').select(['data']).where('instance_id', '=', instanceId).execute();
    const context = (stored.snapshot as { machine: { context: { subject: string } } }).machine.context;
    expect(JSON.stringify([stored.snapshot, events])).not.toMatch(/13912345678|王秀英|幸福路122号3栋/);
    expect(JSON.stringify(context)).toContain('<script>alert(1)</script>');

    // The office triages and transfers with a slip.
    const record = await openTask(w, staff, instanceId);
    expect(record.outcomes.map((o) => o.title).sort()).toEqual(['当场答复', '依法导入其他途径', '提出拟办意见'].sort());
    await complete(w, staff, record.id, 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '转县住建局研究办理。' });
    const transfer = await openTask(w, staff, instanceId);
    const transferred = await complete(w, staff, transfer.id, 'ROUTE', { targetUnitId: 'unit-housing', routeLevel: 'COUNTY_DEPT', instructions: '请3个工作日内签收，15个工作日内答复。' });
    expect(transferred.state).toBe('transferred.awaitingAck');

    // The unit: acknowledge, extend once, reply.
    const ack = await openTask(w, unit, instanceId);
    expect(ack.title).toBe(`签收群众意见转办单：${context.subject}`);
    await asUnit('GET', `/tasks/${ack.id}`);
    await asUnit('GET', `/instances/${instanceId}`);
    await asUnit('GET', `/instances/${instanceId}/documents`);
    await asUnit('GET', '/instances?definition=constituent-issue');
    await asUnit('GET', '/register?definition=constituent-issue');
    await asUnit('GET', '/notifications');
    expect((await asUnit('GET', `/constituent-issues/${instanceId}/citizen`)).status).toBe(404);
    await asUnit('POST', `/tasks/${ack.id}/complete`, { outcome: 'ACK' });
    const handling = await openTask(w, unit, instanceId);
    expect(handling.outcomes.map((o) => o.title).sort()).toEqual(['答复', '申请延期'].sort());
    expect((await asUnit('POST', `/tasks/${handling.id}/complete`, { outcome: 'EXTEND', data: { reason: '需协调供电公司更换线路。' } })).status).toBe(200);
    const extended = await openTask(w, unit, instanceId);
    expect(extended.outcomes.map((o) => o.event)).toEqual(['REPLY']); // once only
    await asUnit('GET', `/instances/${instanceId}`);
    expect((await asUnit('POST', `/tasks/${extended.id}/complete`, { outcome: 'REPLY', data: { result: 'PLANNED', replyText: '已列入本月维修计划。', contact: '住建局市政科 李工 0731-1234567' } })).status).toBe(200);

    // The station and the office see the citizen; the unit and other deputies do not.
    for (const token of [staff, manager, stationDeputy]) {
      const r = await w.call(token, 'GET', `/constituent-issues/${instanceId}/citizen`);
      expect([r.status, r.body.citizen?.phone, r.body.citizen?.name]).toEqual([200, '13912345678', '王秀英']);
    }
    expect((await w.call(otherDeputy, 'GET', `/constituent-issues/${instanceId}/citizen`)).status).toBe(404);

    // The citizen looks up the reply and is not satisfied: the issue goes back to the unit.
    const lookup = await w.pub('POST', '/public/issues/lookup', { receiptCode: receiptCode.toLowerCase().replace(/-/g, ''), phone: '139 1234 5678' });
    expect(lookup.status, JSON.stringify(lookup.body)).toBe(200);
    expect([lookup.body.issue.state.title, lookup.body.issue.reply.text, lookup.body.issue.reply.result.title, lookup.body.issue.canGiveFeedback]).toEqual(['已答复待评价', '已列入本月维修计划。', '列入计划', true]);
    expect(lookup.body.issue.steps.map((s: { title: string }) => s.title)).toEqual(['登记群众意见', '提出拟办意见', '转办', '签收', '申请延期', '答复']);
    expect((await w.pub('POST', '/public/issues/lookup', { receiptCode, phone: '13900000000' })).status).toBe(404);
    const unhappy = await w.pub('POST', '/public/issues/feedback', { receiptCode, phone: '13912345678', satisfaction: 'UNSATISFIED', comment: '还是不亮。' });
    expect([unhappy.status, unhappy.body.issue?.state.title]).toEqual([200, '办理中']);
    expect((await w.pub('POST', '/public/issues/feedback', { receiptCode, phone: '13912345678', satisfaction: 'SATISFIED' })).status).toBe(409);

    // Reopened: the unit replies again; staff record 满意 from a phone call; closed.
    const again = await openTask(w, unit, instanceId);
    await asUnit('GET', `/instances/${instanceId}`);
    expect((await asUnit('POST', `/tasks/${again.id}/complete`, { outcome: 'REPLY', data: { result: 'RESOLVED', replyText: '路灯已全部修复。', contact: '住建局市政科 李工 0731-1234567' } })).status).toBe(200);
    const callBack = await openTask(w, staff, instanceId);
    expect(callBack.title).toContain('告知反映人并回访');
    const closed = await complete(w, staff, callBack.id, 'FEEDBACK', { satisfaction: 'SATISFIED', method: 'PHONE', comment: '电话回访，群众满意。' });
    expect([closed.state, closed.status, closed.context.reopenCount, closed.context.feedbacks.length]).toEqual(['closed', 'done', 1, 2]);
    const done = await w.pub('POST', '/public/issues/lookup', { receiptCode, phone: '13912345678' });
    expect([done.body.issue.state.title, done.body.issue.finished, done.body.issue.feedback.title, done.body.issue.reply.text]).toEqual(['已办结', true, '满意', '路灯已全部修复。']);

    await asUnit('GET', `/instances/${instanceId}`);
    await asUnit('GET', '/tasks?state=closed');
    // Nothing the unit was answered holds the phone number, the name or the address.
    expect(unitAnswers.length).toBeGreaterThan(10);
    for (const text of unitAnswers) expect(text).not.toMatch(/13912345678|1391234|王秀英|幸福路122号3栋/);
  });

  it('reminds on a late acknowledgement, goes overdue after 15 working days and to the county office after 5 more (simulated clock)', { timeout: 240_000 }, async () => {
    handle = await open();
    const w = await intakeApp(handle, '2026-04-01T01:00:00Z'); // Wednesday
    let staff = await w.login('staff');
    let unit = await w.login('unit1');
    const { instanceId } = await submit(w);
    await complete(w, staff, (await openTask(w, staff, instanceId)).id, 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '转住建局。' });
    await complete(w, staff, (await openTask(w, staff, instanceId)).id, 'ROUTE', { targetUnitId: 'unit-housing', routeLevel: 'COUNTY_DEPT', instructions: '请办理。' });
    const ack = await openTask(w, unit, instanceId);
    // 3 working days from Wednesday 1 April over 清明 (4–6 April): the end of Thursday 9 April? No: Thu 2, Fri 3, Tue 7 → end of 7 April (16:00 UTC).
    expect(ack.dueAt).toBe('2026-04-07T16:00:00.000Z');
    // The unit's notice names that day, as the task's deadline (never a fixed "3个工作日内").
    const slipNotes = (await w.call(unit, 'GET', '/notifications')).body.notifications as Array<{ message: string; message_en: string | null }>;
    const slip = slipNotes.filter((n) => n.message.startsWith('收到群众意见转办单'));
    expect(slip.map((n) => [n.message.endsWith('请于2026年4月7日前签收。'), n.message_en?.endsWith('acknowledge it by 7 April 2026.')])).toEqual([[true, true]]);
    w.clock.set('2026-04-07T15:59:00Z');
    expect(await runDueTimers(w.handle.db, w.rt)).toBe(0);
    w.clock.set('2026-04-07T16:00:00Z');
    expect(await runDueTimers(w.handle.db, w.rt)).toBeGreaterThan(0);
    // Tokens expire as the simulated days pass: sign in again.
    staff = await w.login('staff');
    unit = await w.login('unit1');
    const view = (await w.call(staff, 'GET', `/instances/${instanceId}`)).body;
    expect(view.state, JSON.stringify(view)).toBe('transferred.awaitingAck'); // still waiting for the unit, reminded
    const notes = (await w.call(unit, 'GET', '/notifications')).body.notifications as Array<{ message: string }>;
    expect(notes.some((n) => n.message.startsWith('群众意见转办单签收已逾期'))).toBe(true);

    await complete(w, unit, ack.id, 'ACK');
    const handling = await openTask(w, unit, instanceId);
    expect(handling.dueAt).not.toBeNull();
    w.clock.set(new Date(new Date(handling.dueAt!).getTime() - 60_000).toISOString());
    expect(await runDueTimers(w.handle.db, w.rt)).toBe(0);
    w.clock.set(handling.dueAt!);
    await runDueTimers(w.handle.db, w.rt);
    staff = await w.login('staff');
    unit = await w.login('unit1');
    const overdue = (await w.call(staff, 'GET', `/instances/${instanceId}`)).body;
    expect(overdue.state.split(',')[0].split('.')[0]).toBe('overdue');
    expect(overdue.context.overdue).toBe(true);
    // Both the unit (reply now) and the station (urge, escalate) have work.
    expect((await openTask(w, unit, instanceId)).outcomes.map((o) => o.event)).toEqual(['REPLY']);
    expect((await openTask(w, staff, instanceId)).outcomes.map((o) => o.event)).toEqual(['ESCALATE']);
    w.clock.set(new Date(new Date(handling.dueAt!).getTime() + 12 * 86400_000).toISOString());
    await runDueTimers(w.handle.db, w.rt);
    staff = await w.login('staff');
    unit = await w.login('unit1');
    const escalated = (await w.call(staff, 'GET', `/instances/${instanceId}`)).body;
    expect(escalated.state.split('.')[0]).toBe('escalated');
    expect(escalated.context.escalation.automatic).toBe(true);
    // The unit's reply under supervision still closes the loop.
    await complete(w, unit, (await openTask(w, unit, instanceId)).id, 'REPLY', { result: 'RESOLVED', replyText: '已修复。', contact: '李工' });
    expect((await w.call(staff, 'GET', `/instances/${instanceId}`)).body.state).toBe('replied');
    // No feedback within 7 days (to the end of the 7th local day): closed. One day short: still waiting.
    w.clock.set(new Date(w.clock.now().getTime() + 6 * 86400_000).toISOString());
    await runDueTimers(w.handle.db, w.rt);
    expect((await w.call(await w.login('staff'), 'GET', `/instances/${instanceId}`)).body.state).toBe('replied');
    w.clock.set(new Date(w.clock.now().getTime() + 2 * 86400_000).toISOString());
    await runDueTimers(w.handle.db, w.rt);
    staff = await w.login('staff');
    expect((await w.call(staff, 'GET', `/instances/${instanceId}`)).body.state).toBe('closed');
  });
});
