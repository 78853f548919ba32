/**
 * The 代表建议办理情况报告 (runtime/statistics/report.ts) as a Word document the office edits:
 * A4 with official-document margins, the title in 宋体 (小标宋 where installed), headings in
 * 黑体, body in 仿宋 三号, the 【请补充】 sentence highlighted, the 附表 as a real table.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Report } from '../runtime/statistics/report.ts';

const font = (name: string, latin: string) => ({ eastAsia: name, ascii: latin, hAnsi: latin, hint: 'eastAsia' as const });
const SONG = font('宋体', 'SimSun');
const FANG = font('仿宋', 'FangSong');
const HEI = font('黑体', 'SimHei');

export async function reportDocx(report: Report): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: report.title, font: SONG, size: 44, bold: true })] }),
  ];
  for (const s of report.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 }, children: [new TextRun({ text: s.heading, font: HEI, size: 32 })] }));
    for (const p of s.paragraphs) {
      children.push(
        new Paragraph({
          indent: { firstLine: 640 },
          spacing: { line: 560 },
          children: [new TextRun({ text: p.text, font: FANG, size: 32, ...(p.placeholder ? { highlight: 'yellow' } : {}) })],
        }),
      );
    }
    if (s.table) {
      const t = s.table;
      const cell = (text: string, bold = false) =>
        new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: FANG, size: 21, bold })] })] });
      children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: t.caption, font: HEI, size: 24 })] }));
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [new TableRow({ tableHeader: true, children: t.head.map((h) => cell(h, true)) }), ...t.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
        }),
      );
    }
  }
  const doc = new Document({
    creator: 'congress-flow',
    title: report.title,
    styles: { default: { document: { run: { font: FANG, size: 32 } } } },
    sections: [
      {
        // A4 (210 × 297 mm) with the margins of official documents (GB/T 9704: 37 / 35 / 28 / 26 mm), in twips.
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
