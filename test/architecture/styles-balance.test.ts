/**
 * The portal's one stylesheet: its braces balance. Branches append blocks to it and a merge that
 * keeps both sides once dropped an `@media` block's closing brace, so every rule after it applied
 * only in print (the phone header's menu showed its entries on a phone).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('designer/src/styles.css', () => {
  it('closes every block it opens, and none it did not', () => {
    const css = readFileSync('designer/src/styles.css', 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    let depth = 0;
    let line = 1;
    const problems: string[] = [];
    for (const ch of css) {
      if (ch === '\n') line++;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth < 0) {
        problems.push(`a } with no block open near line ${line}`);
        depth = 0;
      }
    }
    if (depth !== 0) problems.push(`${depth} block(s) never closed`);
    expect(problems).toEqual([]);
  });
});
