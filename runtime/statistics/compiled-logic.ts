/**
 * A population's JSON Logic rule turned once into a tree of closures, then run on every fact
 * row — instead of json-logic-js interpreting the rule object per row (looking the operator up,
 * re-wrapping its arguments in arrays, splitting each `var` path). No code is generated (no
 * eval, no Function): each node becomes a closure over its compiled arguments. The operators
 * the catalogues use (var, ==, !=, ===, !==, !, !!, >, >=, <, <=, in, and, or, if) behave
 * exactly as in json-logic-js 2.0.5 (loose equality, its `truthy`, `in` by indexOf, `and`/`or`
 * returning the deciding value); every other operator is left to json-logic-js for its whole
 * subtree, so a rule means the same either way (test/statistics/compiled-logic.test.ts checks
 * them against each other on the catalogue's rules and edge cases).
 *
 * Measured on the W-report store (test/bench/w-report.ts, the county of 10,000 instances: 2,328
 * suggestions and 2,522 answering units in 2026), every population rule of the suggestion
 * catalogue over every row, 9 runs, the shared 2-core box at a load average of ~20:
 * json-logic-js best 505–571 ms, median 838–844 ms; compiled best 49–120 ms, median 260–289 ms.
 */
import { evaluateLogic, truthy } from '../engine/logic.ts';

export type CompiledRule = (data: Record<string, unknown>) => unknown;

const compiled = new WeakMap<object, CompiledRule>();

/** The rule as a closure, compiled once per rule object (a catalogue's rules are objects kept with it). */
export function compileRule(rule: unknown): CompiledRule {
  if (rule === null || typeof rule !== 'object') return () => rule;
  const hit = compiled.get(rule);
  if (hit) return hit;
  const fn = compile(rule);
  compiled.set(rule, fn);
  return fn;
}

const isLogic = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1;

function compileVar(args: CompiledRule[], literal: unknown[]): CompiledRule {
  const [pathFn, defFn] = args;
  const read = (data: unknown, keys: string[], notFound: unknown): unknown => {
    let cur = data;
    for (const k of keys) {
      if (cur === null || cur === undefined) return notFound;
      cur = (cur as Record<string, unknown>)[k];
      if (cur === undefined) return notFound;
    }
    return cur;
  };
  const a0 = literal[0];
  // The common case: a literal path and no default, split once.
  if (literal.length === 1 && (typeof a0 === 'string' || typeof a0 === 'number') && a0 !== '') {
    const keys = String(a0).split('.');
    if (keys.length === 1) {
      const k = keys[0] as string;
      return (d) => {
        const v = d === null || d === undefined ? undefined : (d as Record<string, unknown>)[k];
        return v === undefined ? null : v;
      };
    }
    return (d) => read(d, keys, null);
  }
  return (d) => {
    const a = pathFn ? pathFn(d) : undefined;
    const b = defFn ? defFn(d) : undefined;
    const notFound = b === undefined ? null : b;
    if (a === undefined || a === '' || a === null) return d;
    return read(d, String(a).split('.'), notFound);
  };
}

function compile(logic: unknown): CompiledRule {
  if (Array.isArray(logic)) {
    const items = logic.map(compile);
    return (d) => items.map((f) => f(d));
  }
  if (!isLogic(logic)) return () => logic;
  const op = Object.keys(logic)[0] as string;
  const raw = logic[op];
  const literal = Array.isArray(raw) ? raw : [raw];
  const whole: CompiledRule = (d) => evaluateLogic(logic, d);
  if (op === 'if' || op === '?:') return whole;
  const args = literal.map(compile);
  const [a, b, c] = args;
  const arg = (f: CompiledRule | undefined, d: Record<string, unknown>) => (f ? f(d) : undefined);
  /* eslint-disable eqeqeq -- json-logic-js's == and != are JavaScript's loose equality */
  switch (op) {
    case 'var':
      return compileVar(args, literal);
    case '==':
      return (d) => arg(a, d) == arg(b, d);
    case '!=':
      return (d) => arg(a, d) != arg(b, d);
    case '===':
      return (d) => arg(a, d) === arg(b, d);
    case '!==':
      return (d) => arg(a, d) !== arg(b, d);
    case '!':
      return (d) => !truthy(arg(a, d));
    case '!!':
      return (d) => truthy(arg(a, d));
    case '>':
      return (d) => (arg(a, d) as number) > (arg(b, d) as number);
    case '>=':
      return (d) => (arg(a, d) as number) >= (arg(b, d) as number);
    case '<':
      return (d) => {
        const x = arg(a, d) as number, y = arg(b, d) as number, z = arg(c, d) as number | undefined;
        return z === undefined ? x < y : x < y && y < z;
      };
    case '<=':
      return (d) => {
        const x = arg(a, d) as number, y = arg(b, d) as number, z = arg(c, d) as number | undefined;
        return z === undefined ? x <= y : x <= y && y <= z;
      };
    case 'in':
      return (d) => {
        const x = arg(a, d);
        const list = arg(b, d) as { indexOf?: (v: unknown) => number } | null | undefined;
        if (!list || typeof list.indexOf === 'undefined') return false;
        return list.indexOf(x) !== -1;
      };
    case 'and':
      return (d) => {
        let cur: unknown;
        for (const f of args) {
          cur = f(d);
          if (!truthy(cur)) return cur;
        }
        return cur;
      };
    case 'or':
      return (d) => {
        let cur: unknown;
        for (const f of args) {
          cur = f(d);
          if (truthy(cur)) return cur;
        }
        return cur;
      };
    default:
      return whole;
  }
  /* eslint-enable eqeqeq */
}
