/**
 * Issues converted into suggestions and handed to the livelihood-project collection, as
 * statistics (issue 15 item 8, DOMAIN §6.6, §8): GET /api/statistics/constituent-issue gives
 * each as {numerator, denominator, value} over all issues of the year, with drill-downs that
 * list exactly those issues — the same issues instance_links links to a suggestion still
 * standing or to the year's collection. An issue whose suggestion concluded (and which closed
 * with it) still counts as converted; one whose deputy withdrew the draft does not. The average
 * working days to reply sits beside them. On PGlite and on PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { intakeApp, STATION, type IntakeApp } from '../support/constituent.ts';

type Json = any;
type Task = { id: string; instanceId: string; outcomes: Array<{ event: string }> };

const TITLE = '关于尽快修复城关镇幸福路南段路灯的建议';
const ANSWER = {
  resultCode: 'B',
  body: '幸福路南段路灯线路老化，已列入本年度城区照明改造计划，6月底前完成更换。',
  contactPerson: '李工',
  contactPhone: '0731-1234567',
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: false,
  commitments: [{ text: '6月底前更换幸福路南段路灯线路', dueDate: '2026-06-30' }],
};

function actor(w: IntakeApp) {
  const tokens = new Map<string, string>();
  const token = async (user: string) => {
    const t = tokens.get(user) ?? (await w.login(user));
    tokens.set(user, t);
    return t;
  };
  const act = async (user: string, outcome: string, data?: unknown, instanceId?: string) => {
    const tasks = (await w.call(await token(user), 'GET', '/tasks?mine=1')).body.tasks as Task[];
    const task = tasks.find((t) => (instanceId === undefined || t.instanceId === instanceId) && t.outcomes.some((o) => o.event === outcome));
    expect(task, `${user} has a task with ${outcome}`).toBeDefined();
    const r = await w.call(await token(user), 'POST', `/tasks/${task!.id}/complete`, { outcome, ...(data === undefined ? {} : { data }) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  return { token, act };
}

describe.each(databases)('statistics of converted issues ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('counts issues converted into suggestions and into livelihood ideas over all issues, with drill-downs matching the links', { timeout: 240_000 }, async () => {
    handle = await open();
    // Wednesday 1 April 2026, 09:00 in the county.
    const w = await intakeApp(handle);
    const { token, act } = actor(w);
    let n = 0;
    const record = async (category = 'URBAN_RURAL') => {
      n++;
      const r = await w.call(await token('staff'), 'POST', '/constituent-issues', {
        issue: { stationId: STATION.id, contactMode: 'PHONE', category, subject: `群众意见${n}`, content: '幸福路南段路灯坏了三个月，晚上出行很危险。' },
        citizen: { name: '陈桂兰', phone: `1381234567${n}`, address: '城关镇东街3号' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.instanceId as string;
    };
    const convert = async (id: string) => {
      await act('staff', 'TRIAGE', { proposedRoute: 'COUNTY_SUGGESTION', opinion: '请代表提出建议。' }, id);
      expect((await act('staff', 'CONVERT_TO_SUGGESTION', { title: TITLE, leadDeputyId: 'demo-deputy2', reason: '需代表推动。' }, id)).state).toBe('convertedToSuggestion');
      return (await w.call(await token('staff'), 'GET', `/instances/${id}`)).body.links[0].id as string;
    };

    // 1: converted, and its suggestion runs to its end — the issue closes with the answer relayed.
    const concluded = await record();
    const s1 = await convert(concluded);
    const draft = (await w.call(await token('deputy2'), 'GET', `/tasks?mine=1`)).body.tasks.find((t: Task) => t.instanceId === s1);
    const prefill = (await w.call(await token('deputy2'), 'GET', `/tasks/${draft.id}`)).body.prefill.SUBMIT;
    await act('deputy2', 'SUBMIT', prefill, s1);
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' }, s1);
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' }, s1);
    await act('staff', 'APPROVE_ASSIGNMENT', {}, s1);
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-04-01', mode: 'SITE_VISIT', summary: '与代表一起到幸福路现场查看。' });
    await act('unit1', 'START_DRAFT');
    await act('unit1', 'SUBMIT_DRAFT', ANSWER);
    await act('unit1', 'APPROVE_DRAFT');
    await act('unit1', 'SUBMIT_ANSWER');
    await act('deputy2', 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    expect((await w.call(await token('staff'), 'GET', `/instances/${concluded}`)).body.state).toBe('closed');
    // 2: converted, its suggestion still a draft.
    const running = await record();
    await convert(running);
    // 3: converted, the deputy withdraws the draft: back to the office, not counted.
    const withdrawn = await record();
    await act('deputy2', 'WITHDRAW', undefined, await convert(withdrawn));
    expect((await w.call(await token('staff'), 'GET', `/instances/${withdrawn}`)).body.state.split('.')[0]).toBe('triaged');
    // 4: a 民生实事建议 handed to the 2027 collection.
    expect((await w.call(await token('staff'), 'POST', '/definitions/livelihood-vote/instances', { data: { year: 2027, seats: 10, collectionEnd: '2026-10-15' } })).status).toBe(201);
    const idea = await record('LIVELIHOOD_IDEA');
    await act('staff', 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '列入民生实事项目征集。' }, idea);
    await act('staff', 'TO_LIVELIHOOD_IDEA', { title: '幸福路社区老年食堂', domain: 'ELDERLY_CHILDCARE', location: '城关镇幸福路社区', need: '缺少就餐服务。' }, idea);
    // 5: transferred on Wednesday 1 April, replied Friday 3 April: 2 working days.
    const replied = await record();
    await act('staff', 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '转住建局办理。' }, replied);
    await act('staff', 'ROUTE', { targetUnitId: 'unit-housing', routeLevel: 'COUNTY_DEPT', instructions: '请办理。' }, replied);
    await act('unit1', 'ACK', undefined, replied);
    w.clock.set('2026-04-03T02:00:00Z');
    const unit = await w.login('unit1');
    const reply = (await w.call(unit, 'GET', '/tasks?mine=1')).body.tasks.find((t: Task) => t.instanceId === replied);
    expect((await w.call(unit, 'POST', `/tasks/${reply.id}/complete`, { outcome: 'REPLY', data: { result: 'RESOLVED', replyText: '路灯已修复。', contact: '住建局 李工' } })).status).toBe(200);

    const staff = await w.login('staff');
    const view = (await w.call(staff, 'GET', '/statistics/constituent-issue?period=year:2026')).body;
    const metric = (id: string) => {
      const m = view.metrics.find((x: Json) => x.id === id);
      expect(m, id).toBeDefined();
      return m;
    };
    const nums = (m: Json) => [m.kind, m.numerator, m.denominator, m.value];
    expect(metric('issueCount').count).toBe(5);
    expect(nums(metric('convertedRate'))).toEqual(['rate', 2, 5, 40]);
    expect([metric('convertedRate').title, metric('convertedRate').display]).toEqual(['转为代表建议比例', '40%']);
    expect(metric('convertedCount').count).toBe(2);
    expect(nums(metric('livelihoodIdeaRate'))).toEqual(['rate', 1, 5, 20]);
    expect([metric('livelihoodIdeaRate').title, metric('livelihoodIdeaCount').count]).toEqual(['列入民生实事项目征集比例', 1]);
    expect(nums(metric('avgDaysToReply'))).toEqual(['avg', 2, 1, 2]);

    // The drill-downs list exactly those issues.
    const ids = async (url: string) => ((await w.call(staff, 'GET', `${url.replace(/^\/api/, '')}&limit=500`)).body.rows as Json[]).map((r) => r.id).sort();
    expect(await ids(metric('convertedRate').drill.numerator)).toEqual([concluded, running].sort());
    expect(await ids(metric('convertedRate').drill.denominator)).toHaveLength(5);
    expect(await ids(metric('livelihoodIdeaRate').drill.numerator)).toEqual([idea]);
    expect(await ids(metric('avgDaysToReply').drill)).toEqual([replied]);

    // The same issues as the links: to a suggestion not withdrawn, and to the collection.
    const links = await handle.db
      .selectFrom('instance_links as l')
      .innerJoin('instances as t', 't.id', 'l.target_id')
      .select(['l.source_id', 'l.key', 't.state'])
      .where('l.county_id', '=', 'demo')
      .execute();
    expect(links.filter((l) => l.key === 'suggestion' && l.state !== 'withdrawn').map((l) => l.source_id).sort()).toEqual([concluded, running].sort());
    expect(links.filter((l) => l.key === 'livelihoodIdea').map((l) => l.source_id)).toEqual([idea]);
  });
});
