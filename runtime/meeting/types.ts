/**
 * Types of the lists the chair council approves in one step as sheets — the assignment
 * meeting's 交办清单 (definitions/assignment-meeting) and the year-end review's 集中办结清单
 * (definitions/suggestion-closing): the candidates a list may name, the rows read from a file,
 * and row errors in words. Pure data.
 */

/** assign: a 交办会's list; close: a year-end review's closing list. */
export type SheetKind = 'assign' | 'close';

/** A suggestion the list may name: registered, waiting for its assignment. */
export interface MeetingCandidate {
  instanceId: string;
  serialNo: string | null;
  title: string;
  /** The units the deputy suggested (ids), the list's default lead unit. */
  suggestedUnitIds: string[];
}

/** One row of the list, in the shape of the package's `list` form (ids, never shown). */
export interface MeetingRow {
  instanceId: string;
  serialNo?: string;
  title?: string;
  mode: string;
  leadUnitId?: string;
  assistUnitIds?: string[];
  separateUnitIds?: string[];
  supervisionLevel: string;
  dueAt?: string;
  viaGovOffice?: boolean;
}

/** One row of a year-end closing list (definitions/suggestion-closing's `list` form). */
export interface ClosingRow {
  instanceId: string;
  serialNo?: string;
  title?: string;
  /** The review's note on it (审查意见). */
  note?: string;
}

/** An option of the list form (办理方式, 督办级别) with its words. */
export interface SheetOption {
  value: string;
  title: string;
  title_en: string;
}

/** What every list sheet is checked against. */
export interface ListLookups {
  candidates: readonly MeetingCandidate[];
  /** The county's suggestions the sheet names by number (normalised: no spaces, lower case), each with its state in words: a known number that is no candidate is "not waiting". */
  known?: ReadonlyMap<string, { title: string; stateTitle: string; stateTitle_en: string }>;
  /** Suggestions on another open list, by instance id: the list's title. */
  held?: ReadonlyMap<string, string>;
}

export interface SheetLookups extends ListLookups {
  /** The county's active units. */
  units: ReadonlyArray<{ id: string; name: string; name_en: string | null }>;
  modes: readonly SheetOption[];
  levels: readonly SheetOption[];
}

export type SheetErrorCode =
  | 'EMPTY_FILE'
  | 'NO_DATA_ROWS'
  | 'TOO_MANY_ROWS'
  | 'MISSING_COLUMN'
  | 'UNKNOWN_COLUMN'
  | 'INVALID_CHARACTER'
  | 'SUGGESTION_REQUIRED'
  | 'UNKNOWN_SUGGESTION'
  | 'DUPLICATE_SUGGESTION'
  | 'NOT_WAITING'
  | 'ON_OTHER_LIST'
  | 'TEXT_TOO_LONG'
  | 'UNKNOWN_MODE'
  | 'UNKNOWN_UNIT'
  | 'LEAD_UNIT_REQUIRED'
  | 'ASSIST_UNITS_REQUIRED'
  | 'SEPARATE_UNITS_REQUIRED'
  | 'UNKNOWN_LEVEL'
  | 'DATE_INVALID'
  | 'YES_NO_INVALID';

/** `line`: the sheet's row number; `column`: the header cell as written ('' for the whole file). */
export interface SheetError {
  line: number;
  column: string;
  code: SheetErrorCode;
  message: string;
  message_en: string;
}

export interface SheetResult<R = MeetingRow> {
  /** Empty whenever `errors` is not: nothing is imported while an error remains. */
  rows: R[];
  errors: SheetError[];
}
