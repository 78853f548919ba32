/** The lists the chair council approves in one step as sheets (交办清单, 集中办结清单): columns, reader, parsers, types. Pure. */
export { parseClosingSheet, parseMeetingSheet, dateOf } from './sheet-parser.ts';
export { normSheetText, sheetSerials } from './sheet-reader.ts';
export { CLOSING_SHEET_FIELDS, MAX_SHEET_ROWS, SHEET_COLUMNS, SHEET_FIELDS, SHEETS, sheetFieldOf, splitNames, type SheetField } from './sheet-columns.ts';
export type { ClosingRow, ListLookups, MeetingCandidate, MeetingRow, SheetError, SheetErrorCode, SheetKind, SheetLookups, SheetOption, SheetResult } from './types.ts';
