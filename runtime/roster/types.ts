/**
 * Types of the deputy roster (代表名册) import: a table of cells with the line each row came
 * from, the parsed rows, and row errors (line, column, reason). Pure data.
 */

/** One row of a table as read from a file: `line` is 1-based (CSV line, or XLSX sheet row). */
export interface TableRow {
  line: number;
  cells: string[];
}

/** The fields a roster column can map to. */
export const ROSTER_FIELDS = ['name', 'delegation', 'group', 'phone', 'standingCommittee', 'username'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/**
 * One deputy as read from a data row. Values are normalised when valid (phone digits only,
 * yes/no as a boolean); an invalid value is kept as written (trimmed) so a preview can show
 * it beside its error, and `standingCommittee` is then null.
 */
export interface RosterRow {
  line: number;
  name: string;
  delegation: string | null;
  group: string | null;
  phone: string | null;
  standingCommittee: boolean | null;
  /** The login name; the phone when the file has no username for the row. */
  username: string | null;
  usernameFromPhone: boolean;
}

export type RosterErrorCode =
  // the file as a whole
  | 'EMPTY_FILE'
  | 'NO_DATA_ROWS'
  | 'TOO_MANY_ROWS'
  | 'CSV_UNTERMINATED_QUOTE'
  // the header
  | 'UNKNOWN_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'UNNAMED_COLUMN'
  | 'MISSING_COLUMN'
  // one row
  | 'INVALID_CHARACTER'
  | 'NAME_REQUIRED'
  | 'NAME_TOO_LONG'
  | 'TEXT_TOO_LONG'
  | 'PHONE_INVALID'
  | 'STANDING_COMMITTEE_INVALID'
  | 'USERNAME_REQUIRED'
  | 'USERNAME_INVALID'
  | 'DUPLICATE_USERNAME'
  | 'DUPLICATE_PHONE'
  // against the database (added by the store)
  | 'USERNAME_TAKEN'
  | 'PHONE_TAKEN';

/**
 * `line` is the 1-based line of the file (the header is line 1 unless title rows precede it);
 * `column` is the header cell as written ('' for an error of the whole file or of a column
 * without a name).
 */
export interface RosterError {
  line: number;
  column: string;
  code: RosterErrorCode;
  message: string;
  message_en: string;
}

export interface RosterParseResult {
  rows: RosterRow[];
  errors: RosterError[];
  /** Which header cell (as written) each recognised field came from. */
  columns: Partial<Record<RosterField, string>>;
}

/**
 * What a client sends: CSV as text (already decoded) or as base64 bytes (UTF-8, GB18030 as
 * saved by Chinese Excel, or UTF-16 with a BOM), or an XLSX workbook as base64.
 */
export type RosterInput = { format: 'csv'; text: string } | { format: 'csv' | 'xlsx'; base64: string };
