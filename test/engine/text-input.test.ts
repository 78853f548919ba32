/**
 * The pure text check behind every JSON body (runtime/engine/text-input.ts): which characters
 * are refused, the pointers it reports (RFC 6901, keys too) and the depth bound.
 */
import { describe, expect, it } from 'vitest';
import { checkTextInput, findBadCharacter, MAX_JSON_DEPTH } from '../../runtime/engine/index.ts';
import { MAX_TEXT_ERRORS } from '../../runtime/engine/text-input.ts';

const pointers = (value: unknown) => {
  const v = checkTextInput(value);
  return v.ok ? [] : v.errors.map((e) => e.pointer);
};

describe('findBadCharacter', () => {
  it('refuses C0 controls but tab, LF and CR; DEL; and lone surrogates', () => {
    const refused = [...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => ![0x09, 0x0a, 0x0d].includes(c)), 0x7f, 0xd800, 0xdbff, 0xdc00, 0xdfff];
    for (const code of refused) expect(findBadCharacter(`ab${String.fromCharCode(code)}c`), code.toString(16)).toEqual({ index: 2, code });
    expect(refused).toHaveLength(29 + 1 + 4);
  });

  it('keeps ordinary text: tab/LF/CR, C1 controls, CJK, surrogate pairs (CJK extension B, emoji with modifier)', () => {
    for (const s of ['', '代表建议', '第一行\r\n\t第二行', '\u0080\u009f\u00a0', '𠀀𪚥', '👍🏽👨‍👩‍👧', '\uFEFF\uFFFD']) expect(findBadCharacter(s), s).toBeNull();
  });

  it('finds a lone surrogate beside a pair and a reversed pair', () => {
    expect(findBadCharacter('😀\uD83D')).toEqual({ index: 2, code: 0xd83d });
    expect(findBadCharacter('\uDE00\uD83D')).toEqual({ index: 0, code: 0xde00 });
  });
});

describe('checkTextInput', () => {
  it('accepts clean values of every JSON type', () => {
    expect(checkTextInput({ a: ['x', 1, true, null, { b: '建议\n' }], '': 0 })).toEqual({ ok: true });
    expect(checkTextInput('plain')).toEqual({ ok: true });
    expect(checkTextInput(42)).toEqual({ ok: true });
  });

  it('reports every bad string and key with its pointer (keys of an object before its values), escaped as RFC 6901 says (~0 ~1)', () => {
    const value = JSON.parse('{"a":"x\\u0000","b/c":["ok","\\ud800"],"d~\\u0001":{"e":"\\u007f"},"f":"\\t"}');
    const v = checkTextInput(value);
    expect(v.ok ? [] : [v.code, ...v.errors.map((e) => e.pointer)]).toEqual(['INVALID_TEXT', '/d~0\u0001', '/a', '/b~1c/1', '/d~0\u0001/e']);
  });

  it('says where and what in Chinese and English', () => {
    const v = checkTextInput({ title: '代表𠀀\u0000' });
    expect(v).toEqual({
      ok: false,
      code: 'INVALID_TEXT',
      errors: [{ pointer: '/title', message: '文本第 4 个字符是控制字符 U+0000，不能保存', message_en: '/title: character 4 of the text is the control character U+0000, which cannot be stored', keyword: 'text' }],
    });
    expect(checkTextInput('\uDC00')).toMatchObject({ errors: [{ pointer: '/', message: '文本第 1 个字符是不成对的代理字符 U+DC00，不能保存' }] });
  });

  it('lists at most MAX_TEXT_ERRORS errors', () => {
    expect(pointers(Array.from({ length: 5000 }, () => '\u0000'))).toHaveLength(MAX_TEXT_ERRORS);
  });

  it(`allows ${MAX_JSON_DEPTH} levels of nesting and refuses one more, without recursion`, () => {
    const nest = (levels: number, inner: unknown = 'x') => {
      let v: unknown = inner;
      for (let i = 0; i < levels; i++) v = i % 2 ? { k: v } : [v];
      return v;
    };
    expect(checkTextInput(nest(MAX_JSON_DEPTH))).toEqual({ ok: true });
    const deeper = checkTextInput(nest(MAX_JSON_DEPTH + 1));
    expect(deeper.ok ? null : [deeper.code, deeper.errors.length, deeper.errors[0]!.keyword]).toEqual(['TOO_DEEP', 1, 'maxDepth']);
    // 200,000 levels: a recursive walk would overflow the stack here.
    const huge = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(checkTextInput(huge)).toMatchObject({ ok: false, code: 'TOO_DEEP', errors: [{ pointer: '/0'.repeat(MAX_JSON_DEPTH) }] });
  });

  it('checks an own __proto__ key as any other key', () => {
    expect(pointers(JSON.parse('{"__proto__":{"x":"\\u0000"}}'))).toEqual(['/__proto__/x']);
  });
});
