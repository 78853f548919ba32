/**
 * The warning every admin page shows when the county's holiday calendar lacks a year it needs
 * today (this year; next year from 1 November): GET /api/calendar/status, in words, with a
 * link to the holidays page. Until that year is imported its working-day deadlines count
 * Monday–Friday, so the warning stays until it is (README "Holiday calendars").
 */
import { createResource, createSignal, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { lang } from '../i18n.ts';
import { Link } from '../ui/link.tsx';
import { w } from './words.ts';

export interface CalendarStatus {
  today: string;
  knownYears: number[];
  missingYears: number[];
  message: string;
  message_en: string;
}

const [version, setVersion] = createSignal(0);

/** After an edit of the calendar: every warning on screen asks again. */
export function refreshCalendarStatus(): void {
  setVersion((v) => v + 1);
}

export function createCalendarStatus() {
  return createResource(version, () => api<CalendarStatus>('GET', '/calendar/status'));
}

export function CalendarWarning(): JSX.Element {
  const [status] = createCalendarStatus();
  const missing = () => (status.error ? undefined : status());
  return (
    <Show when={missing() && missing()!.missingYears.length > 0}>
      <div class="notice warn" role="alert" data-testid="calendar-warning">
        <p>{lang() === 'zh' ? missing()!.message : missing()!.message_en}</p>
        <p><Link href="/admin/calendar">{w('calendarWarningLink')}</Link></p>
      </div>
    </Show>
  );
}
