/**
 * Types of the assignment meeting's list (交办清单, definitions/assignment-meeting) as a sheet:
 * the candidates a list may name, the rows read from a file, and row errors in words. Pure data.
 */

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

/** An option of the list form (办理方式, 督办级别) with its words. */
export interface SheetOption {
  value: string;
  title: string;
  title_en: string;
}

export interface SheetLookups {
  candidates: readonly MeetingCandidate[];
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

export interface SheetResult {
  /** Empty whenever `errors` is not: nothing is imported while an error remains. */
  rows: MeetingRow[];
  errors: SheetError[];
}
