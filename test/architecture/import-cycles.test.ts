/**
 * No import cycles in the server, the runtime or the app (type-only imports count too: a
 * cycle of types is still two files that cannot be read apart). madge walks the same
 * graph as `npx madge --circular --extensions ts,tsx runtime server designer/src`.
 */
import madge from 'madge';
import { describe, expect, it } from 'vitest';

describe('import graph', () => {
  it('has no cycle in runtime, server or designer/src', async () => {
    const graph = await madge(['runtime', 'server', 'designer/src'], {
      baseDir: process.cwd(),
      fileExtensions: ['ts', 'tsx'],
      tsConfig: 'tsconfig.json',
      excludeRegExp: [/node_modules/, /designer\/dist/],
    });
    const files = Object.keys(graph.obj());
    expect(files.length).toBeGreaterThan(100);
    expect(graph.circular()).toEqual([]);
  });
});
