/**
 * JSON Logic rules (jsonlogic.com) over `{context, event, now}`: the only way a definition
 * expresses a condition. json-logic-js interprets the rule tree; nothing is compiled to code.
 */
import jsonLogic from 'json-logic-js';
import type { RulesLogic } from 'json-logic-js';

export type LogicRule = unknown;

export function evaluateLogic(rule: LogicRule, data: Record<string, unknown>): unknown {
  return jsonLogic.apply(rule as RulesLogic, data);
}

export function truthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}

/** Operators a rule may use: the standard set of json-logic-js. */
const KNOWN_OPERATORS = new Set([
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'map', 'filter', 'reduce', 'all',
  'none', 'some', 'merge', 'in', 'cat', 'substr', 'log',
]);

/** Names of unknown operators used in a rule (empty when the rule is well formed). */
export function unknownOperators(rule: LogicRule): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      found.push(`{${keys.join(',')}}`);
      return;
    }
    const op = keys[0] as string;
    if (!KNOWN_OPERATORS.has(op)) found.push(op);
    visit((node as Record<string, unknown>)[op]);
  };
  visit(rule);
  return found;
}
