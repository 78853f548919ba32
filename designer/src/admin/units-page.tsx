/**
 * /admin/units: the county's handling units (承办单位) with their users, add, edit (name,
 * English name, 简称 — the 发文机关代字 of its answer letter numbers), deactivate and reactivate
 * (GET/POST /api/units, PATCH /api/units/:id). People see names only; the generated ids never show.
 */
import { createMemo, createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { Unit, UserView } from '../api-types.ts';
import { inParens, lang, withColon } from '../i18n.ts';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { AdminFrame, ErrorList, errorsAt, InputField, otherErrors } from './admin-frame.tsx';
import { w } from './words.ts';

/** Units in the order an admin scans them: active first, then by name in Chinese order. */
export function sortUnits(units: readonly Unit[]): Unit[] {
  return [...units].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'zh-CN'));
}

export function unitName(u: Pick<Unit, 'name' | 'nameEn'>): string {
  return lang() === 'en' && u.nameEn ? u.nameEn : u.name;
}

export function UnitsPage(): JSX.Element {
  return (
    <AdminFrame current="units">
      <UnitsScreen />
    </AdminFrame>
  );
}

function UnitsScreen(): JSX.Element {
  const [units, { refetch }] = createResource(() => api<{ units: Unit[] }>('GET', '/units').then((r) => sortUnits(r.units)));
  const [users] = createResource(() => api<{ users: UserView[] }>('GET', '/users').then((r) => r.users));
  const usersOf = (unitId: string) => (users() ?? []).filter((u) => u.unitId === unitId && u.active).length;
  const [notice, setNotice] = createSignal('');

  const [name, setName] = createSignal('');
  const [nameEn, setNameEn] = createSignal('');
  const [shortName, setShortName] = createSignal('');
  const add = createSubmission();
  const addUnit = (e: Event) => {
    e.preventDefault();
    setNotice('');
    void add.run(async () => {
      const unit = await api<Unit>('POST', '/units', { name: name(), ...(nameEn().trim() ? { nameEn: nameEn() } : {}), ...(shortName().trim() ? { shortName: shortName() } : {}) });
      setName('');
      setNameEn('');
      setShortName('');
      // The list first, then the notice: what the notice announces is already on screen.
      await refetch();
      setNotice(`${withColon(w('unitAdded'))}${unitName(unit)}`);
    });
  };

  return (
    <>
      <h1>{w('tabUnits')}</h1>
      <p class="notice">{w('unitsNote')}</p>
      <Show when={notice()}><p role="status" class="admin-ok">{notice()}</p></Show>

      <form class="admin-form admin-inline-form" onSubmit={addUnit} aria-label={w('addUnit')}>
        <h2>{w('addUnit')}</h2>
        <ErrorList errors={otherErrors(add.fieldErrors(), ['/name', '/nameEn', '/shortName'])} />
        <Show when={add.error()}><p role="alert" class="error">{add.error()}</p></Show>
        <div class="admin-row">
          <InputField id="unit-name" label={w('unitName')} required value={name()} onInput={setName} errors={errorsAt(add.fieldErrors(), '/name')} />
          <InputField id="unit-name-en" label={w('unitNameEn')} value={nameEn()} onInput={setNameEn} errors={errorsAt(add.fieldErrors(), '/nameEn')} />
          <InputField id="unit-short-name" label={w('unitShortName')} value={shortName()} onInput={setShortName} errors={errorsAt(add.fieldErrors(), '/shortName')} />
          <button type="submit" disabled={add.busy()}>{w('addUnit')}</button>
        </div>
      </form>

      <Show when={!units.error} fallback={<p role="alert" class="error">{apiErrorText(units.error)}</p>}>
        <div class="table-wrap">
          <table class="admin-table" aria-busy={units.loading}>
            <thead>
              <tr>
                <th scope="col">{w('unitName')}</th>
                <th scope="col">{w('users')}</th>
                <th scope="col">{w('status')}</th>
                <th scope="col">{w('actions')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={units() ?? []} fallback={<tr><td colspan="4" class="empty">{units.loading ? '…' : w('noUnits')}</td></tr>}>
                {(unit) => <UnitRow unit={unit} users={usersOf(unit.id)} onChanged={async (message) => { await refetch(); setNotice(message); }} />}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </>
  );
}

function UnitRow(props: { unit: Unit; users: number; onChanged: (message: string) => Promise<void> }): JSX.Element {
  const [editing, setEditing] = createSignal(false);
  const [name, setName] = createSignal(props.unit.name);
  const [nameEn, setNameEn] = createSignal(props.unit.nameEn ?? '');
  const [shortName, setShortName] = createSignal(props.unit.shortName ?? '');
  const save = createSubmission();
  const toggle = createSubmission();
  const rowId = createMemo(() => `unit-${props.unit.id}`);

  const rename = (e: Event) => {
    e.preventDefault();
    void save.run(async () => {
      const unit = await api<Unit>('PATCH', `/units/${encodeURIComponent(props.unit.id)}`, { name: name(), nameEn: nameEn().trim() === '' ? null : nameEn(), shortName: shortName().trim() === '' ? null : shortName() });
      setEditing(false);
      // Say what changed: the new name, else the short name set or cleared.
      const renamed = unit.name !== props.unit.name || unit.nameEn !== props.unit.nameEn || unit.shortName === props.unit.shortName;
      await props.onChanged(renamed ? `${w('unitRenamed')}“${unitName(unit)}”` : unit.shortName ? w('unitShortNameSaved', { name: unit.shortName }) : w('unitShortNameCleared'));
    });
  };
  const setActive = (active: boolean) =>
    void toggle.run(async () => {
      const unit = await api<Unit>('PATCH', `/units/${encodeURIComponent(props.unit.id)}`, { active });
      await props.onChanged(`${withColon(w(active ? 'unitReactivated' : 'unitDeactivated'))}${unitName(unit)}`);
    });

  return (
    <tr class={props.unit.active ? '' : 'admin-inactive'} data-unit={props.unit.name}>
      <td>
        <Show
          when={editing()}
          fallback={
            <>
              <span class="admin-name">{unitName(props.unit)}</span>
              <Show when={lang() === 'zh' && props.unit.nameEn}><br /><span class="muted">{props.unit.nameEn}</span></Show>
              <Show when={props.unit.shortName}>{(short) => <><br /><span class="muted unit-short-name">{w('unitShortNameShown', { name: short() })}</span></>}</Show>
            </>
          }
        >
          <form class="admin-form" onSubmit={rename} aria-label={`${withColon(w('edit'))}${unitName(props.unit)}`}>
            <ErrorList errors={otherErrors(save.fieldErrors(), ['/name', '/nameEn', '/shortName'])} />
            <Show when={save.error()}><p role="alert" class="error">{save.error()}</p></Show>
            <InputField id={`${rowId()}-name`} label={w('unitName')} required value={name()} onInput={setName} errors={errorsAt(save.fieldErrors(), '/name')} />
            <InputField id={`${rowId()}-name-en`} label={w('unitNameEn')} value={nameEn()} onInput={setNameEn} errors={errorsAt(save.fieldErrors(), '/nameEn')} />
            <InputField id={`${rowId()}-short-name`} label={w('unitShortName')} hint={w('unitShortNameHint')} value={shortName()} onInput={setShortName} errors={errorsAt(save.fieldErrors(), '/shortName')} />
            <div class="actions">
              <button type="submit" disabled={save.busy()}>{w('save')}</button>
              <button type="button" class="secondary" onClick={() => { setEditing(false); save.reset(); setName(props.unit.name); setNameEn(props.unit.nameEn ?? ''); setShortName(props.unit.shortName ?? ''); }}>{w('close')}</button>
            </div>
          </form>
        </Show>
      </td>
      <td class="admin-nowrap">{props.users === 1 ? w('userCountOne') : w('userCount', { n: props.users })}</td>
      <td><span class={props.unit.active ? 'status status-done' : 'status'}>{w(props.unit.active ? 'active' : 'inactive')}</span></td>
      <td>
        <div class="admin-actions">
          <Show when={!editing()}>
            <button type="button" class="secondary" aria-label={`${withColon(w('edit'))}${unitName(props.unit)}`} onClick={() => setEditing(true)}>
              {w('edit')}
            </button>
          </Show>
          <button type="button" class="secondary" aria-label={`${withColon(w(props.unit.active ? 'deactivate' : 'reactivate'))}${unitName(props.unit)}`} disabled={toggle.busy()} onClick={() => setActive(!props.unit.active)}>
            {w(props.unit.active ? 'deactivate' : 'reactivate')}
          </button>
        </div>
        <Show when={toggle.error()}><p role="alert" class="error">{toggle.error()}</p></Show>
      </td>
    </tr>
  );
}
