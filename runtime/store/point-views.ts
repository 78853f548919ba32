/**
 * The shapes the points API answers with (server/routes/points.ts): runtime/store/points.ts
 * builds them and the portal (designer/src/points) reads them. Types only, no code: the
 * designer imports this module with `import type`, so nothing of the server reaches the bundle.
 */
import type { RankedRow } from '../points/ranking.ts';
import type { PointRules, PointRule, Words } from '../points/rules.ts';

export type { RankedRow, Words };

/** One entry, with the words of its rule, state and unit (GET /api/points/entries/:id adds `history`). */
export interface PointEntryView {
  id: string;
  deputyId: string;
  deputyName: string;
  ruleCode: string;
  ruleTitle: string;
  ruleTitle_en: string;
  source: 'CLAIM' | 'AUTO';
  state: string;
  stateTitle: string;
  stateTitle_en: string;
  occurredOn: string;
  quantity: number;
  unitTitle: string;
  rulePoints: number;
  points: number;
  ruleVersion: number;
  description: string | null;
  cause: { zh: string; en: string; instanceId?: string } | null;
  /** A claim's photos and PDFs (GET /api/points/entries/:id/evidence/:fileId), as checked when claimed. */
  evidence: Array<{ fileId: string; name: string }> | null;
  linkedEntity: unknown;
  rejectReason: string | null;
  history?: Array<{ seq: number; action: string; actionTitle: string; actionTitle_en: string; fromState: string | null; toState: string; actorName: string | null; at: string; data: unknown }>;
}

/** GET /api/points/mine: a deputy's entries of a year, the confirmed total and what is in review. */
export interface DeputyPointsView {
  deputy: { id: string; name: string; delegation: string | null; group: string | null };
  year: number;
  total: number;
  inReview: number;
  entries: PointEntryView[];
}

/** A published quarter (亮分), GET /api/points/publications. */
export interface PublicationView {
  year: number;
  quarter: number;
  publishedAt: string;
  rows: RankedRow[];
}

/** GET /api/points/rules: the county's rules (default table + overlay), in order, with the words of every code. */
export interface PointRulesView extends Words {
  version: number;
  units: PointRules['units'];
  states: PointRules['states'];
  actions: PointRules['actions'];
  rules: Array<PointRule & { code: string }>;
}
