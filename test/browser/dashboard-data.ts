/**
 * A few deputies' suggestions driven to conclusion through the API (as test/api/statistics.test.ts
 * does, without a simulated clock), for the dashboard's browser test: three in two categories,
 * answered A, B and A and rated 满意, 基本满意, 满意, and one registered and still in handling.
 */
type Call = (token: string | null, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

const answer = (resultCode: string, signerId: string) => ({
  docNo: '示公函〔2026〕1号',
  resultCode,
  body: '答复正文。',
  contactPerson: '赵强',
  contactPhone: '0571-88881234',
  signerId,
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: false,
  ...(resultCode === 'A' ? {} : { commitments: [{ text: '年底前完成', dueDate: '2026-12-31' }] }),
});
const consult = { date: '2026-03-03', mode: 'FACE_TO_FACE', summary: '当面沟通办理思路。' };

export async function driveSuggestions(call: Call, login: (user: string) => Promise<string>): Promise<void> {
  const tokens = new Map<string, string>();
  const token = async (user: string) => {
    const t = tokens.get(user) ?? (await login(user));
    tokens.set(user, t);
    return t;
  };
  const ok = (r: { status: number; body: any }, what: string) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  const act = async (user: string, id: string, outcome: string, data?: unknown) => {
    const list = ok(await call(await token(user), 'GET', '/tasks?mine=1&limit=500'), 'tasks');
    const view = ok(await call(await token('staff'), 'GET', `/instances/${id}`), 'instance').body;
    const mine = new Set<string>([id, ...(view.children ?? []).map((c: { id: string }) => c.id)]);
    const task = list.body.tasks.find((t: { instanceId: string; outcomes: Array<{ event: string }> }) => mine.has(t.instanceId) && t.outcomes.some((o) => o.event === outcome));
    if (!task) throw new Error(`${user} has no task ${outcome} on ${id}`);
    ok(await call(await token(user), 'POST', `/tasks/${task.id}/complete`, { outcome, data }), `${user} ${outcome}`);
  };
  const start = async (deputy: string, data: Record<string, unknown>) =>
    ok(
      await call(await token(deputy), 'POST', '/definitions/suggestion/instances', {
        data: { title: `关于${String(data.sourceCode)}的建议`, body: '建议内容。', leadDeputyId: `demo-${deputy}`, ...data },
      }),
      'start',
    ).body.id as string;
  const conclude = async (deputy: string, source: string, category: string, unit: string, unitUser: string, result: string, rating: string) => {
    const id = await start(deputy, { origin: 'SESSION', sourceCode: source });
    await act('staff', id, 'ACCEPT', { categoryCode: category });
    await act('staff', id, 'PROPOSE_ASSIGNMENT', { viaGovOffice: false, supervisionLevel: 'GENERAL', mode: 'SINGLE', leadUnitId: unit });
    await act('staff', id, 'APPROVE_ASSIGNMENT', {});
    await act(unitUser, id, 'ACCEPT');
    await act(unitUser, id, 'LOG_CONSULTATION', consult);
    await act(unitUser, id, 'START_DRAFT');
    await act(unitUser, id, 'SUBMIT_ANSWER', answer(result, `demo-${unitUser}`));
    await act(deputy, id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: rating });
    return id;
  };
  await conclude('deputy1', 'RESEARCH', 'EDU_SCI_CULT_HEALTH_SPORT', 'unit-housing', 'unit1', 'A', 'SATISFIED');
  await conclude('deputy2', 'INSPECTION', 'EDU_SCI_CULT_HEALTH_SPORT', 'unit-education', 'unit2', 'B', 'BASIC');
  await conclude('deputy3', 'VISIT', 'TRANSPORT_POST_TELECOM', 'unit-housing', 'unit1', 'A', 'SATISFIED');
  const open = await start('deputy5', { origin: 'SESSION', sourceCode: 'GROUP_ACTIVITY' });
  await act('staff', open, 'ACCEPT', { categoryCode: 'AGRI_FOREST_WATER' });
}
