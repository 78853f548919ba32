import { describe, expect, it } from 'vitest';
import { applyOverlays, checkPackage, diffPackages, type DefinitionChange, type ProcessPackage } from '../../runtime/engine/index.ts';
import {
  answerOverlay,
  consultedOnField,
  countyFeedback,
  danglingTarget,
  loadAssignment,
  MAIN,
  mainStates,
  meetingOverlay,
  meetingRecordForm,
  meetingState,
  provinceFeedback,
  removeRehandling,
} from '../fixtures/county-overlays.ts';

const base = loadAssignment();
const apply = (...patches: unknown[]): ProcessPackage =>
  applyOverlays(base, patches.map((patch, i) => ({ level: ['province', 'city', 'county'][i] ?? 'county', patch })));
/** Kind, pointer, before, after: what a test pins down besides the wording. */
const shape = (changes: DefinitionChange[]) => changes.map(({ kind, pointer, before, after }) => ({ kind, pointer, before, after }));

const AF = `${MAIN}/awaitingFeedback`;

describe('diffPackages', () => {
  it('finds nothing between a package and itself (or an equal copy)', () => {
    expect(diffPackages(base, base)).toEqual([]);
    expect(diffPackages(base, apply({}))).toEqual([]);
    // `{target}` and the string shorthand are the same transition.
    expect(diffPackages(base, apply(mainStates({ handling: { states: { consulting: { on: { START_DRAFT: 'drafting' } } } } })))).toEqual([]);
  });

  it('province changes the feedback window; the county overrides it again', () => {
    const province = apply(provinceFeedback);
    const county = apply(provinceFeedback, countyFeedback);
    expect(diffPackages(base, province)).toEqual([
      {
        kind: 'delay-changed',
        pointer: '/delays/feedbackWindow',
        summary_zh: '期限 feedbackWindow 由 P10D 改为 20 个工作日',
        summary_en: 'Delay feedbackWindow changed from P10D to 20 working days',
        before: 'P10D',
        after: { workingDays: 20 },
      },
    ]);
    // The county's version against its parent's, and against the base.
    expect(diffPackages(province, county)).toEqual([
      {
        kind: 'delay-changed',
        pointer: '/delays/feedbackWindow',
        summary_zh: '期限 feedbackWindow 由 20 个工作日 改为 P15D',
        summary_en: 'Delay feedbackWindow changed from 20 working days to P15D',
        before: { workingDays: 20 },
        after: 'P15D',
      },
    ]);
    expect(shape(diffPackages(base, county))).toEqual([
      { kind: 'delay-changed', pointer: '/delays/feedbackWindow', before: 'P10D', after: 'P15D' },
    ]);
  });

  it('a new field and a new enum option on the answer form', () => {
    expect(diffPackages(base, apply(answerOverlay))).toEqual([
      {
        kind: 'field-added',
        pointer: '/forms/answer/properties/consultedOn',
        summary_zh: '表单“答复函”（answer）新增字段“与代表面商日期”（consultedOn）（必填）',
        summary_en: 'Field "Date consulted with the deputy" (consultedOn) of form "Answer letter" (answer) added (required)',
        after: consultedOnField,
      },
      {
        kind: 'field-changed',
        pointer: '/forms/answer/properties/resultCode',
        summary_zh: '表单“答复函”（answer）的字段“办理结果分类”（resultCode）：选项由 A、B、C 改为 A、B、C、D',
        summary_en: 'Field "Result category" (resultCode) of form "Answer letter" (answer): options from A, B, C to A, B, C, D',
        before: { options: ['A', 'B', 'C'] },
        after: { options: ['A', 'B', 'C', 'D'] },
      },
      {
        kind: 'setting-changed',
        pointer: '/settings/resultTaxonomy',
        summary_zh: '设置 resultTaxonomy 由 CHENGDU_3 改为 FOUR_LEVEL_AD',
        summary_en: 'Setting resultTaxonomy changed from CHENGDU_3 to FOUR_LEVEL_AD',
        before: 'CHENGDU_3',
        after: 'FOUR_LEVEL_AD',
      },
    ]);
  });

  it('a new state with a transition into it and a task outcome for it', () => {
    const changes = diffPackages(base, apply(meetingOverlay));
    expect(shape(changes)).toEqual([
      { kind: 'form-added', pointer: '/forms/meetingRecord', before: undefined, after: meetingRecordForm },
      {
        kind: 'task-changed',
        pointer: `${MAIN}/escalated/meta/task/outcomes`,
        before: { ESCALATION_RESOLVED: 'feedback', CLOSE_AS_EXPLAINED: 'escalationClose' },
        after: { ESCALATION_RESOLVED: 'feedback', CLOSE_AS_EXPLAINED: 'escalationClose', ARRANGE_MEETING: 'meetingRecord' },
      },
      { kind: 'transition-added', pointer: `${MAIN}/escalated/on/ARRANGE_MEETING`, before: undefined, after: { target: 'meeting' } },
      { kind: 'state-added', pointer: `${MAIN}/meeting`, before: undefined, after: meetingState },
    ]);
    expect(changes.map((c) => c.summary_zh)).toEqual([
      '新增表单“约见记录”（meetingRecord）',
      '状态“督办”（active.main.escalated）任务的办理结果由 ESCALATION_RESOLVED→feedback、CLOSE_AS_EXPLAINED→escalationClose 改为 ESCALATION_RESOLVED→feedback、CLOSE_AS_EXPLAINED→escalationClose、ARRANGE_MEETING→meetingRecord',
      '状态“督办”（active.main.escalated）新增事件 ARRANGE_MEETING 的转移，目标 meeting',
      '新增状态“约见面谈”（active.main.meeting）',
    ]);
    expect(changes.map((c) => c.summary_en)).toEqual([
      'Form "Meeting record" (meetingRecord) added',
      'State "Escalated" (active.main.escalated): task outcomes changed from ESCALATION_RESOLVED→feedback, CLOSE_AS_EXPLAINED→escalationClose to ESCALATION_RESOLVED→feedback, CLOSE_AS_EXPLAINED→escalationClose, ARRANGE_MEETING→meetingRecord',
      'Transition on event ARRANGE_MEETING added to state "Escalated" (active.main.escalated), target meeting',
      'State "Meeting" (active.main.meeting) added',
    ]);
  });

  it('a removed state is one change (its own transitions go with it)', () => {
    const removed = base.machine.states.active!.states!.main!.states!.rehandling;
    expect(diffPackages(base, apply(removeRehandling))).toEqual([
      {
        kind: 'state-removed',
        pointer: `${MAIN}/rehandling`,
        summary_zh: '删除状态“重新办理”（active.main.rehandling）',
        summary_en: 'State "Re-handling" (active.main.rehandling) removed',
        before: removed,
      },
    ]);
  });

  it('a changed target', () => {
    expect(diffPackages(base, apply(danglingTarget))).toEqual([
      {
        kind: 'transition-changed',
        pointer: `${MAIN}/escalated/on/CLOSE_AS_EXPLAINED`,
        summary_zh: '状态“督办”（active.main.escalated）事件 CLOSE_AS_EXPLAINED 的转移：目标由 closed 改为 archived',
        summary_en: 'Transition on event CLOSE_AS_EXPLAINED of state "Escalated" (active.main.escalated): target from closed to archived',
        before: { target: 'closed' },
        after: { target: 'archived' },
      },
    ]);
  });

  it('labels, tasks, guarded branches, required, other field keywords, settings, roles', () => {
    const feedback = base.machine.states.active!.states!.main!.states!.awaitingFeedback!.on!.FEEDBACK as unknown[];
    const answer = base.forms.answer as { required: string[] };
    // A county rewords a category in the taxonomy's declaration (its one home); the answer form's choice follows.
    const categories = base.settingsInfo!.resultTaxonomy!.options!.CHENGDU_3!.categories!.map((c) => (c.code === 'C' ? { ...c, title: '暂时难以解决' } : c));
    const pkg = apply({
      settingsInfo: { resultTaxonomy: { options: { CHENGDU_3: { categories } } } },
      title: '承办单位办理代表建议（某县）',
      roles: ['unit', 'staff', 'deputy', 'leader'],
      settings: { splitRating: true, rehandleOn: null },
      forms: {
        answer: {
          'x-ui': { label_en: 'Answer' },
          required: answer.required.filter((f) => f !== 'sealed'),
          properties: { contactPhone: { pattern: '^[0-9-]{7,20}$' } },
        },
      },
      ...mainStates({
        awaitingFeedback: {
          meta: { title: '代表评价', task: { due: 'rehandlePeriod', title_en: 'Rate the answer letter: {context.title}' } },
          on: { FEEDBACK: feedback.slice(0, 2) }, // the whole array, without its last branch
          after: { feedbackWindow: { target: 'closed' } },
        },
        closed: { meta: { title_en: 'Done' } },
        pendingAcceptance: { on: { ACCEPT: { guard: { type: 'logic', params: { rule: true } } } } },
      }),
    });
    // Valid: closedNoFeedback keeps a way in from awaitingRatings (several raters, 并案) when the single rater's window no longer leads there.
    expect(checkPackage(pkg).map((e) => [e.code, e.pointer])).toEqual([]);
    const changes = diffPackages(base, pkg);
    expect(shape(changes)).toEqual([
      { kind: 'field-changed', pointer: '/forms/answer/properties/contactPhone', before: { pattern: '^[0-9+()\\- ]{5,30}$' }, after: { pattern: '^[0-9-]{7,20}$' } },
      { kind: 'label-changed', pointer: '/forms/answer/properties/resultCode/oneOf/2/title', before: '受客观条件限制暂时难以解决，留作参考', after: '暂时难以解决' },
      { kind: 'field-changed', pointer: '/forms/answer/properties/sealed', before: { required: true }, after: { required: false } },
      { kind: 'label-changed', pointer: '/forms/answer/x-ui/label_en', before: 'Answer letter', after: 'Answer' },
      { kind: 'transition-changed', pointer: `${AF}/after/feedbackWindow`, before: { target: 'closedNoFeedback' }, after: { target: 'closed' } },
      { kind: 'task-changed', pointer: `${AF}/meta/task/due`, before: 'feedbackWindow', after: 'rehandlePeriod' },
      { kind: 'label-changed', pointer: `${AF}/meta/task/title_en`, before: 'Rate the answer: {context.title}', after: 'Rate the answer letter: {context.title}' },
      { kind: 'label-changed', pointer: `${AF}/meta/title`, before: '征询代表意见', after: '代表评价' },
      { kind: 'transition-removed', pointer: `${AF}/on/FEEDBACK/2`, before: feedback[2], after: undefined },
      { kind: 'label-changed', pointer: `${MAIN}/closed/meta/title_en`, before: 'Closed', after: 'Done' },
      { kind: 'transition-changed', pointer: `${MAIN}/pendingAcceptance/on/ACCEPT`, before: {}, after: { guard: { type: 'logic', params: { rule: true } } } },
      { kind: 'other-changed', pointer: '/roles', before: ['unit', 'staff', 'deputy'], after: ['unit', 'staff', 'deputy', 'leader'] },
      { kind: 'setting-changed', pointer: '/settings/rehandleOn', before: ['UNSATISFIED'], after: undefined },
      { kind: 'setting-changed', pointer: '/settings/splitRating', before: false, after: true },
      { kind: 'other-changed', pointer: '/settingsInfo', before: base.settingsInfo, after: pkg.settingsInfo },
      { kind: 'label-changed', pointer: '/title', before: '承办单位办理代表建议', after: '承办单位办理代表建议（某县）' },
    ]);
    const zh = Object.fromEntries(changes.map((c) => [c.pointer, c.summary_zh]));
    expect(zh[`${AF}/meta/title`]).toBe('状态 active.main.awaitingFeedback 的名称由“征询代表意见”改为“代表评价”');
    expect(zh['/forms/answer/properties/sealed']).toBe('表单“答复函”（answer）的字段“已加盖公章”（sealed）：改为选填');
    expect(zh[`${AF}/on/FEEDBACK/2`]).toBe('状态“征询代表意见”（active.main.awaitingFeedback）删除事件 FEEDBACK 的转移（第 3 个分支）');
    const en = Object.fromEntries(changes.map((c) => [c.pointer, c.summary_en]));
    expect(en['/forms/answer/properties/resultCode/oneOf/2/title']).toBe(
      'Title of option C of field resultCode of form answer changed from "受客观条件限制暂时难以解决，留作参考" to "暂时难以解决"',
    );
    expect(en[`${AF}/meta/task/due`]).toBe('State "Awaiting feedback" (active.main.awaitingFeedback): task due changed from feedbackWindow to rehandlePeriod');
    expect(en['/roles']).toBe('/roles changed');
  });

  it('delays added and removed, a field removed, a form removed', () => {
    const pkg = apply({
      delays: { answerReminder: null, consultationDue: { at: 'context.dueAt' } },
      forms: { rejection: null, answer: { properties: { assistOpinionsSummary: null } } },
    });
    expect(shape(diffPackages(base, pkg)).map(({ kind, pointer }) => [kind, pointer])).toEqual([
      ['delay-removed', '/delays/answerReminder'],
      ['delay-added', '/delays/consultationDue'],
      ['field-removed', '/forms/answer/properties/assistOpinionsSummary'],
      ['form-removed', '/forms/rejection'],
    ]);
    expect(diffPackages(base, pkg)[1]).toMatchObject({
      summary_zh: '新增期限 consultationDue：context.dueAt 所指时间',
      summary_en: 'Delay consultationDue added: the time in context.dueAt',
    });
  });

  it('is deterministic, sorted by pointer, and leaves its inputs alone', () => {
    const county = apply(provinceFeedback, answerOverlay, meetingOverlay);
    const [b, c] = [JSON.stringify(base), JSON.stringify(county)];
    const first = diffPackages(base, county);
    expect(diffPackages(base, county)).toEqual(first);
    expect(first.map((x) => x.pointer)).toEqual([
      '/delays/feedbackWindow',
      '/forms/answer/properties/consultedOn',
      '/forms/answer/properties/resultCode',
      '/forms/meetingRecord',
      `${MAIN}/escalated/meta/task/outcomes`,
      `${MAIN}/escalated/on/ARRANGE_MEETING`,
      `${MAIN}/meeting`,
      '/settings/resultTaxonomy',
    ]);
    expect([JSON.stringify(base), JSON.stringify(county)]).toEqual([b, c]);
  });
});
