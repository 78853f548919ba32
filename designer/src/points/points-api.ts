/** Shapes of the points API (server/routes/points.ts) the pages read, and words by language. */
import { lang } from '../i18n.ts';

export interface Words {
  title: string;
  title_en: string;
}

export interface RuleView extends Words {
  code: string;
  unit: string;
  points: number;
  claimable: boolean;
}

export interface RulesView {
  version: number;
  units: Record<string, Words>;
  rules: RuleView[];
}

export interface EntryView {
  id: string;
  deputyId: string;
  deputyName: string;
  ruleTitle: string;
  ruleTitle_en: string;
  source: 'CLAIM' | 'AUTO';
  state: string;
  stateTitle: string;
  stateTitle_en: string;
  occurredOn: string;
  quantity: number;
  unitTitle: string;
  points: number;
  description: string | null;
  cause: { zh: string; en: string } | null;
  rejectReason: string | null;
  /** A claim's photos and PDFs (GET /api/points/entries/:id/evidence/:fileId). */
  evidence?: Array<{ fileId: string; name: string }> | null;
}

export interface MineView {
  deputy: { id: string; name: string; delegation: string | null; group: string | null };
  year: number;
  total: number;
  inReview: number;
  entries: EntryView[];
}

export interface RankedRow {
  deputyId: string;
  name: string;
  delegation: string | null;
  group: string | null;
  points: number;
  rank: number;
  delegationRank: number | null;
  groupRank: number | null;
}

export interface PublicationView {
  year: number;
  quarter: number;
  publishedAt: string;
  rows: RankedRow[];
}

export const words = (w: Words): string => (lang() === 'zh' ? w.title : w.title_en || w.title);
export const ruleWords = (e: EntryView): string => (lang() === 'zh' ? e.ruleTitle : e.ruleTitle_en);
export const stateWords = (e: EntryView): string => (lang() === 'zh' ? e.stateTitle : e.stateTitle_en);
export const causeWords = (e: EntryView): string | null => (e.cause ? (lang() === 'zh' ? e.cause.zh : e.cause.en) : null);
