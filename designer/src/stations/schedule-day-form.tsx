/**
 * 安排接待日 on the stations list (POST /api/receptions): the station chosen by name from a
 * searchable list (GET /api/stations?q=, active stations only; kind and town tell two alike
 * apart), the date and times, and the deputies on duty chosen by name from the directory.
 * No id is typed or shown: the form keeps the chosen ids and shows names.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { ErrorList, errorsAt, InputField, otherErrors } from '../admin/admin-frame.tsx';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { Combobox, type ComboOption } from '../ui/combobox.tsx';
import { PeopleChooser } from './deputy-chooser.tsx';
import type { StationView } from './types.ts';
import { sw } from './words.ts';

/** Active stations whose name contains `q`, as options: the name, with the kind and town beneath. */
async function searchStations(q: string): Promise<ComboOption[]> {
  const params = new URLSearchParams({ active: 'true' });
  if (q.trim() !== '') params.set('q', q.trim());
  const r = await api<{ stations: StationView[] }>('GET', `/stations?${params}`);
  return r.stations.map((s) => ({
    id: s.id,
    label: lang() === 'en' && s.nameEn ? s.nameEn : s.name,
    note: [lang() === 'en' ? s.levelTitleEn : s.levelTitle, s.township].filter(Boolean).join(' · ') || null,
  }));
}

export function ScheduleDayForm(props: { onSaved: (stationName: string) => Promise<void> }): JSX.Element {
  const [station, setStation] = createSignal<ComboOption[]>([]);
  const [date, setDate] = createSignal('');
  const [start, setStart] = createSignal('09:00');
  const [end, setEnd] = createSignal('11:00');
  const [place, setPlace] = createSignal('');
  const [deputies, setDeputies] = createSignal<ComboOption[]>([]);
  const save = createSubmission();
  const submit = (e: Event) => {
    e.preventDefault();
    const chosen = station()[0];
    void save.run(async () => {
      await api('POST', '/receptions', { stationId: chosen?.id ?? '', date: date(), startTime: start(), endTime: end(), place: place() || null, deputyIds: deputies().map((d) => d.id) });
      setStation([]);
      setDeputies([]);
      setDate('');
      setPlace('');
      await props.onSaved(chosen?.label ?? '');
    });
  };
  return (
    <form class="admin-form" onSubmit={submit} aria-label={sw('scheduleDay')}>
      <h2>{sw('scheduleDay')}</h2>
      <ErrorList errors={otherErrors(save.fieldErrors(), ['/date', '/startTime', '/endTime', '/place'])} />
      <Show when={save.error()}><p role="alert" class="error">{save.error()}</p></Show>
      <div class="admin-field">
        <label for="schedule-station">{sw('scheduleStation')}</label>
        <Combobox
          id="schedule-station"
          multiple={false}
          required
          invalid={errorsAt(save.fieldErrors(), '/stationId').length > 0}
          selected={station()}
          search={searchStations}
          onSelect={(o) => setStation([o])}
          onRemove={() => setStation([])}
          errorText={apiErrorText}
          texts={{
            placeholder: sw('pickStation'),
            loading: t('loading'),
            noMatches: t('noMatches'),
            results: (n) => t('matchCount').replace('{n}', String(n)),
            remove: (name) => `${t('remove')} ${name}`,
            chosen: sw('scheduleStation'),
            list: sw('scheduleStation'),
          }}
        />
      </div>
      <div class="admin-row">
        <InputField id="schedule-date" type="date" label={sw('oneDayDate')} value={date()} onInput={setDate} errors={errorsAt(save.fieldErrors(), '/date')} />
        <InputField id="schedule-start" type="text" label={sw('startTime')} value={start()} onInput={setStart} errors={errorsAt(save.fieldErrors(), '/startTime')} />
        <InputField id="schedule-end" type="text" label={sw('endTime')} value={end()} onInput={setEnd} errors={errorsAt(save.fieldErrors(), '/endTime')} />
        <InputField id="schedule-place" label={sw('place')} value={place()} onInput={setPlace} errors={errorsAt(save.fieldErrors(), '/place')} />
      </div>
      <PeopleChooser id="schedule-deputies" kind="deputy" multiple label={sw('oneDayDeputies')} selected={deputies()} onChange={setDeputies} />
      <p class="muted">{sw('scheduleDeputiesHint')}</p>
      <div class="actions"><button type="submit" disabled={save.busy() || station().length === 0 || date() === ''}>{sw('oneDaySave')}</button></div>
    </form>
  );
}
