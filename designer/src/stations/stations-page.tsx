/**
 * /stations: the county's deputies' stations (GET /api/stations) and, for the office, the form
 * that creates one (POST /api/stations) with its kind in words, its manager and deputies
 * chosen by name, and the one that schedules a reception day at a station chosen by name
 * (schedule-day-form.tsx). Ids never show.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { lang, withColon } from '../i18n.ts';
import { errorsAt, ErrorList, InputField, otherErrors } from '../admin/admin-frame.tsx';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { hasRole } from '../session.ts';
import { Link } from '../ui/link.tsx';
import type { ComboOption } from '../ui/combobox.tsx';
import { PeopleChooser } from './deputy-chooser.tsx';
import { ScheduleDayForm } from './schedule-day-form.tsx';
import { LEVELS, type StationView } from './types.ts';
import { sw } from './words.ts';

export const levelTitle = (s: { levelTitle: string; levelTitleEn: string }): string => (lang() === 'en' ? s.levelTitleEn : s.levelTitle);

export function StationsPage(): JSX.Element {
  const [stations, { refetch }] = createResource(() => api<{ stations: StationView[] }>('GET', '/stations').then((r) => r.stations));
  const office = () => hasRole('admin', 'staff');
  const [notice, setNotice] = createSignal('');
  return (
    <section class="stations-page">
      <h1>{sw('stationsTitle')}</h1>
      <p class="notice">{sw('stationsIntro')}</p>
      <Show when={notice()}><p role="status" class="admin-ok">{notice()}</p></Show>
      <Show when={office()}>
        <NewStationForm onCreated={async (s) => { await refetch(); setNotice(`${withColon(sw('created'))}${s.name}`); }} />
      </Show>
      <Show when={office()}>
        <ScheduleDayForm onSaved={async (name) => { setNotice(sw('scheduledAt', { station: name })); }} />
      </Show>
      <Show when={!stations.error} fallback={<p role="alert" class="error">{apiErrorText(stations.error)}</p>}>
        <div class="table-wrap">
          <table class="admin-table" aria-busy={stations.loading}>
            <thead>
              <tr>
                <th scope="col">{sw('stationName')}</th>
                <th scope="col">{sw('level')}</th>
                <th scope="col">{sw('township')}</th>
                <th scope="col">{sw('manager')}</th>
                <th scope="col">{sw('deputies')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={stations() ?? []} fallback={<tr><td colspan="5" class="empty">{stations.loading ? '…' : sw('noStations')}</td></tr>}>
                {(s) => (
                  <tr class={s.active ? '' : 'admin-inactive'} data-station={s.name}>
                    <td><Link href={`/stations/${encodeURIComponent(s.id)}`}>{lang() === 'en' && s.nameEn ? s.nameEn : s.name}</Link>{s.active ? '' : ` ${sw('inactive')}`}</td>
                    <td>{levelTitle(s)}</td>
                    <td>{s.township ?? ''}</td>
                    <td>{s.managerName ?? ''}</td>
                    <td>{sw('deputyCount', { n: s.deputyCount })}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

function NewStationForm(props: { onCreated: (s: StationView) => Promise<void> }): JSX.Element {
  const [name, setName] = createSignal('');
  const [level, setLevel] = createSignal('STATION');
  const [township, setTownship] = createSignal('');
  const [address, setAddress] = createSignal('');
  const [grids, setGrids] = createSignal('');
  const [manager, setManager] = createSignal<ComboOption[]>([]);
  const [deputies, setDeputies] = createSignal<ComboOption[]>([]);
  const add = createSubmission();
  const submit = (e: Event) => {
    e.preventDefault();
    void add.run(async () => {
      const station = await api<StationView>('POST', '/stations', {
        name: name(),
        level: level(),
        township: township() || null,
        address: address() || null,
        managerId: manager()[0]?.id ?? null,
        grids: grids().split(/[、,，;；\s]+/).filter((g) => g !== ''),
        deputyIds: deputies().map((d) => d.id),
      });
      setName(''); setTownship(''); setAddress(''); setGrids(''); setManager([]); setDeputies([]);
      await props.onCreated(station);
    });
  };
  const shown = ['/name', '/level', '/township', '/address', '/grids'];
  return (
    <form class="admin-form" onSubmit={submit} aria-label={sw('newStation')}>
      <h2>{sw('newStation')}</h2>
      <ErrorList errors={otherErrors(add.fieldErrors(), shown)} />
      <Show when={add.error()}><p role="alert" class="error">{add.error()}</p></Show>
      <div class="admin-row">
        <InputField id="station-name" label={sw('stationName')} required value={name()} onInput={setName} errors={errorsAt(add.fieldErrors(), '/name')} />
        <div class="admin-field">
          <label for="station-level">{sw('level')}</label>
          <select id="station-level" value={level()} onChange={(e) => setLevel(e.currentTarget.value)}>
            <For each={LEVELS}>{(l) => <option value={l.id}>{lang() === 'en' ? l.title_en : l.title}</option>}</For>
          </select>
        </div>
        <InputField id="station-township" label={sw('township')} value={township()} onInput={setTownship} errors={errorsAt(add.fieldErrors(), '/township')} />
      </div>
      <div class="admin-row">
        <InputField id="station-address" label={sw('address')} value={address()} onInput={setAddress} errors={errorsAt(add.fieldErrors(), '/address')} />
        <InputField id="station-grids" label={sw('grids')} hint={sw('gridsHint')} value={grids()} onInput={setGrids} errors={errorsAt(add.fieldErrors(), '/grids')} />
      </div>
      <PeopleChooser id="station-manager" kind="user" multiple={false} label={sw('manager')} selected={manager()} onChange={setManager} />
      <PeopleChooser id="station-deputies" kind="deputy" multiple label={sw('deputies')} selected={deputies()} onChange={setDeputies} />
      <div class="actions"><button type="submit" disabled={add.busy()}>{sw('createStation')}</button></div>
    </form>
  );
}
