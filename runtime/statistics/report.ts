/**
 * The year's 代表建议办理情况报告 (issue 14, deliverable 4) as a structured report: a heading in
 * words (county and period), the standard sections 一、总体情况 … 五、存在问题 and the 附表
 * 承办单位办理情况. Every number is taken as the statistics give it — counts as they are,
 * rates and shares by their `display` (the dashboard shows the same) — never recomputed.
 * Pure: the route reads the figures (runtime/store/statistics.ts) and renders the result as a
 * Word document (server/statistics-report-docx.ts) or as JSON for the print page.
 */
import { rateWithRatio } from './ratio.ts';
import { dateWords } from '../engine/calendar.ts';

interface Words {
  title: string;
  title_en: string;
}
interface FigurePart extends Words {
  key: string;
  numerator: number;
  denominator: number;
  display: string;
}
/** A figure of GET /api/statistics/suggestion or a cell of /units, as far as the report reads it. */
export interface ReportFigure {
  id: string;
  kind: string;
  count?: number;
  numerator?: number;
  denominator?: number;
  display?: string;
  parts?: FigurePart[];
}
export interface ReportInput {
  /** The county's name (regions.name), e.g. 示范县. */
  county: string;
  /** The county date the figures stand at (YYYY-MM-DD). */
  asOfDate: string;
  view: { title: string; period: Words & { param: string }; metrics: Array<Record<string, unknown>> };
  units: {
    title: string;
    columns: Array<Words & { id: string; kind: string; parts?: Array<Words & { key: string }> }>;
    rows: Array<{ unit: { id: string; name: string }; cells: Array<Record<string, unknown>> }>;
  };
  /** The key-supervised suggestions as the register lists them (its columns' titles and each row's texts); omitted: no list. */
  keyItems?: { columns: string[]; rows: string[][] };
}

export interface ReportParagraph {
  text: string;
  /** A sentence the office writes itself (marked 【请补充】). */
  placeholder?: true;
}
export interface ReportTable {
  /** Which table: the key-supervised list or the 附表 of units. */
  kind: 'key' | 'units';
  caption: string;
  head: string[];
  rows: string[][];
}
export interface ReportSection {
  heading: string;
  paragraphs: ReportParagraph[];
  table?: ReportTable;
}
export interface Report {
  title: string;
  county: string;
  period: { param: string; title: string };
  asOfDate: string;
  sections: ReportSection[];
}

export const PLACEHOLDER = '【请补充】';

/** 2026-06-15 → 2026年6月15日. */
export function chineseDate(day: string): string {
  return dateWords(day).zh;
}

/** A rate as the statistics give it: 80%（4/5）. */
export function rateText(f: ReportFigure | undefined): string {
  if (!f) return '—';
  return rateWithRatio(f);
}

/** A unit-table cell as the dashboard shows it: a count, a rate with its ratio, a distribution as one cell per part. */
export function unitCellTexts(cell: ReportFigure): string[] {
  if (cell.kind === 'count') return [String(cell.count ?? 0)];
  if (cell.kind === 'rate') return [rateText(cell)];
  return (cell.parts ?? []).map((p) => String(p.numerator));
}

/** The unit table's head: one column per count or rate, one per part of a distribution (“办理结果：A类”). */
export function unitHead(columns: ReportInput['units']['columns']): string[] {
  const head = ['承办单位'];
  for (const c of columns) {
    if (c.kind === 'distribution') for (const p of c.parts ?? []) head.push(`${c.title}：${p.title}`);
    else head.push(c.title);
  }
  return head;
}

export function buildReport(input: ReportInput): Report {
  const metrics = input.view.metrics as unknown as ReportFigure[];
  const m = (id: string): ReportFigure | undefined => metrics.find((f) => f.id === id);
  const count = (id: string): number => m(id)?.count ?? 0;
  const partsText = (f: ReportFigure | undefined, all = true): string =>
    (f?.parts ?? [])
      .filter((p) => all || p.numerator > 0)
      .map((p) => `${p.title}${p.numerator}件，占${p.display}`)
      .join('；');
  const period = input.view.period.title;
  const asOf = chineseDate(input.asOfDate);

  const overall: ReportParagraph[] = [
    {
      text:
        `${period}，代表共提出建议${count('total')}件，其中大会期间提出${count('sessionCount')}件、闭会期间提出${count('recessCount')}件，` +
        `交由${count('handlingUnits')}个承办单位办理，共交办${count('assigned')}件次。`,
    },
    {
      text:
        `截至${asOf}，已办结${count('concludedCount')}件，办结率${rateText(m('concludedRate'))}；` +
        `其中大会建议办结率${rateText(m('concludedRateSession'))}，闭会建议办结率${rateText(m('concludedRateRecess'))}；仍在办理${count('inHandlingCount')}件。`,
    },
  ];

  const results = m('results');
  const resultParas: ReportParagraph[] = [{ text: `在已办结的${results?.denominator ?? 0}件建议中，${partsText(results) || '尚无办理结果'}。` }];

  const sat = m('satisfaction');
  const first = m('firstRoundSatisfaction');
  const satParas: ReportParagraph[] = [
    {
      text:
        `已办结并收到领衔代表征询意见表的建议${sat?.denominator ?? 0}件（另有${count('noFeedbackCount')}件期满未反馈，不计入满意度）。` +
        `最终评价：${partsText(sat) || '无'}；满意和基本满意率${rateText(m('satisfiedOrBasicRate'))}。`,
    },
    { text: `第一轮评价（${first?.denominator ?? 0}件）：${partsText(first) || '无'}。经重新办理的建议${count('rehandledCount')}件。` },
  ];

  const key = m('keySupervisedCount');
  const keyParas: ReportParagraph[] = [
    {
      text:
        (key?.count ?? 0) > 0
          ? `确定重点督办建议${key?.count ?? 0}件，其中${partsText(m('keyByLevel'), false)}。`
          : '本期未确定重点督办建议。',
    },
  ];
  const keyTable: ReportTable | undefined =
    input.keyItems && input.keyItems.rows.length > 0 ? { kind: 'key', caption: `重点督办建议一览（${input.keyItems.rows.length}件）`, head: ['序号', ...input.keyItems.columns], rows: input.keyItems.rows.map((r, i) => [String(i + 1), ...r]) } : undefined;

  const onTimeCol = input.units.columns.findIndex((c) => c.id === 'answeredOnTimeRate');
  const below = onTimeCol < 0 ? [] : input.units.rows.map((r) => ({ name: r.unit.name, f: r.cells[onTimeCol] as unknown as ReportFigure })).filter((x) => (x.f.denominator ?? 0) > 0 && (x.f.numerator ?? 0) < (x.f.denominator ?? 0));
  const problems: ReportParagraph[] = [
    {
      text:
        `截至${asOf}，超过期限仍未办理完毕的建议${count('overdueNowCount')}件。按时签收率${rateText(m('signedOnTimeRate'))}，按时答复率${rateText(m('answeredOnTimeRate'))}，面商率${rateText(m('consultationRate'))}。` +
        (below.length > 0 ? `按时答复率未达100%的承办单位：${below.map((x) => `${x.name}${rateText(x.f)}`).join('、')}。` : '各承办单位均按时答复。'),
    },
    { text: `${PLACEHOLDER}办理工作中存在的问题和下一步工作打算。`, placeholder: true },
  ];

  const appendix: ReportSection = {
    heading: `附表：${input.units.title}`,
    paragraphs: input.units.rows.length === 0 ? [{ text: '本期无交办件。' }] : [],
    table: {
      kind: 'units',
      caption: `${input.units.title}（${period}，${input.units.rows.length}个承办单位）`,
      head: unitHead(input.units.columns),
      rows: input.units.rows.map((r) => [r.unit.name, ...r.cells.flatMap((c) => unitCellTexts(c as unknown as ReportFigure))]),
    },
  };

  return {
    title: `${input.county}人大常委会关于${period}代表建议办理情况的报告`,
    county: input.county,
    period: { param: input.view.period.param, title: period },
    asOfDate: input.asOfDate,
    sections: [
      { heading: '一、总体情况', paragraphs: overall },
      { heading: '二、办理结果', paragraphs: resultParas },
      { heading: '三、满意度', paragraphs: satParas },
      { heading: '四、重点督办', paragraphs: keyParas, ...(keyTable ? { table: keyTable } : {}) },
      { heading: '五、存在问题', paragraphs: problems },
      appendix,
    ],
  };
}
