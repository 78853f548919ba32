import { describe, expect, it } from 'vitest';
import {
  applyOverlays,
  checkPackage,
  compileForm,
  createAjv,
  mergePatch,
  overlayRemovals,
  type ProcessPackage,
} from '../../runtime/engine/index.ts';
import {
  answerOverlay,
  countyFeedback,
  danglingTarget,
  loadAssignment,
  MAIN,
  mainStates,
  meetingOverlay,
  provinceFeedback,
  removeRehandling,
} from '../fixtures/county-overlays.ts';

/** RFC 7396 Appendix A: [target, patch, result]. */
const appendixA: Array<[unknown, unknown, unknown]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

const deepFreeze = <T>(v: T): T => {
  if (v && typeof v === 'object') Object.values(v).forEach(deepFreeze);
  return Object.freeze(v);
};

describe('mergePatch (RFC 7396)', () => {
  it.each(appendixA)('Appendix A: %j + %j', (target, patch, result) => {
    expect(mergePatch(deepFreeze(target), deepFreeze(patch))).toEqual(result);
  });

  it('section 3 example', () => {
    const target = {
      title: 'Goodbye!',
      author: { givenName: 'John', familyName: 'Doe' },
      tags: ['example', 'sample'],
      content: 'This will be unchanged',
    };
    const patch = { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] };
    expect(mergePatch(deepFreeze(target), deepFreeze(patch))).toEqual({
      title: 'Hello!',
      author: { givenName: 'John' },
      tags: ['example'],
      content: 'This will be unchanged',
      phoneNumber: '+01-123-456-7890',
    });
  });

  it('shares no structure with its inputs', () => {
    const target = { a: { b: [1, { c: 2 }] }, keep: { x: 1 } };
    const patch = { a: { d: [{ e: null }] } };
    const out = mergePatch(target, patch) as { a: { b: unknown[]; d: Array<Record<string, unknown>> }; keep: { x: number } };
    expect(out).toEqual({ a: { b: [1, { c: 2 }], d: [{ e: null }] }, keep: { x: 1 } }); // nulls inside arrays are values
    out.keep.x = 9;
    (out.a.b[1] as { c: number }).c = 9;
    out.a.d[0]!.e = 9;
    expect(target).toEqual({ a: { b: [1, { c: 2 }] }, keep: { x: 1 } });
    expect(patch).toEqual({ a: { d: [{ e: null }] } });
  });

  it('keeps "__proto__" from parsed JSON as a plain key', () => {
    const out = mergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cannot add a member whose value is null (null means delete)', () => {
    // Why meetingOverlay gives every task outcome a form: `{EVENT: null}` would vanish.
    expect(mergePatch({ outcomes: { A: 'form' } }, { outcomes: { B: null } })).toEqual({ outcomes: { A: 'form' } });
  });
});

describe('applyOverlays', () => {
  it('applies province, then county: the lower level wins', () => {
    const base = loadAssignment();
    const province = applyOverlays(base, [{ level: 'province', patch: provinceFeedback }]);
    const county = applyOverlays(base, [
      { level: 'province', patch: provinceFeedback },
      { level: 'county', patch: countyFeedback },
    ]);
    expect(province.delays.feedbackWindow).toEqual({ workingDays: 20 });
    expect(county.delays.feedbackWindow).toBe('P15D');
    expect(county.delays.feedbackReminder).toBe('P3D');
    expect(base.delays.feedbackWindow).toBe('P10D');
    expect(base).toEqual(loadAssignment());
    expect(checkPackage(province)).toEqual([]);
    expect(checkPackage(county)).toEqual([]);
  });

  it('without overlays returns an equal copy', () => {
    const base = loadAssignment();
    const out = applyOverlays(base, []);
    expect(out).toEqual(base);
    expect(out).not.toBe(base);
  });

  it('refuses a patch that is not an object', () => {
    expect(() => applyOverlays(loadAssignment(), [{ level: 'city', patch: [] }])).toThrow(/city/);
    expect(() => applyOverlays(loadAssignment(), [{ level: 'county', patch: null }])).toThrow(/county/);
  });

  it('adds a field to the answer form and, through the taxonomy setting, the option D', () => {
    const pkg = applyOverlays(loadAssignment(), [{ level: 'county', patch: answerOverlay }]);
    expect(checkPackage(pkg)).toEqual([]);
    const answer = pkg.forms.answer as { properties: Record<string, { oneOf?: Array<{ const: string }> }>; required: string[] };
    expect(answer.properties.resultCode!.oneOf!.map((o) => o.const)).toEqual(['A', 'B', 'C', 'D']);
    expect(answer.required).toContain('consultedOn');
    expect(Object.keys(answer.properties).at(-1)).toBe('consultedOn'); // new keys follow the base's
    const validate = compileForm(createAjv(), pkg.forms.answer!);
    const letter = {
      resultCode: 'D', body: '答复正文', contactPerson: '李四', contactPhone: '0731-1234567',
      sealed: true, ccOffices: [], publishable: true,
    };
    expect(validate({ ...letter, consultedOn: '2026-05-01' })).toEqual([]);
    expect(validate(letter).map((e) => e.pointer)).toEqual(['/consultedOn']);
  });

  it('adds a state with a transition into it', () => {
    // The county names its new outcomes too: the checker refuses an outcome without a title.
    const events = { ARRANGE_MEETING: { title: '约见面谈', title_en: 'Arrange a meeting' }, MEETING_HELD: { title: '面谈已举行', title_en: 'Meeting held' } };
    const pkg = applyOverlays(loadAssignment(), [{ level: 'county', patch: { ...meetingOverlay, events } }]);
    expect(checkPackage(pkg)).toEqual([]);
    const main = (pkg.machine.states.active!.states!.main!.states ?? {});
    expect(main.meeting?.on?.MEETING_HELD).toMatchObject({ target: 'escalated' });
    expect(main.escalated?.meta?.task?.outcomes).toEqual({
      ESCALATION_RESOLVED: 'feedback',
      CLOSE_AS_EXPLAINED: 'escalationClose',
      ARRANGE_MEETING: 'meetingRecord',
    });
    // The patch changed only what it named: the existing transitions of escalated remain.
    expect(Object.keys(main.escalated?.on ?? {})).toEqual(['ESCALATION_RESOLVED', 'CLOSE_AS_EXPLAINED', 'ARRANGE_MEETING']);
  });

  it('a dangling target introduced by an overlay is caught by checkPackage', () => {
    const pkg = applyOverlays(loadAssignment(), [{ level: 'county', patch: danglingTarget }]);
    expect(checkPackage(pkg)).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_TARGET', pointer: `${MAIN}/escalated/on/CLOSE_AS_EXPLAINED/target` }),
    ]);
  });

  it('removing a state that others still target is caught by checkPackage', () => {
    const pkg = applyOverlays(loadAssignment(), [{ level: 'county', patch: removeRehandling }]);
    expect(checkPackage(pkg).map((e) => [e.code, e.pointer])).toEqual([
      ['UNKNOWN_TARGET', `${MAIN}/awaitingFeedback/on/FEEDBACK/0/target`],
      // The several raters' decision (并案) re-handles too.
      ['UNKNOWN_TARGET', `${MAIN}/ratingsIn/always/0/target`],
    ]);
  });
});

describe('overlayRemovals', () => {
  const base: ProcessPackage = loadAssignment();

  it('reports a removed state with its transitions', () => {
    expect(overlayRemovals(base, removeRehandling)).toEqual([
      `${MAIN}/rehandling`,
      `${MAIN}/rehandling/after/rehandlePeriod`,
      `${MAIN}/rehandling/states/drafting`,
      `${MAIN}/rehandling/states/drafting/on/SUBMIT_DRAFT`,
      `${MAIN}/rehandling/states/reviewing`,
      `${MAIN}/rehandling/states/reviewing/on/APPROVE_DRAFT`,
      `${MAIN}/rehandling/states/reviewing/on/RETURN_DRAFT`,
      `${MAIN}/rehandling/states/signing`,
      `${MAIN}/rehandling/states/signing/on/RETURN_DRAFT`,
      `${MAIN}/rehandling/states/signing/on/SUBMIT_ANSWER`,
    ]);
  });

  it('reports the descendants of a removed compound state', () => {
    const removed = overlayRemovals(base, mainStates({ handling: null }));
    expect(removed).toEqual(expect.arrayContaining([
      `${MAIN}/handling`,
      `${MAIN}/handling/after/answerDue`,
      `${MAIN}/handling/on/APPROVE_EXTENSION`,
      `${MAIN}/handling/states/drafting`,
      `${MAIN}/handling/states/drafting/on/SUBMIT_DRAFT`,
      `${MAIN}/handling/states/signing/on/SUBMIT_ANSWER`,
    ]));
    expect(removed.every((p) => p.startsWith(`${MAIN}/handling`))).toBe(true);
    expect(removed).toEqual([...removed].sort());
  });

  it('reports removed forms, fields and transitions', () => {
    const patch = {
      forms: { escalationClose: null, answer: { properties: { assistOpinionsSummary: null } } },
      ...mainStates({ pendingAcceptance: { on: null }, awaitingFeedback: { after: { feedbackWindow: null } } }),
    };
    expect(overlayRemovals(base, patch)).toEqual([
      '/forms/answer/properties/assistOpinionsSummary',
      '/forms/escalationClose',
      '/forms/escalationClose/properties/comment',
      '/forms/escalationClose/properties/measures',
      `${MAIN}/awaitingFeedback/after/feedbackWindow`,
      `${MAIN}/pendingAcceptance/on/ACCEPT`,
      `${MAIN}/pendingAcceptance/on/REQUEST_RETURN`,
    ]);
  });

  it('reports removals made by replacing an object with a non-object', () => {
    expect(overlayRemovals(base, mainStates({ returned: 'gone' }))).toEqual([`${MAIN}/returned`]);
  });

  it('reports nothing for overlays that only add or change', () => {
    for (const patch of [provinceFeedback, countyFeedback, answerOverlay, meetingOverlay, danglingTarget]) {
      expect(overlayRemovals(base, patch)).toEqual([]);
    }
    expect(overlayRemovals(base, { forms: { nosuchform: null } })).toEqual([]);
  });
});
