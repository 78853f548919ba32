import { describe, expect, it } from 'vitest';
import { checkPackage, type ProcessPackage } from '../../runtime/engine/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';

const states = (p: ProcessPackage) => p.machine.states as Record<string, Record<string, unknown>>;
const review = (p: ProcessPackage) => states(p).review as { on: Record<string, unknown>; meta: { task: Record<string, unknown> } };

// Broken packages, one per checker code: test/conformance/broken-packages.test.ts.
describe('definition checks', () => {
  it('accepts the well-formed package', () => {
    expect(checkPackage(miniPackage())).toEqual([]);
  });

  it('knows which processes exist when spawning', () => {
    const pkg = miniPackage();
    (states(pkg).opinions as Record<string, unknown>).meta = {
      spawn: { process: 'ghost', forEach: 'context.unitIds', input: { unitId: 'item' } },
      task: review(pkg).meta.task,
    };
    const errors = checkPackage(pkg, new Set(['mini']));
    expect(errors.map((e) => `${e.code} ${e.pointer}`)).toContain('UNKNOWN_PROCESS /machine/states/opinions/meta/spawn/process');
  });
});
