/**
 * /admin/calendar: the county's holidays (节假日) by year, in words — date, weekday, 放假 or
 * 调休上班, and the day's name — with where the year comes from (the State Council's notice,
 * the county's own calendar, or not imported). The admin adds or removes a day, imports a
 * year from a JSON file shaped like the shipped national calendar, or goes back to the
 * national year. API: /api/calendar/… (server/routes/calendar.ts).
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, ApiError } from '../api.ts';
import { lang, withColon } from '../i18n.ts';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { AdminFrame, ErrorList, errorsAt, FieldMessages, InputField, otherErrors } from './admin-frame.tsx';
import { createCalendarStatus, refreshCalendarStatus } from './calendar-warning.tsx';
import { dateText, w } from './words.ts';

interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

interface CalendarYearView {
  year: number;
  source: 'national' | 'county' | 'missing';
  national: boolean;
  days: CalendarDay[];
  /** After an edit: how many open deadlines were counted again on the new calendar. */
  recounted?: number;
}

/** "；已按新日历重算 3 项期限" after an edit that moved some open deadlines; nothing when none moved. */
const recountedText = (n: number | undefined) => (n ? `${lang() === 'zh' ? '；' : '; '}${w('calendarRecounted', { n })}` : '');

/** A calendar file is a few kilobytes a year; this bounds a wrong file chosen by mistake. */
const MAX_FILE_BYTES = 256 * 1024;

export function CalendarPage(): JSX.Element {
  return (
    <AdminFrame current="calendar">
      <CalendarScreen />
    </AdminFrame>
  );
}

function weekday(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return lang() === 'zh' ? `星期${'日一二三四五六'[day]}` : ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][day] ?? '';
}

function CalendarScreen(): JSX.Element {
  const [status] = createCalendarStatus();
  const [chosen, setChosen] = createSignal<number | null>(null);
  /** The year shown: the admin's choice, else the first missing year, else this year. */
  const year = () => chosen() ?? status()?.missingYears[0] ?? Number((status()?.today ?? '').slice(0, 4));
  const years = () => {
    const s = status();
    if (!s) return [];
    const now = Number(s.today.slice(0, 4));
    return [...new Set([...s.knownYears, ...s.missingYears, now, now + 1])].sort((a, b) => a - b);
  };
  const [view, { mutate }] = createResource(() => (status() ? year() : undefined), (y) => api<CalendarYearView>('GET', `/calendar?year=${y}`));
  const [notice, setNotice] = createSignal('');
  const changed = (v: CalendarYearView, text: string) => {
    mutate(v);
    refreshCalendarStatus();
    setNotice(`${text}${recountedText(v.recounted)}`);
  };

  const [date, setDate] = createSignal('');
  const [kind, setKind] = createSignal<'holiday' | 'workday'>('holiday');
  const [name, setName] = createSignal('');
  const add = createSubmission();
  const addDay = (e: Event) => {
    e.preventDefault();
    setNotice('');
    void add.run(async () => {
      const added = await api<CalendarYearView>('POST', '/calendar/days', { date: date(), kind: kind(), name: name() });
      changed(added, `${withColon(w('calendarAdded'))}${dateText(date())} ${name().trim()}`);
      setDate('');
      setName('');
    });
  };

  const edit = createSubmission();
  const remove = (day: CalendarDay) => {
    setNotice('');
    void edit.run(async () => {
      const after = await api<CalendarYearView>('DELETE', `/calendar/days?date=${day.date}`);
      changed(after, `${withColon(w('calendarRemoved'))}${dateText(day.date)} ${day.name}`);
    });
  };
  const reset = () => {
    setNotice('');
    void edit.run(async () => changed(await api<CalendarYearView>('DELETE', `/calendar?year=${year()}`), w('calendarResetDone')));
  };

  const upload = createSubmission();
  const importFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setNotice('');
    void upload.run(async () => {
      if (file.size > MAX_FILE_BYTES) throw new ApiError(400, 'INVALID_INPUT', w('calendarNotJson', { name: file.name }));
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        throw new ApiError(400, 'INVALID_INPUT', w('calendarNotJson', { name: file.name }));
      }
      const r = await api<{ years: CalendarYearView[]; recounted?: number }>('POST', '/calendar/import', body);
      const first = r.years[0];
      if (first) {
        setChosen(first.year);
        mutate(first);
      }
      refreshCalendarStatus();
      setNotice(`${withColon(w('calendarImported'))}${r.years.map((y) => w('yearUnit', { year: y.year })).join('、')}${recountedText(r.recounted)}`);
    });
  };

  const sourceText = (v: CalendarYearView) =>
    w(v.source === 'national' ? 'calendarSourceNational' : v.source === 'county' ? 'calendarSourceCounty' : 'calendarSourceMissing', { year: v.year });

  return (
    <>
      <h1>{w('tabCalendar')}</h1>
      <p>{w('calendarIntro')}</p>
      <Show when={notice()}><p role="status" class="admin-ok">{notice()}</p></Show>
      <Show when={!status.error} fallback={<p role="alert" class="error">{apiErrorText(status.error)}</p>}>
        <div class="admin-field">
          <label for="calendar-year">{w('calendarYear')}</label>
          <select id="calendar-year" value={String(year())} onChange={(e) => { setNotice(''); setChosen(Number(e.currentTarget.value)); }}>
            <For each={years()}>{(y) => <option value={String(y)} selected={y === year()}>{w('yearUnit', { year: y })}</option>}</For>
          </select>
        </div>
        <Show when={view()} fallback={<p aria-busy="true">…</p>}>
          {(v) => (
            <section class="admin-panel" aria-label={sourceText(v())}>
              <h2 data-testid="calendar-source">{sourceText(v())}</h2>
              <Show when={edit.error()}><p role="alert" class="error">{edit.error()}</p></Show>
              <ErrorList errors={edit.fieldErrors()} />
              <Show when={v().days.length > 0} fallback={<p class="empty">{w('calendarNoDays')}</p>}>
                <table class="admin-table calendar-days">
                  <thead>
                    <tr>
                      <th scope="col">{w('calendarDate')}</th>
                      <th scope="col">{w('calendarWeekday')}</th>
                      <th scope="col">{w('calendarKind')}</th>
                      <th scope="col">{w('calendarName')}</th>
                      <th scope="col">{w('actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={v().days}>
                      {(d) => (
                        <tr>
                          <td>{dateText(d.date)}</td>
                          <td>{weekday(d.date)}</td>
                          <td>{w(d.kind === 'holiday' ? 'calendarHoliday' : 'calendarWorkday')}</td>
                          <td>{d.name}</td>
                          <td><button type="button" class="secondary" disabled={edit.busy()} aria-label={`${withColon(w('calendarRemove'))}${dateText(d.date)}`} onClick={() => remove(d)}>{w('calendarRemove')}</button></td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
              <Show when={v().source === 'county' && v().national}>
                <div class="actions"><button type="button" class="secondary" disabled={edit.busy()} onClick={reset}>{w('calendarReset')}</button></div>
              </Show>
            </section>
          )}
        </Show>

        <form class="admin-form admin-panel" onSubmit={addDay} aria-label={w('calendarAddDay')}>
          <h2>{w('calendarAddDay')}</h2>
          <ErrorList errors={otherErrors(add.fieldErrors(), ['/date', '/kind', '/name'])} />
          <Show when={add.error()}><p role="alert" class="error">{add.error()}</p></Show>
          <div class="admin-grid">
            <InputField id="calendar-date" type="date" label={w('calendarDate')} required value={date()} onInput={setDate} errors={errorsAt(add.fieldErrors(), '/date')} />
            <div class="admin-field">
              <label for="calendar-kind">{w('calendarKind')}</label>
              <select id="calendar-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value === 'workday' ? 'workday' : 'holiday')}>
                <option value="holiday">{w('calendarHoliday')}</option>
                <option value="workday">{w('calendarWorkday')}</option>
              </select>
              <FieldMessages id="calendar-kind" errors={errorsAt(add.fieldErrors(), '/kind')} />
            </div>
            <InputField id="calendar-name" label={w('calendarName')} required value={name()} onInput={setName} errors={errorsAt(add.fieldErrors(), '/name')} />
          </div>
          <div class="actions">
            <button type="submit" disabled={add.busy()}>{w('calendarAddDay')}</button>
          </div>
        </form>

        <section class="admin-panel" aria-label={w('calendarImport')}>
          <h2>{w('calendarImport')}</h2>
          <p class="hint" id="calendar-file-hint">{w('calendarImportHint')}</p>
          <Show when={upload.error()}><p role="alert" class="error">{upload.error()}</p></Show>
          <ErrorList errors={upload.fieldErrors()} />
          <div class="admin-field admin-file">
            <input id="calendar-file" class="sr-only" type="file" accept=".json,application/json" aria-describedby="calendar-file-hint" disabled={upload.busy()} onChange={(e) => importFile(e.currentTarget)} />
            <label for="calendar-file" class="file-button">{w('calendarChooseFile')}</label>
          </div>
        </section>
      </Show>
    </>
  );
}
