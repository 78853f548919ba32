/** The assignment meeting's list as a sheet (交办清单): columns, parser, types. Pure. */
export { parseMeetingSheet, dateOf } from './sheet-parser.ts';
export { MAX_SHEET_ROWS, SHEET_COLUMNS, SHEET_FIELDS, sheetFieldOf, splitNames, type SheetField } from './sheet-columns.ts';
export type { MeetingCandidate, MeetingRow, SheetError, SheetErrorCode, SheetLookups, SheetOption, SheetResult } from './types.ts';
