/**
 * Broken packages, at least one per checker code (runtime/engine/check-codes.ts): each is the
 * mini package with one thing broken, and the checker must name that code at that pointer,
 * never throw. The list started as test/engine/check.test.ts's fixtures.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_CODES, checkPackage, type ProcessPackage } from '../../runtime/engine/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';

type Mutation = (p: ProcessPackage & Record<string, unknown>) => void;
// The machine JSON as loose data, to break it in ways the types would not allow.
const states = (p: ProcessPackage) => p.machine.states as Record<string, Record<string, unknown>>;
const review = (p: ProcessPackage) => states(p).review as { on: Record<string, unknown>; meta: { task: Record<string, unknown> } };
const draft = (p: ProcessPackage) => states(p).draft as { on: Record<string, unknown> };

/** Broken packages: [name, mutation, expected code, expected pointer]. */
const broken: Array<[string, Mutation, string, string]> = [
  ['missing id', (p) => void delete (p as Partial<ProcessPackage>).id, 'INVALID_PACKAGE', '/id'],
  ['invoke in a state', (p) => void (states(p).review!.invoke = { src: 'x' }), 'INVALID_PACKAGE', '/machine/states/review/invoke'],
  ['role outside the county roles', (p) => void (p.roles = ['staff', 'mayor' as never]), 'INVALID_PACKAGE', '/roles/1'],
  ['form schema that does not compile', (p) => void (p.forms.opinion = { type: 'object', properties: { text: { type: 'strin' } } }), 'FORM_SCHEMA_INVALID', '/forms/opinion'],
  ['outcome with an unknown form', (p) => void (review(p).meta.task.outcomes = { ACCEPT: 'nosuchform', REJECT: null }), 'UNKNOWN_FORM', '/machine/states/review/meta/task/outcomes/ACCEPT'],
  ['unknown start form', (p) => void (p.start = { form: 'nope', roles: ['deputy'] }), 'UNKNOWN_FORM', '/start/form'],
  ['after with an unknown delay', (p) => void (states(p).opinions!.after = { foreverAndADay: 'done' }), 'UNKNOWN_DELAY', '/machine/states/opinions/after/foreverAndADay'],
  ['task due with an unknown delay', (p) => void (review(p).meta.task.due = 'nextWeek'), 'UNKNOWN_DELAY', '/machine/states/review/meta/task/due'],
  ['message naming the deadline of an unknown delay', (p) => void (review(p).on.ACCEPT = { target: 'opinions', actions: [{ type: 'notify', params: { role: 'staff', message: '请于{deadline:nextWeek}前办理' } }] }), 'UNKNOWN_DELAY', '/machine/states/review/on/ACCEPT/actions/0/params/message'],
  ['message with the date of a path outside context', (p) => void (review(p).on.ACCEPT = { target: 'opinions', actions: [{ type: 'notify', params: { role: 'staff', message: 'ok', message_en: 'by {date:window.x}' } }] }), 'INVALID_PATH', '/machine/states/review/on/ACCEPT/actions/0/params/message_en'],
  ['malformed ISO duration', (p) => void (p.delays.review = 'P3X'), 'INVALID_DELAY', '/delays/review'],
  ['unknown guard', (p) => void (review(p).on.ACCEPT = { target: 'opinions', guard: { type: 'isMayor' } }), 'UNKNOWN_GUARD', '/machine/states/review/on/ACCEPT/guard/type'],
  ['unknown action', (p) => void (review(p).on.ACCEPT = { target: 'opinions', actions: [{ type: 'sendEmail' }] }), 'UNKNOWN_ACTION', '/machine/states/review/on/ACCEPT/actions/0/type'],
  ['bad JSON Logic operator', (p) => void (review(p).on.ACCEPT = { target: 'opinions', guard: { type: 'logic', params: { rule: { eval: ['1'] } } } }), 'INVALID_LOGIC', '/machine/states/review/on/ACCEPT/guard/params/rule'],
  ['task role not in the package', (p) => void (review(p).meta.task.role = 'leader'), 'UNKNOWN_ROLE', '/machine/states/review/meta/task/role'],
  ['dangling target', (p) => void (review(p).on.ACCEPT = 'nowhere'), 'UNKNOWN_TARGET', '/machine/states/review/on/ACCEPT/target'],
  ['unreachable state', (p) => void (states(p).limbo = { type: 'final' }), 'UNREACHABLE_STATE', '/machine/states/limbo'],
  ['dead-end state', (p) => void ((states(p).draft as Record<string, unknown>).on = { SUBMIT: 'stuck' }, (states(p).stuck = {}), (states(p).review as Record<string, unknown>).on = { ACCEPT: 'opinions', REJECT: 'rejected', GO: 'review' }), 'NO_WAY_OUT', '/machine/states/stuck'],
  ['task without outcomes', (p) => void (review(p).meta.task.outcomes = {}), 'TASK_WITHOUT_OUTCOMES', '/machine/states/review/meta/task/outcomes'],
  ['outcome no transition handles', (p) => void (review(p).meta.task.outcomes = { ACCEPT: null, REJECT: null, ESCALATE: null }), 'OUTCOME_NOT_HANDLED', '/machine/states/review/meta/task/outcomes/ESCALATE'],
  ['initial state that is not a child', (p) => void (p.machine.initial = 'drafting'), 'UNKNOWN_INITIAL', '/machine/initial'],
  ['path outside context/event/item', (p) => void (review(p).on.ACCEPT = { target: 'opinions', actions: [{ type: 'setValue', params: { to: 'window.location', value: 1 } }] }), 'INVALID_PATH', '/machine/states/review/on/ACCEPT/actions/0/params/to'],
  ['serial recorded in a list outside context', (p) => void (review(p).on.ACCEPT = { target: 'opinions', actions: [{ type: 'allocateSerial', params: { scope: 'letter', format: '函{n}号', to: 'context.letter.no', recordIn: 'event.data.letters' } }] }), 'INVALID_PATH', '/machine/states/review/on/ACCEPT/actions/0/params/recordIn'],
  ['unknown task action', (p) => void (review(p).meta.task.actions = { forward: { roles: ['staff'] } }), 'UNKNOWN_TASK_ACTION', '/machine/states/review/meta/task/actions/forward'],
  ['task action for a role the package does not declare', (p) => void (p.taskActions = { urge: { roles: ['staff', 'leader'] } }), 'UNKNOWN_ROLE', '/taskActions/urge/roles/1'],
  ['send-back event no transition takes', (p) => void (review(p).meta.task.actions = { sendBack: { roles: ['staff'], event: 'SEND_BACK' } }), 'SEND_BACK_NOT_DECLARED', '/machine/states/review/meta/task/actions/sendBack/event'],
  ['reminder without due', (p) => void delete review(p).meta.task.due, 'REMINDER_WITHOUT_DUE', '/machine/states/review/meta/task/remindBefore'],
  ['final state with a task', (p) => void ((states(p).done as Record<string, unknown>).meta = { task: { role: 'staff', title: 'x', outcomes: { A: null } } }), 'FINAL_WITH_TRANSITIONS', '/machine/states/done'],
  ['no start for a top-level process', (p) => void delete (p as Partial<ProcessPackage>).start, 'MISSING_START', '/start'],
  ['delay key with a dot', (p) => void (p.delays['a.b'] = 'P1D'), 'INVALID_PACKAGE', '/delays/a.b'],
  ['fractional working days', (p) => void (p.delays.opinionPeriod = { workingDays: 2.5 }), 'INVALID_DELAY', '/delays/opinionPeriod/workingDays'],
  ['ballot with an unknown electorate', (p) => void ((review(p) as Record<string, any>).meta.ballot = { title: 't', electorate: 'EVERYONE', kind: 'CHOOSE_K', candidates: 'context.unitIds' }), 'INVALID_BALLOT', '/machine/states/review/meta/ballot/electorate'],
  ['ballot whose result no transition takes', (p) => void ((review(p) as Record<string, any>).meta.ballot = { title: 't', electorate: 'DEPUTIES', kind: 'SATISFACTION', candidates: 'context.unitIds' }), 'OUTCOME_NOT_HANDLED', '/machine/states/review/meta/ballot'],
  ['ballot without candidates or spec', (p) => void ((review(p) as Record<string, any>).meta.ballot = { title: 't', electorate: 'DEPUTIES' }), 'INVALID_BALLOT', '/machine/states/review/meta/ballot'],
];

/** Broken in ways an outside audit found the checker let through or crashed on, and the newer codes. */
broken.push(
  ['transition that is null', (p) => void (review(p).on.ACCEPT = null), 'INVALID_TRANSITION', '/machine/states/review/on/ACCEPT'],
  ['transition that is a number', (p) => void (review(p).on.ACCEPT = 5), 'INVALID_TRANSITION', '/machine/states/review/on/ACCEPT'],
  ['misspelt transition key', (p) => void (review(p).on.ACCEPT = { targte: 'opinions' }), 'INVALID_TRANSITION', '/machine/states/review/on/ACCEPT/targte'],
  ['transition list with a number in it', (p) => void (review(p).on.REJECT = ['rejected', 7]), 'INVALID_TRANSITION', '/machine/states/review/on/REJECT/1'],
  ['guard that is a number', (p) => void (review(p).on.ACCEPT = { target: 'opinions', guard: 3 }), 'INVALID_PACKAGE', '/machine/states/review/on/ACCEPT/guard'],
  ['delay in milliseconds', (p) => void ((p.delays as Record<string, unknown>).review = 864000000), 'INVALID_DELAY', '/delays/review'],
  ['misspelt working days', (p) => void ((p.delays as Record<string, unknown>).opinionPeriod = { workingDay: 7 }), 'INVALID_DELAY', '/delays/opinionPeriod'],
  ['delay with both working days and at', (p) => void ((p.delays as Record<string, unknown>).opinionPeriod = { workingDays: 7, at: 'context.x' }), 'INVALID_DELAY', '/delays/opinionPeriod'],
  ['a state with its own id', (p) => void (states(p).review!.id = 'rev'), 'CUSTOM_STATE_ID', '/machine/states/review/id'],
  ['children without an initial state', (p) => void (states(p).review = { ...states(p).review, states: { a: { on: { X: 'b' } }, b: { type: 'final' } } }), 'MISSING_INITIAL', '/machine/states/review'],
  ['form with a misspelt keyword', (p) => void (p.forms.opinion = { type: 'object', properties: { text: { type: 'string', minLenght: 1 } } }), 'FORM_KEYWORD_UNSUPPORTED', '/forms/opinion/properties/text/minLenght'],
  ['form with a dynamic reference', (p) => void (p.forms.opinion = { type: 'object', $dynamicAnchor: 'node', properties: { next: { $dynamicRef: '#node' } } }), 'FORM_KEYWORD_UNSUPPORTED', '/forms/opinion/properties/next/$dynamicRef'],
  ['form that is not an object', (p) => void (p.forms.opinion = { type: 'string' }), 'FORM_NOT_OBJECT', '/forms/opinion/type'],
  ['scoring with no groups', (p) => void (review(p).on.ACCEPT = { target: 'opinions', actions: [{ type: 'scoreEvaluation', params: { to: 'context.score', groups: [], model: 'WEIGHTED_SCORE' } }] }), 'INVALID_ACTION', '/machine/states/review/on/ACCEPT/actions/0/params/groups'],
  ['an unguarded eventless cycle', (p) => void ((draft(p).on.SUBMIT = 'b'), (states(p).b = { always: 'c' }), (states(p).c = { always: { target: 'b', actions: [{ type: 'increment', params: { to: 'context.rounds' } }] } })), 'EVENTLESS_CYCLE', '/machine/states/b/always'],
  ['an eventless self-loop that re-enters', (p) => void ((draft(p).on.SUBMIT = 'spin'), (states(p).spin = { always: { target: 'spin', reenter: true } })), 'EVENTLESS_CYCLE', '/machine/states/spin/always'],
  ['an eventless targetless transition that changes the context forever', (p) => void ((draft(p).on.SUBMIT = 'spin'), (states(p).spin = { on: { X: 'done' }, always: { actions: [{ type: 'increment', params: { to: 'context.rounds' } }] } })), 'EVENTLESS_CYCLE', '/machine/states/spin/always'],
  ['a cycle through a compound state\'s initial child', (p) => void ((draft(p).on.SUBMIT = 'outer'), (states(p).outer = { initial: 'inner', states: { inner: { always: '#mini.back' } } }), (states(p).back = { always: 'outer' })), 'EVENTLESS_CYCLE', '/machine/states/outer/states/inner/always'],
  ['history state with transitions', (p) => void (states(p).review = { ...states(p).review, initial: 'a', states: { a: { on: { X: 'h' } }, h: { type: 'history', on: { Y: 'a' } } } }), 'INVALID_HISTORY', '/machine/states/review/states/h'],
  ['history state at the top with a default outside its parent', (p) => void (states(p).review = { ...states(p).review, initial: 'a', states: { a: { on: { X: 'h' } }, h: { type: 'history', target: '#mini.done' } } }), 'UNKNOWN_TARGET', '/machine/states/review/states/h/target'],
  ['history kind on an ordinary state', (p) => void (states(p).review!.history = 'deep'), 'NOT_A_HISTORY_STATE', '/machine/states/review'],
  ['delay without a Chinese title', (p) => void (p.delaysInfo = { ...p.delaysInfo, review: { title: ' ', title_en: 'Review period' } }), 'DELAY_WITHOUT_TITLE', '/delays/review'],
  ['delay added without words', (p) => void (p.delays.answerPeriod = 'P3M'), 'DELAY_WITHOUT_TITLE', '/delays/answerPeriod'],
  ['setting without words', (p) => void (p.settings = { ...p.settings, splitRating: false }), 'SETTING_WITHOUT_TITLE', '/settings/splitRating'],
  ['setting value outside its options', (p) => void ((p.settings = { ...p.settings, channel: 'FAX' }), (p.settingsInfo = { ...p.settingsInfo, channel: { title: '报送渠道', title_en: 'Channel', options: { OFFICE: { title: '直接报送', title_en: 'Direct' } } } })), 'SETTING_NOT_AN_OPTION', '/settings/channel'],
  ['code setting naming a category outside the chosen taxonomy', (p) => void ((p.settings = { ...p.settings, scale: 'THREE', followed: ['B', 'D'] }), (p.settingsInfo = { ...p.settingsInfo, scale: { title: '结果分类', title_en: 'Scale', options: { THREE: { title: '三类', title_en: 'Three', categories: [{ code: 'A', title: '已解决', title_en: 'solved' }, { code: 'B', title: '计划解决', title_en: 'planned' }, { code: 'C', title: '难以解决', title_en: 'not now' }] } } }, followed: { title: '需跟踪的分类', title_en: 'Followed', optionsFrom: 'scale' } })), 'SETTING_NOT_IN_TAXONOMY', '/settings/followed/1'],
  ['taxonomy option listing a category twice', (p) => void ((p.settings = { ...p.settings, scale: 'TWO' }), (p.settingsInfo = { ...p.settingsInfo, scale: { title: '结果分类', title_en: 'Scale', options: { TWO: { title: '两类', title_en: 'Two', categories: [{ code: 'A', title: '已解决', title_en: 'solved' }, { code: 'A', title: '未解决', title_en: 'not solved' }] } } } })), 'INVALID_TAXONOMY', '/settingsInfo/scale/options/TWO/categories'],
  ['list setting with a value outside its options', (p) => void ((p.settings = { ...p.settings, on: ['OFFICE', 'FAX'] }), (p.settingsInfo = { ...p.settingsInfo, on: { title: '触发评价', title_en: 'On', options: { OFFICE: { title: '直接报送', title_en: 'Direct' } } } })), 'SETTING_NOT_AN_OPTION', '/settings/on/1'],
  ['number setting above its maximum', (p) => void (p.settings = { ...p.settings, maxRounds: 99 }), 'SETTING_OUT_OF_RANGE', '/settings/maxRounds'],
  ['number setting of an object setting below its minimum', (p) => void ((p.settings = { ...p.settings, threshold: { deputies: 0 } }), (p.settingsInfo = { ...p.settingsInfo, threshold: { title: '联名人数', title_en: 'Co-signers', fields: { deputies: { title: '代表', title_en: 'Deputies', min: 1 } } } })), 'SETTING_OUT_OF_RANGE', '/settings/threshold/deputies'],
  ['setting words with an unknown key', (p) => void (p.settingsInfo = { ...p.settingsInfo, maxRounds: { title: '最多退回次数', title_en: 'Most', unitt: '次' } as never }), 'INVALID_PACKAGE', '/settingsInfo/maxRounds/unitt'],
  ['a state without a title', (p) => void delete (review(p).meta as Record<string, unknown>).title, 'STATE_WITHOUT_TITLE', '/machine/states/review/meta/title'],
  ['an outcome without a title', (p) => void delete p.events!.ACCEPT, 'EVENT_WITHOUT_TITLE', '/machine/states/review/meta/task/outcomes/ACCEPT'],
  ['an event only a transition names, without a title', (p) => void (draft(p).on.WITHDRAW = 'rejected'), 'EVENT_WITHOUT_TITLE', '/machine/states/draft/on/WITHDRAW'],
  ['two outcomes of one task with one title', (p) => void (p.events!.REJECT = { title: '同意', title_en: 'Reject' }), 'OUTCOME_TITLES_ALIKE', '/machine/states/review/meta/task/outcomes/REJECT'],
  ['a form choice without a title', (p) => void (p.forms.opinion = { type: 'object', properties: { kind: { type: 'string', oneOf: [{ const: 'A', title: '同意' }, { const: 'B' }] } } }), 'CHOICE_WITHOUT_TITLE', '/forms/opinion/properties/kind/oneOf/1/title'],
  ['a bare enum of codes in a form', (p) => void (p.forms.opinion = { type: 'object', properties: { kinds: { type: 'array', items: { enum: ['A', 'B'] } } } }), 'CHOICE_WITHOUT_TITLE', '/forms/opinion/properties/kinds/items/enum'],
  ['history kind that is neither shallow nor deep', (p) => void (states(p).review = { ...states(p).review, initial: 'a', states: { a: { on: { X: 'h' } }, h: { type: 'history', history: 'deepest' } } }), 'INVALID_PACKAGE', '/machine/states/review/states/h/history'],
);

/** What a task page shows and pre-fills (meta.task.documents / prefill) names forms and outcomes that exist. */
broken.push(
  ['task documents naming an unknown form', (p) => void (review(p).meta.task.documents = ['request', 'answr']), 'UNKNOWN_FORM', '/machine/states/review/meta/task/documents/1'],
  ['task prefill of an outcome without a form', (p) => void (review(p).meta.task.prefill = { ACCEPT: 'opinion' }), 'PREFILL_NOT_AN_OUTCOME', '/machine/states/review/meta/task/prefill/ACCEPT'],
  ['a unit position on a task of another role', (p) => void (review(p).meta.task.position = 'signer'), 'POSITION_WITHOUT_UNIT', '/machine/states/review/meta/task/position'],
  ['task prefill from an unknown form', (p) => void ((review(p).meta.task.outcomes = { ACCEPT: 'opinion', REJECT: null }), (review(p).meta.task.prefill = { ACCEPT: 'opnion' })), 'UNKNOWN_FORM', '/machine/states/review/meta/task/prefill/ACCEPT'],
);

/** The register (台账): a column, filter or search that names nothing the package has. */
const register = (columns: unknown[], extra: Record<string, unknown> = {}) => ({ columns, ...extra }) as never;
broken.push(
  ['register column with a path outside the context', (p) => void (p.register = register([{ key: 'no', title: '编号', title_en: 'No.', path: 'event.data.no' }])), 'INVALID_REGISTER', '/register/columns/0/path'],
  ['register column naming a field the context does not have', (p) => void ((p.context = { type: 'object', properties: { serialNo: { type: 'string' } } }), (p.register = register([{ key: 'no', title: '编号', title_en: 'No.', path: 'context.serialNumber' }]))), 'INVALID_REGISTER', '/register/columns/0/path'],
  ['register enum column with labels from a missing form', (p) => void (p.register = register([{ key: 'c', title: '类别', title_en: 'Category', kind: 'enum', path: 'context.c', labels: { form: 'nosuchform', field: 'c' } }])), 'INVALID_REGISTER', '/register/columns/0/labels/form'],
  ['register search on a column it does not have', (p) => void (p.register = register([{ key: 'title', title: '标题', title_en: 'Title', kind: 'title' }], { search: ['serialNo'] })), 'INVALID_REGISTER', '/register/search/0'],
  ['register filter that is not a context path', (p) => void (p.register = register([{ key: 'title', title: '标题', title_en: 'Title', kind: 'title' }], { filters: { unit: 'item.unitId' } })), 'INVALID_REGISTER', '/register/filters/unit'],
  ['register column of an unknown kind', (p) => void (p.register = register([{ key: 'x', title: 'x', title_en: 'x', kind: 'colour' }])), 'INVALID_PACKAGE', '/register/columns/0/kind'],
);

/** Codes that need a second argument (the processes that exist) and are tested with it below. */
const WITH_KNOWN_PROCESSES = new Set(['UNKNOWN_PROCESS']);

const coveredCodes = new Set([...broken.map((b) => b[2]), ...WITH_KNOWN_PROCESSES]);

describe(`broken packages: ${broken.length} packages covering ${coveredCodes.size} of ${Object.keys(CHECK_CODES).length} checker codes (UNKNOWN_PROCESS in test/engine/check.test.ts)`, () => {
  it.each(broken)('rejects: %s', (_name, mutate, code, pointer) => {
    const pkg = structuredClone(miniPackage()) as ProcessPackage & Record<string, unknown>;
    mutate(pkg);
    const errors = checkPackage(pkg);
    expect(errors.map((e) => `${e.code} ${e.pointer}`)).toContain(`${code} ${pointer}`);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
  });

  it('covers every checker code with at least one broken package', () => {
    expect(Object.keys(CHECK_CODES).filter((c) => !coveredCodes.has(c))).toEqual([]);
  });

  it('reports only catalogued codes', () => {
    for (const [, mutate] of broken) {
      const pkg = structuredClone(miniPackage()) as ProcessPackage & Record<string, unknown>;
      mutate(pkg);
      for (const e of checkPackage(pkg)) expect(Object.keys(CHECK_CODES)).toContain(e.code);
    }
  });
});
