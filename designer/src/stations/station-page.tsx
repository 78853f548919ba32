/**
 * /stations/:id: one station — its deputies (attach by name, detach), its reception cadences
 * (every week on a weekday, or a day of every / odd / even month, with times and how many
 * deputies are on duty in turn) and its calendar of reception days in words; the QR poster.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { lang, listJoin, withColon } from '../i18n.ts';
import { ErrorList, errorsAt, InputField, otherErrors } from '../admin/admin-frame.tsx';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { hasRole } from '../session.ts';
import { Link } from '../ui/link.tsx';
import type { ComboOption } from '../ui/combobox.tsx';
import { PeopleChooser } from './deputy-chooser.tsx';
import { levelTitle } from './stations-page.tsx';
import { WEEKDAYS, type CadenceView, type ReceptionDay, type StationView } from './types.ts';
import { sw } from './words.ts';

export function StationPage(props: { id: string }): JSX.Element {
  const path = `/stations/${encodeURIComponent(props.id)}`;
  const [station, { refetch }] = createResource(() => api<StationView>('GET', path));
  const [cadences, cadenceList] = createResource(() => api<{ cadences: CadenceView[] }>('GET', `/reception-cadences?station=${encodeURIComponent(props.id)}`).then((r) => r.cadences));
  const [days, dayList] = createResource(() => api<{ receptions: ReceptionDay[] }>('GET', `${path}/receptions`).then((r) => r.receptions));
  const office = () => hasRole('admin', 'staff');
  const [notice, setNotice] = createSignal('');
  const [chosen, setChosen] = createSignal<ComboOption[]>([]);
  const attach = createSubmission();
  const change = createSubmission();
  const doAttach = (e: Event) => {
    e.preventDefault();
    void attach.run(async () => {
      await api('POST', `${path}/deputies`, { deputyIds: chosen().map((c) => c.id) });
      setChosen([]);
      await refetch();
    });
  };
  const detach = (id: string) => void change.run(async () => {
    await api('DELETE', `${path}/deputies/${encodeURIComponent(id)}`);
    await refetch();
  });
  const setActive = (active: boolean) => void change.run(async () => {
    await api('PATCH', path, { active });
    await refetch();
  });

  return (
    <section class="station-page">
      <p><Link href="/stations">{sw('back')}</Link></p>
      <Show when={!station.error} fallback={<p role="alert" class="error">{apiErrorText(station.error)}</p>}>
        <Show when={station()}>
          {(s) => (
            <>
              <h1>{lang() === 'en' && s().nameEn ? s().nameEn : s().name}</h1>
              <dl class="station-facts">
                <dt>{sw('level')}</dt><dd>{levelTitle(s())}</dd>
                <dt>{sw('township')}</dt><dd>{s().township ?? ''}</dd>
                <dt>{sw('address')}</dt><dd>{s().address ?? ''}</dd>
                <dt>{sw('manager')}</dt><dd>{s().managerName ?? ''}</dd>
                <dt>{sw('grids')}</dt><dd>{listJoin(s().grids)}</dd>
              </dl>
              <p class="actions">
                <Link href={`${path}/poster`}>{sw('qr')}</Link>
                <Show when={s().active}>
                  {' '}<Link href={`${path}/record`}>{sw('recordIssue')}</Link>
                </Show>
                <Show when={office()}>
                  <button type="button" class="secondary" disabled={change.busy()} onClick={() => setActive(!s().active)}>{sw(s().active ? 'deactivate' : 'reactivate')}</button>
                </Show>
              </p>
              <Show when={notice()}><p role="status" class="admin-ok">{notice()}</p></Show>
              <Show when={change.error()}><p role="alert" class="error">{change.error()}</p></Show>

              <h2>{sw('deputies')}</h2>
              <ul class="station-deputies">
                <For each={s().deputies ?? []}>
                  {(d) => (
                    <li data-deputy={d.name}>
                      {d.name}<Show when={d.delegation}><span class="muted">（{d.delegation}）</span></Show>
                      <Show when={office()}>
                        {' '}<button type="button" class="secondary small" aria-label={`${sw('detach')} ${d.name}`} onClick={() => detach(d.id)}>{sw('detach')}</button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={office()}>
                <form class="admin-form" onSubmit={doAttach} aria-label={sw('addDeputies')}>
                  <ErrorList errors={attach.fieldErrors()} />
                  <Show when={attach.error()}><p role="alert" class="error">{attach.error()}</p></Show>
                  <PeopleChooser id="attach-deputies" kind="deputy" multiple label={sw('addDeputies')} selected={chosen()} onChange={setChosen} />
                  <div class="actions"><button type="submit" disabled={attach.busy() || chosen().length === 0}>{sw('add')}</button></div>
                </form>
              </Show>

              <h2>{sw('cadences')}</h2>
              <ul class="station-cadences">
                <For each={cadences() ?? []} fallback={<li class="muted">{sw('noCadences')}</li>}>
                  {(c) => <li>{lang() === 'en' ? c.title_en : c.title}{c.active ? '' : `（${sw('inactive')}）`}</li>}
                </For>
              </ul>
              <Show when={office()}>
                <CadenceForm stationId={props.id} onSaved={async (made) => { await cadenceList.refetch(); await dayList.refetch(); setNotice(sw('cadenceSaved', { n: made })); }} />
              </Show>

              <Show when={office() && s().active}>
                <OneDayForm station={s()} onSaved={async () => { await dayList.refetch(); setNotice(sw('oneDaySaved')); }} />
              </Show>

              <h2>{sw('calendar')}</h2>
              <ReceptionList days={days() ?? []} loading={days.loading} showStation={false} />
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}

function CadenceForm(props: { stationId: string; onSaved: (made: number) => Promise<void> }): JSX.Element {
  const [kind, setKind] = createSignal<'WEEKLY' | 'MONTHLY'>('WEEKLY');
  const [weekday, setWeekday] = createSignal('1');
  const [day, setDay] = createSignal('15');
  const [months, setMonths] = createSignal('ALL');
  const [start, setStart] = createSignal('09:00');
  const [end, setEnd] = createSignal('11:00');
  const [per, setPer] = createSignal('0');
  const [place, setPlace] = createSignal('');
  const save = createSubmission();
  const submit = (e: Event) => {
    e.preventDefault();
    void save.run(async () => {
      const rule = kind() === 'WEEKLY' ? { kind: 'WEEKLY', weekday: Number(weekday()) } : { kind: 'MONTHLY', day: Number(day()), months: months() };
      const r = await api<{ made: number }>('POST', '/reception-cadences', { stationId: props.stationId, rule, startTime: start(), endTime: end(), deputiesPerSession: Number(per()), place: place() || null });
      await props.onSaved(r.made);
    });
  };
  const label = (o: { title: string; title_en: string }) => (lang() === 'en' ? o.title_en : o.title);
  return (
    <form class="admin-form" onSubmit={submit} aria-label={sw('newCadence')}>
      <h3>{sw('newCadence')}</h3>
      <ErrorList errors={otherErrors(save.fieldErrors(), ['/startTime', '/endTime', '/deputiesPerSession', '/place'])} />
      <Show when={save.error()}><p role="alert" class="error">{save.error()}</p></Show>
      <div class="admin-row">
        <div class="admin-field">
          <label for="cadence-kind">{sw('cadenceKind')}</label>
          <select id="cadence-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value === 'MONTHLY' ? 'MONTHLY' : 'WEEKLY')}>
            <option value="WEEKLY">{sw('weekly')}</option>
            <option value="MONTHLY">{sw('monthly')}</option>
          </select>
        </div>
        <Show when={kind() === 'WEEKLY'}>
          <div class="admin-field">
            <label for="cadence-weekday">{sw('weekday')}</label>
            <select id="cadence-weekday" value={weekday()} onChange={(e) => setWeekday(e.currentTarget.value)}>
              <For each={WEEKDAYS}>{(d) => <option value={String(d.id)}>{label(d)}</option>}</For>
            </select>
          </div>
        </Show>
        <Show when={kind() === 'MONTHLY'}>
          <InputField id="cadence-day" type="number" min={1} max={28} label={sw('dayOfMonth')} value={day()} onInput={setDay} errors={errorsAt(save.fieldErrors(), '/rule/day')} />
          <div class="admin-field">
            <label for="cadence-months">{sw('months')}</label>
            <select id="cadence-months" value={months()} onChange={(e) => setMonths(e.currentTarget.value)}>
              <option value="ALL">{sw('allMonths')}</option>
              <option value="ODD">{sw('oddMonths')}</option>
              <option value="EVEN">{sw('evenMonths')}</option>
            </select>
          </div>
        </Show>
        <InputField id="cadence-start" type="text" label={sw('startTime')} value={start()} onInput={setStart} errors={errorsAt(save.fieldErrors(), '/startTime')} />
        <InputField id="cadence-end" type="text" label={sw('endTime')} value={end()} onInput={setEnd} errors={errorsAt(save.fieldErrors(), '/endTime')} />
      </div>
      <div class="admin-row">
        <InputField id="cadence-per" type="number" min={0} max={50} label={sw('perSession')} hint={sw('perSessionHint')} value={per()} onInput={setPer} errors={errorsAt(save.fieldErrors(), '/deputiesPerSession')} />
        <InputField id="cadence-place" label={sw('place')} value={place()} onInput={setPlace} errors={errorsAt(save.fieldErrors(), '/place')} />
      </div>
      <div class="actions"><button type="submit" disabled={save.busy()}>{sw('saveCadence')}</button></div>
    </form>
  );
}

/** One reception day by hand (POST /api/receptions), besides the cadences: date, times, place, the deputies on duty ticked by name. */
function OneDayForm(props: { station: StationView; onSaved: () => Promise<void> }): JSX.Element {
  const [date, setDate] = createSignal('');
  const [start, setStart] = createSignal('09:00');
  const [end, setEnd] = createSignal('11:00');
  const [place, setPlace] = createSignal('');
  const [onDuty, setOnDuty] = createSignal<string[]>([]);
  const save = createSubmission();
  const toggle = (id: string, on: boolean) => setOnDuty(on ? [...onDuty().filter((x) => x !== id), id] : onDuty().filter((x) => x !== id));
  const submit = (e: Event) => {
    e.preventDefault();
    void save.run(async () => {
      await api('POST', '/receptions', { stationId: props.station.id, date: date(), startTime: start(), endTime: end(), place: place() || null, deputyIds: onDuty() });
      setOnDuty([]);
      setDate('');
      await props.onSaved();
    });
  };
  return (
    <form class="admin-form" onSubmit={submit} aria-label={sw('oneDay')}>
      <h3>{sw('oneDay')}</h3>
      <ErrorList errors={otherErrors(save.fieldErrors(), ['/date', '/startTime', '/endTime', '/place'])} />
      <Show when={save.error()}><p role="alert" class="error">{save.error()}</p></Show>
      <div class="admin-row">
        <InputField id="one-day-date" type="date" label={sw('oneDayDate')} value={date()} onInput={setDate} errors={errorsAt(save.fieldErrors(), '/date')} />
        <InputField id="one-day-start" type="text" label={sw('startTime')} value={start()} onInput={setStart} errors={errorsAt(save.fieldErrors(), '/startTime')} />
        <InputField id="one-day-end" type="text" label={sw('endTime')} value={end()} onInput={setEnd} errors={errorsAt(save.fieldErrors(), '/endTime')} />
        <InputField id="one-day-place" label={sw('place')} value={place()} onInput={setPlace} errors={errorsAt(save.fieldErrors(), '/place')} />
      </div>
      <fieldset class="one-day-deputies">
        <legend>{sw('oneDayDeputies')}</legend>
        <p class="muted">{sw('oneDayDeputiesHint')}</p>
        <For each={props.station.deputies ?? []}>
          {(d) => (
            <label class="check">
              <input type="checkbox" checked={onDuty().includes(d.id)} onChange={(e) => toggle(d.id, e.currentTarget.checked)} /> {d.name}
            </label>
          )}
        </For>
      </fieldset>
      <div class="actions"><button type="submit" disabled={save.busy() || date() === ''}>{sw('oneDaySave')}</button></div>
    </form>
  );
}

/** Reception days as cards: when (in words), state, place, the deputies on duty by name. */
export function ReceptionList(props: { days: ReceptionDay[]; loading: boolean; showStation: boolean; empty?: string }): JSX.Element {
  return (
    <ul class="reception-days" aria-busy={props.loading}>
      <For each={props.days} fallback={<li class="muted">{props.loading ? '…' : props.empty ?? sw('noReceptions')}</li>}>
        {(d) => (
          <li class="reception-day" data-reception={d.dateLabel}>
            <p class="reception-when"><strong>{d.dateLabel}</strong> <span class="status">{lang() === 'en' ? d.stateTitleEn : d.stateTitle}</span></p>
            <Show when={props.showStation}><p class="reception-station">{d.stationName}</p></Show>
            <Show when={d.place}><p class="muted">{d.place}</p></Show>
            <p>{withColon(sw('onDuty'))}{listJoin(d.deputies.map((p) => p.name))}</p>
          </li>
        )}
      </For>
    </ul>
  );
}
