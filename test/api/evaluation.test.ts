/**
 * 工作评议 + 任命人员履职评议 through HTTP (DOMAIN.md §5, fixture §9.5): Changshu 2023's five
 * departments (发改委, 交通运输局, 文体旅局, 商务局, 信访局) and their five heads, rated in two
 * weighted rater groups — the standing committee (35 members, weight 0.4) and all 1,126
 * deputies (weight 0.6) — each on its own secret ballot. The grades, scores and ranks the
 * process publishes are checked against a computation written out here in integers; the one
 * subject below 基本满意 gets its rectification task, due three months later on the simulated
 * clock, and the others close.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createUnit, createUser } from '../../runtime/store/index.ts';
import { Authenticator } from '../../server/auth.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { addDeputies, type TestDeputy } from '../support/deputies.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

interface Task {
  id: string;
  instanceId: string;
  title: string;
  dueAt: string | null;
  outcomes: Array<{ event: string }>;
}

const UNITS = [
  { key: 'fgw', name: '市发展和改革委员会', short: '发改委', nameEn: 'Development and Reform Commission' },
  { key: 'jtj', name: '市交通运输局', short: '交通运输局', nameEn: 'Transport Bureau' },
  { key: 'wtl', name: '市文体广电和旅游局', short: '文体旅局', nameEn: 'Culture, Sports and Tourism Bureau' },
  { key: 'swj', name: '市商务局', short: '商务局', nameEn: 'Commerce Bureau' },
  { key: 'xfj', name: '市信访局', short: '信访局', nameEn: 'Petitions Bureau' },
];
const SUBJECTS = UNITS.flatMap((u) => [
  { id: `dept-${u.key}`, kind: 'DEPARTMENT', name: u.name, unitId: `unit-${u.key}` },
  { id: `head-${u.key}`, kind: 'APPOINTEE', name: `${u.short}主要负责人`, unitId: `unit-${u.key}`, position: '主任（局长）' },
]);

const SC_SIZE = 35;
const DEPUTIES = 1126;
/** Ballots returned: one member and 26 deputies do not vote. */
const SC_RETURNED = 34;
const DEPUTIES_RETURNED = 1100;
/** [S, B, U] per subject in each group; the rest of the returned ballots leave the subject unrated. */
const VOTES: Record<string, { sc: [number, number, number]; dep: [number, number, number] }> = {
  'dept-fgw': { sc: [30, 4, 0], dep: [900, 150, 30] },
  'head-fgw': { sc: [28, 5, 1], dep: [850, 200, 30] },
  'dept-jtj': { sc: [20, 12, 2], dep: [600, 380, 90] },
  'head-jtj': { sc: [15, 15, 4], dep: [560, 420, 100] },
  'dept-wtl': { sc: [25, 8, 1], dep: [700, 300, 80] },
  // The deputies alone would say 基本满意 (540 ≤ 563); the standing committee's weight lifts it.
  'head-wtl': { sc: [24, 9, 1], dep: [540, 430, 100] },
  'dept-swj': { sc: [14, 16, 4], dep: [580, 400, 100] },
  'head-swj': { sc: [26, 7, 1], dep: [610, 380, 90] },
  // Satisfied or basic: 0.4·18/35 + 0.6·550/1126 = 0.4988, just short of half → 不满意.
  'dept-xfj': { sc: [8, 10, 16], dep: [300, 250, 500] },
  'head-xfj': { sc: [12, 14, 8], dep: [400, 300, 350] },
};

/** The mark voter i of a group gives each subject: the first S satisfied, the next B basic, the next U not. */
function marksOf(i: number, group: 'sc' | 'dep'): Record<string, string> {
  const marks: Record<string, string> = {};
  for (const [id, v] of Object.entries(VOTES)) {
    const [S, B, U] = v[group];
    if (i < S) marks[id] = 'SATISFIED';
    else if (i < S + B) marks[id] = 'BASIC';
    else if (i < S + B + U) marks[id] = 'UNSATISFIED';
  }
  return marks;
}

/**
 * The independent computation of MAJORITY_RULE with weights 4 : 6 over N = 35 and N = 1,126:
 * a weighted share 0.4·x/35 + 0.6·y/1126 is more than ½ exactly when
 * 2·(4·x·1126 + 6·y·35) > 10·35·1126.
 */
function expected(): Array<{ subjectId: string; grade: string; score: number; rank: number; belowThreshold: boolean }> {
  const aboveHalf = (x: number, y: number) => 2 * (4 * x * DEPUTIES + 6 * y * SC_SIZE) > 10 * SC_SIZE * DEPUTIES;
  const share = (x: number, y: number) => 0.4 * (x / SC_SIZE) + 0.6 * (y / DEPUTIES);
  const rows = Object.entries(VOTES).map(([subjectId, { sc, dep }]) => {
    const grade = aboveHalf(sc[0], dep[0]) ? 'SATISFIED' : aboveHalf(sc[0] + sc[1], dep[0] + dep[1]) ? 'BASIC' : 'UNSATISFIED';
    return { subjectId, grade, s: share(sc[0], dep[0]), sb: share(sc[0] + sc[1], dep[0] + dep[1]) };
  });
  const order = ['SATISFIED', 'BASIC', 'UNSATISFIED'];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.grade) - order.indexOf(b.grade) || b.s - a.s || b.sb - a.sb);
  return rows.map((r) => ({
    subjectId: r.subjectId,
    grade: r.grade,
    score: Math.round(r.s * 100 * 100) / 100,
    rank: sorted.indexOf(r) + 1,
    belowThreshold: r.grade === 'UNSATISFIED',
  }));
}

describe.each(databases)('evaluation of departments and their heads over HTTP ($name)', ({ open, name }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('rates 5 departments and 5 heads by 35 members and 1,126 deputies, scores them by weight and opens one rectification', { timeout: 900_000 }, async () => {
    const began = performance.now();
    handle = await open();
    const w: WorkApp = await workApp(handle, '2023-05-08T01:00:00Z');
    const db = handle.db;
    const auth = new Authenticator({ db, secret: 'test-secret', clock: w.clock });
    // The units and one handling user each (they never log in: tokens are signed here).
    const unitUsers = new Map<string, string>();
    for (const u of UNITS) {
      await createUnit(db, 'demo', { id: `unit-${u.key}`, name: u.name, nameEn: u.nameEn }, () => `unit-${u.key}`);
      const user = await createUser(db, 'demo', { id: `demo-eval-${u.key}`, username: `eval-${u.key}`, displayName: `${u.short}联络员`, passwordHash: '!', roles: ['unit'], unitId: `unit-${u.key}` }, () => '');
      unitUsers.set(u.key, user.id);
    }
    const tokens = new Map<string, string>();
    const token = async (user: string) => {
      if (!tokens.has(user)) tokens.set(user, user.startsWith('demo-') ? await auth.issueToken({ id: user, countyId: 'demo' }) : await w.login(user));
      return tokens.get(user) as string;
    };
    const unitUser = (key: string) => unitUsers.get(key) as string;
    const inbox = async (user: string, instanceId: string): Promise<Task[]> =>
      ((await w.call(await token(user), 'GET', '/tasks?mine=1')).body.tasks as Task[]).filter((t) => t.instanceId === instanceId);
    const completeTask = async (user: string, task: Task, outcome: string, data: unknown) => {
      const r = await w.call(await token(user), 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const view = async (id: string) => (await w.call(await token('staff'), 'GET', `/instances/${id}`)).body;
    /** The parallel rating state's regions, e.g. "rating.deputies.deputyTest, standingCommittee.done" (region order varies). */
    const regions = (state: string) => state.replace(/^rating\./, '').split(', ').sort();

    // 1. The plan: 2023, departments and heads together (COMBINED), the county's default scoring and weights.
    const plan = { year: 2023, type: 'COMBINED', subjects: SUBJECTS, contentItems: ['LAW_IMPLEMENTATION', 'PARTY_DECISIONS', 'DUTY_AND_INTEGRITY', 'SERVICE_STYLE'] };
    const started = await w.call(await token('staff'), 'POST', '/definitions/evaluation/instances', { data: plan });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    const [listTask] = await inbox('leader', id);
    await completeTask('leader', listTask as Task, 'PUBLISH_LIST', { publishedOn: '2023-05-10', channels: ['EMAIL', 'STATION'] });

    // 2. Self-reports: each unit has two tasks (自查 for the department, 述职 for its head), due in a month.
    for (const u of UNITS) {
      const tasks = await inbox(unitUser(u.key), id);
      expect(tasks.map((t) => [t.title, t.dueAt]).sort()).toEqual(
        [[`报送自查报告（述职报告）：${u.name}`, '2023-06-08T16:00:00.000Z'], [`报送自查报告（述职报告）：${u.short}主要负责人`, '2023-06-08T16:00:00.000Z']].sort(),
      );
      for (const t of tasks) {
        await completeTask(unitUser(u.key), t, 'SUBMIT_SELF_REPORT', { period: '2022年1月至2023年5月', sections: [{ item: 'DUTY_AND_INTEGRITY', text: '全面完成年度目标任务。' }], problems: '服务企业主动性不够。' });
      }
    }
    expect((await view(id)).state).toBe('research');
    for (const t of await inbox('leader', id)) await completeTask('leader', t, 'SUBMIT_RESEARCH_REPORT', { visits: 6, seminars: 2, findings: '群众反映办事流程仍较繁琐。' });

    // 3. The evaluation meeting on 20 September; the roster is the 1,126 deputies living in the city, 35 of them members.
    w.clock.set('2023-09-20T01:00:00Z');
    tokens.clear();
    await db.deleteFrom('deputies').where('county_id', '=', 'demo').execute();
    const deputies: TestDeputy[] = await addDeputies(db, { countyId: 'demo', count: DEPUTIES, prefix: 'cs', standingCommittee: SC_SIZE, clock: w.clock });
    const [meeting] = await inbox('staff', id);
    await completeTask('staff', meeting as Task, 'OPEN_TEST', { heldOn: '2023-09-20', meeting: 'EVALUATION_MEETING', speeches: 5 });
    expect(regions((await view(id)).state)).toEqual(['deputies.deputyTest', 'standingCommittee.scTest']);

    // 4. Two secret ballots, one per rater group, each with all ten subjects.
    const staff = await token('staff');
    const ballots = (await w.call(staff, 'GET', `/ballots?instance=${id}`)).body.ballots as Array<{ id: string; electorate: string; status: string; candidates: unknown[] }>;
    expect(ballots.map((b) => [b.electorate, b.status, b.candidates.length]).sort()).toEqual([['DEPUTIES', 'ready', 10], ['STANDING_COMMITTEE', 'ready', 10]]);
    const ballotOf = (electorate: string) => (ballots.find((b) => b.electorate === electorate) as { id: string }).id;
    // Sealed secret ballots: the first few voters of each group vote on their phones (sealed, proven, checked by
    // the tellers), the rest on paper in the hall, counted and entered by a teller; the result adds both.
    const sealed = new SealedBallots(w, await tellersOf(w));
    const PHONES = 4;
    const cast = async (ballotId: string, voters: TestDeputy[], group: 'sc' | 'dep') => {
      for (const [i, d] of voters.slice(0, PHONES).entries()) {
        const r = await sealed.cast(d.token, ballotId, marksOf(i, group));
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
    };
    /** What the paper ballots of voters PHONES.. say, as a teller enters them. */
    const paperOf = (returned: number, group: 'sc' | 'dep') => {
      const counts: Record<string, Record<string, number>> = {};
      let blank = 0;
      for (let i = PHONES; i < returned; i++) {
        const marks = marksOf(i, group);
        if (Object.keys(marks).length === 0) blank++;
        for (const [subject, mark] of Object.entries(marks)) {
          const perMark = (counts[subject] ??= {});
          perMark[mark] = (perMark[mark] ?? 0) + 1;
        }
      }
      return { returned: returned - PHONES, invalid: 0, blank, counts };
    };
    const close = async (ballotId: string, returned: number, group: 'sc' | 'dep') => {
      const result = await sealed.closeAndPublish(staff, ballotId, paperOf(returned, group));
      expect(result.sources).toEqual({ electronic: PHONES, paper: returned - PHONES });
      return result.tally;
    };
    const votingBegan = performance.now();
    const sc = ballotOf('STANDING_COMMITTEE');
    const dep = ballotOf('DEPUTIES');
    for (const b of [sc, dep]) {
      await sealed.prepare(staff, b);
      await sealed.open(staff, b);
    }
    await cast(sc, deputies.slice(0, SC_RETURNED), 'sc');
    await cast(dep, deputies.slice(0, DEPUTIES_RETURNED), 'dep');
    const scTally = await close(sc, SC_RETURNED, 'sc');
    expect(scTally).toMatchObject({ status: 'DECIDED', issued: SC_SIZE, returned: SC_RETURNED, valid: SC_RETURNED });
    expect(regions((await view(id)).state)).toEqual(['deputies.deputyTest', 'standingCommittee.done']);
    const depTally = await close(dep, DEPUTIES_RETURNED, 'dep');
    const voting = performance.now() - votingBegan;
    expect(depTally).toMatchObject({ status: 'DECIDED', issued: DEPUTIES, returned: DEPUTIES_RETURNED, valid: DEPUTIES_RETURNED });
    // The ballots counted what was cast.
    for (const [tally, group] of [[scTally, 'sc'], [depTally, 'dep']] as const) {
      expect(tally.candidates.map((c: { candidateId: string; S: number; B: number; U: number }) => [c.candidateId, [c.S, c.B, c.U]])).toEqual(
        Object.entries(VOTES).map(([subject, v]) => [subject, v[group]]),
      );
    }

    // 5. Scored by weight: grade, score and rank of every subject as computed above.
    const scored = await view(id);
    expect(scored.state).toBe('resultsPublished');
    const evaluation = scored.context.evaluation;
    expect([evaluation.ok, evaluation.model]).toEqual([true, 'MAJORITY_RULE']);
    const want = expected();
    expect(evaluation.subjects.map((s: { subjectId: string; grade: string; score: number; rank: number; belowThreshold: boolean }) => ({
      subjectId: s.subjectId,
      grade: s.grade,
      score: s.score,
      rank: s.rank,
      belowThreshold: s.belowThreshold,
    }))).toEqual(want);
    expect(want.filter((s) => s.grade === 'SATISFIED')).toHaveLength(6);
    expect(want.find((s) => s.subjectId === 'head-wtl')?.grade).toBe('SATISFIED');
    expect(evaluation.belowThreshold).toEqual(['dept-xfj']);
    expect(evaluation.ranking).toEqual([...want].sort((a, b) => a.rank - b.rank).map((s) => s.subjectId));

    // 6. Results published; opinions to every subject on 16 October; 信访局 (不满意) rectifies within three months.
    const [publish] = await inbox('staff', id);
    await completeTask('staff', publish as Task, 'PUBLISH_RESULTS', { publishedOn: '2023-09-21', channels: ['MEETING', 'NEWSPAPER'], reportedToPartyCommittee: true });
    w.clock.set('2023-10-16T02:00:00Z');
    tokens.clear();
    const opinions = await inbox('leader', id);
    expect(opinions).toHaveLength(10);
    for (const t of opinions) await completeTask('leader', t, 'ISSUE_OPINIONS', { opinions: [{ no: 1, text: '进一步优化办事流程。' }], issuedOn: '2023-10-16' });
    const rectifying = await view(id);
    expect(rectifying.state).toBe('rectification');
    expect(rectifying.context.closedSubjects.map((s: { id: string }) => s.id)).toEqual(SUBJECTS.map((s) => s.id).filter((s) => s !== 'dept-xfj'));
    const rectification = await inbox(unitUser('xfj'), id);
    expect(rectification.map((t) => [t.title, t.dueAt])).toEqual([['整改并报告：市信访局', '2024-01-16T16:00:00.000Z']]);
    for (const u of UNITS.filter((u) => u.key !== 'xfj')) expect(await inbox(unitUser(u.key), id)).toEqual([]);

    const done = await completeTask(unitUser('xfj'), rectification[0] as Task, 'SUBMIT_RECTIFICATION', {
      opinionResponses: [{ opinionNo: 1, measure: '推行信访事项网上办理、限时办结。', status: 'DONE' }],
      signedBy: '信访局局长',
    });
    expect(done.state).toBe('closed');
    console.info(`evaluation over HTTP on ${name}: ${SC_RETURNED + DEPUTIES_RETURNED} votes in ${(voting / 1000).toFixed(1)} s, whole test ${((performance.now() - began) / 1000).toFixed(1)} s`);
  });
});
