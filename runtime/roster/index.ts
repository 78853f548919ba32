/**
 * The deputy roster (代表名册): reading a roster table from CSV text or spreadsheet rows,
 * mapping its header and validating every row. Pure and isomorphic (no Node, no database):
 * the store and the designer use the same code; XLSX bytes are read in runtime/roster-files.ts.
 */
export * from './types.ts';
export { parseCsv, type CsvParseResult } from './csv-parser.ts';
export { parseRosterCsv, parseRosterTable } from './roster-parser.ts';
export { COLUMNS, fieldOfHeader, headerKey, normalizePhone, parseYesNo, MAX_DATA_ROWS, NAME_MAX, TEXT_MAX, USERNAME_PATTERN, type ColumnSpec } from './roster-columns.ts';
export { checkNewSession, checkNewTerm, checkRosterBody, type Checked, type NewSession, type NewTerm, type RosterImportBody } from './roster-input.ts';
