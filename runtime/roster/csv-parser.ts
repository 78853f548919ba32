/**
 * CSV text → rows of cells with the line each row starts on (RFC 4180, plus what Excel and
 * people produce: a BOM, CRLF / LF / lone CR line ends, tab-separated text pasted from a
 * spreadsheet).
 *
 * Written here rather than taken from a package: csv-parse (the best-kept one) leans on Node's
 * global `Buffer` even in its sync API, so it would not run in the designer, and every row
 * error needs the physical line a record starts on, which a quoted multi-line cell moves.
 */
import type { TableRow } from './types.ts';

export interface CsvParseResult {
  rows: TableRow[];
  /** Set when a quoted cell never closes; `line` is where that cell's quote opened. */
  unterminatedQuoteLine?: number;
}

/**
 * The delimiter of the first line outside quotes: a tab when it has tabs and no commas
 * (copied from Excel), else a comma.
 */
function sniffDelimiter(text: string): ',' | '\t' {
  let inQuotes = false;
  let tabs = 0;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch === ',') return ',';
    else if (!inQuotes && ch === '\t') tabs++;
  }
  return tabs > 0 ? '\t' : ',';
}

/**
 * Quotes open a cell only at its start; `""` inside is one quote. A quote inside an unquoted
 * cell, or text after a closing quote, is kept literally (lenient like Excel). Every record is
 * returned, blank ones too (as one empty cell); callers skip blanks. Line breaks inside a
 * quoted cell become `\n`.
 */
export function parseCsv(input: string): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = sniffDelimiter(text);
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endCell = (): void => {
    cells.push(cell);
    cell = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endCell();
    rows.push({ line: recordLine, cells });
    cells = [];
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        cell += '\n';
        line++;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === '' && !quoted) {
      inQuotes = true;
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      endCell();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (inQuotes) return { rows, unterminatedQuoteLine: quoteLine };
  // A last record without a line end; a file ending in a line break adds no empty record.
  if (cell !== '' || quoted || cells.length > 0) endRecord();
  return { rows };
}
