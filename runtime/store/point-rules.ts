/**
 * A county's effective point rules: the default table merged with the county's saved overlay,
 * and the version entries record (0 = the default, n = the county's n-th saved overlay).
 */
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import { baseRules, checkOverlay, checkRules, effectiveRules, type PointRules } from '../points/index.ts';
import type { Database } from './schema.ts';
import { readPointOverlay } from './sql/point-rule-overlay.ts';
import { savePointOverlay } from './sql/save-point-overlay.ts';

export async function countyRules(db: Kysely<Database>, countyId: string): Promise<{ rules: PointRules; version: number; overlay: unknown }> {
  const saved = await readPointOverlay(db, countyId);
  if (!saved) return { rules: baseRules(), version: 0, overlay: null };
  return { rules: effectiveRules(baseRules(), [saved.overlay]), version: Number(saved.version), overlay: saved.overlay };
}

/** Checks and saves a county's overlay; new entries take the new values, old ones keep theirs. */
export async function saveCountyRuleOverlay(db: Kysely<Database>, countyId: string, overlay: unknown, savedBy: string, at: Date): Promise<number> {
  const base = baseRules();
  const problems = [...checkOverlay(base, overlay)];
  if (problems.length === 0) problems.push(...checkRules(effectiveRules(base, [overlay])));
  if (problems.length > 0) throw new AppError('INVALID_OVERLAY', 'The points overlay does not check', problems);
  return savePointOverlay(db, countyId, overlay, savedBy, at);
}
