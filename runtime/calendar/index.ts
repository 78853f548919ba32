/**
 * Holiday calendars as the admin edits them: the checks of a day and of an imported file
 * (calendar-file.ts) and which years are missing today (calendar-status.ts). Pure; the store
 * writes (runtime/store/calendar-admin.ts), the engine counts (runtime/engine/calendar.ts).
 */
export * from './calendar-file.ts';
export * from './calendar-status.ts';
export { NATIONAL_YEARS } from './national.ts';
