/** Shapes of the points API (server/routes/points.ts) the pages read — the server's own, runtime/store/point-views.ts — and words by language. */
import type { DeputyPointsView, PointEntryView, PointRulesView, PublicationView, RankedRow, Words } from '../../../runtime/store/point-views.ts';
import { lang } from '../i18n.ts';

export type { PublicationView, RankedRow, Words };
export type RulesView = PointRulesView;
export type RuleView = PointRulesView['rules'][number];
export type EntryView = PointEntryView;
export type MineView = DeputyPointsView;

export const words = (w: Words): string => (lang() === 'zh' ? w.title : w.title_en || w.title);
export const ruleWords = (e: EntryView): string => (lang() === 'zh' ? e.ruleTitle : e.ruleTitle_en);
export const stateWords = (e: EntryView): string => (lang() === 'zh' ? e.stateTitle : e.stateTitle_en);
export const causeWords = (e: EntryView): string | null => (e.cause ? (lang() === 'zh' ? e.cause.zh : e.cause.en) : null);
