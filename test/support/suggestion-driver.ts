/**
 * Drives deputies' suggestions through the HTTP API as the people would (start, then each
 * person's own task by its outcome), for the statistics, report and dashboard tests: one home
 * for the answer letter, the consultation and the task lookup they all need.
 */
type Call = (token: string | null, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * A unit's answer letter with result `resultCode` (B and C carry a commitment). No 文号 and no
 * 签发人: the number is allocated and the signer recorded when the letter is signed (SUBMIT_ANSWER).
 */
export const answer = (resultCode: string) => ({
  resultCode,
  body: '答复正文。',
  contactPerson: '赵强',
  contactPhone: '0571-88881234',
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: false,
  ...(resultCode === 'A' ? {} : { commitments: [{ text: '年底前完成', dueDate: '2026-12-31' }] }),
});

export const consult = { date: '2026-03-03', mode: 'FACE_TO_FACE', summary: '当面沟通办理思路。' };

export interface SuggestionDriver {
  token(user: string): Promise<string>;
  /** Complete `user`'s task with `outcome` on suggestion `id` (its own task or its child's); throws when there is none or it is refused. */
  act(user: string, id: string, outcome: string, data?: unknown): Promise<void>;
  /**
   * The unit's letter through 拟稿 → 审核 → 签发: `clerk` drafts (SUBMIT_DRAFT), `reviewer` approves
   * (APPROVE_DRAFT), `signer` signs (SUBMIT_ANSWER). A demo unit user holds all three positions,
   * so one name may do all three.
   */
  issue(clerk: string, id: string, letter: unknown, reviewer?: string, signer?: string): Promise<void>;
  /**
   * After the assignment: `unit` accepts suggestion `id`, consults (`consultation`, default
   * `consult`), drafts and issues its letter (`answer(resultCode)`, default A), and `deputy` rates
   * it (`rating`, default 满意). The suggestion is then concluded where the county's suggestions
   * conclude on the rating, or waits for the office's review (常态督办) in a county whose overlay
   * checks its general suggestions (常熟).
   */
  answerAndRate(unit: string, deputy: string, id: string, opts?: { resultCode?: string; rating?: string; consultation?: unknown }): Promise<void>;
  /**
   * A registered suggestion to its unit's signed answer `letter`: the office assigns it to
   * 县住房和城乡建设局 alone and approves, the unit's clerk `unit1` signs for it, consults, drafts and
   * issues the letter (拟稿 → 审核 → 签发 by the same clerk).
   */
  answerBy(id: string, letter: unknown): Promise<void>;
  /** `deputy` starts a suggestion with `data` over the defaults; its id. */
  start(deputy: string, data: Record<string, unknown>): Promise<string>;
  /** Forget every token (after the clock moved past their lifetime): the next call logs in again. */
  forget(): void;
}

export function suggestionDriver(call: Call, login: (user: string) => Promise<string>): SuggestionDriver {
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
    let list = await call(await token(user), 'GET', '/tasks?mine=1&limit=500');
    if (list.status === 401) {
      // Tokens live 12 h: a test that moved its clock past that logs in again.
      tokens.delete(user);
      list = await call(await token(user), 'GET', '/tasks?mine=1&limit=500');
    }
    ok(list, 'tasks');
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
  const issue = async (clerk: string, id: string, letter: unknown, reviewer = clerk, signer = reviewer) => {
    await act(clerk, id, 'SUBMIT_DRAFT', letter);
    await act(reviewer, id, 'APPROVE_DRAFT');
    await act(signer, id, 'SUBMIT_ANSWER');
  };
  /** `unit` signs for it, consults, drafts and issues `letter`. */
  const signConsultIssue = async (unit: string, id: string, letter: unknown, consultation: unknown = consult) => {
    await act(unit, id, 'ACCEPT');
    await act(unit, id, 'LOG_CONSULTATION', consultation);
    await act(unit, id, 'START_DRAFT');
    await issue(unit, id, letter);
  };
  const answerAndRate: SuggestionDriver['answerAndRate'] = async (unit, deputy, id, opts = {}) => {
    await signConsultIssue(unit, id, answer(opts.resultCode ?? 'A'), opts.consultation ?? consult);
    await act(deputy, id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: opts.rating ?? 'SATISFIED' });
  };
  const answerBy = async (id: string, letter: unknown) => {
    await act('staff', id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', id, 'APPROVE_ASSIGNMENT', {});
    await signConsultIssue('unit1', id, letter);
  };
  return { token, act, issue, answerAndRate, answerBy, start, forget: () => tokens.clear() };
}
