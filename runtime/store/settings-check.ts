/**
 * Checks of a county's settings that the package schema cannot say, run when the county saves
 * its overlay (county-definitions.ts `saveOverlay`) on the definition the overlay yields: the
 * annual assessment's grade bands must cover 0–100 with no gap or overlap
 * (runtime/points/grade-band-check.ts). One home per definition; a definition without one has
 * nothing to check here. Pointers are into the definition (`/settings/gradeBands/1/min`).
 */
import { gradeBandProblems, type BandProblem } from '../points/index.ts';
import type { ProcessPackage } from '../engine/index.ts';

const CHECKS: Record<string, (settings: Record<string, unknown>) => BandProblem[]> = {
  'deputy-assessment': (s) =>
    gradeBandProblems(s.gradingMode, s.gradeBands).map((p) => ({
      ...p,
      pointer: p.pointer === '/mode' ? '/settings/gradingMode' : `/settings/gradeBands${p.pointer.replace(/^\/bands/, '')}`,
    })),
};

export function settingsProblems(definitionId: string, pkg: ProcessPackage): BandProblem[] {
  const check = Object.hasOwn(CHECKS, definitionId) ? CHECKS[definitionId] : undefined;
  const settings = (pkg as { settings?: unknown }).settings;
  return check ? check(typeof settings === 'object' && settings !== null && !Array.isArray(settings) ? (settings as Record<string, unknown>) : {}) : [];
}
