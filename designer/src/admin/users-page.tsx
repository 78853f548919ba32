/**
 * /admin/users: the county's users with their roles and unit; search, create, edit roles and
 * unit, deactivate or reactivate, reset a password (GET/POST/PATCH /api/users). The server
 * refuses an admin's own lockout (SELF_LOCKOUT); the page shows that refusal in words.
 */
import { createMemo, createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { Unit, UserView } from '../api-types.ts';
import { inParens, lang, listJoin, t, withColon } from '../i18n.ts';
import { isUnitPosition, UNIT_POSITION_TITLES, UNIT_POSITIONS } from '../../../runtime/engine/unit-positions.ts';
import { me } from '../session.ts';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { AdminFrame, ErrorList, errorsAt, FieldMessages, InputField, otherErrors } from './admin-frame.tsx';
import { sortUnits, unitName } from './units-page.tsx';
import { ROLE_TITLES, roleTitle, w } from './words.ts';

/** Roles in the order the checkboxes offer them (the API sorts them by code). */
function sortRoles(roles: readonly string[]): string[] {
  const order = ROLE_TITLES.map(([r]) => r);
  return [...roles].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Rows drawn at once: a county has a few hundred users (most of them deputies). */
const SHOWN = 100;

export function UsersPage(): JSX.Element {
  return (
    <AdminFrame current="users">
      <UsersScreen />
    </AdminFrame>
  );
}

function UsersScreen(): JSX.Element {
  const [users, { refetch }] = createResource(() => api<{ users: UserView[] }>('GET', '/users').then((r) => r.users));
  const [units] = createResource(() => api<{ units: Unit[] }>('GET', '/units').then((r) => sortUnits(r.units)));
  const unitById = createMemo(() => new Map((units() ?? []).map((u) => [u.id, u])));
  const unitLabel = (id: string | null) => {
    if (id === null) return '';
    const unit = unitById().get(id);
    return unit ? `${unitName(unit)}${unit.active ? '' : w('inactiveUnitMark')}` : '';
  };
  const [search, setSearch] = createSignal('');
  const [creating, setCreating] = createSignal(false);
  const [editingId, setEditingId] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal('');

  const matches = createMemo(() => {
    const q = search().trim().toLowerCase();
    const all = users() ?? [];
    if (q === '') return all;
    return all.filter((u) => [u.displayName, u.username, unitLabel(u.unitId), ...u.roles.map(roleTitle)].some((s) => s.toLowerCase().includes(q)));
  });
  const editing = createMemo(() => (users() ?? []).find((u) => u.id === editingId()) ?? null);

  return (
    <>
      <h1>{w('tabUsers')}</h1>
      <Show when={notice()}><p role="status" class="admin-ok">{notice()}</p></Show>
      <div class="admin-toolbar">
        <InputField id="user-search" type="search" label={w('searchUsers')} value={search()} onInput={setSearch} errors={[]} />
        <button type="button" onClick={() => { setCreating(true); setEditingId(null); setNotice(''); }}>{w('newUser')}</button>
      </div>

      <Show when={creating()}>
        <NewUserForm units={units() ?? []} onClose={() => setCreating(false)} onCreated={async (u) => { setCreating(false); await refetch(); setNotice(`${withColon(w('userCreated'))}${u.displayName}${inParens(u.username)}`); }} />
      </Show>
      <Show when={editing()} keyed>
        {(user) => (
          <EditUserForm user={user} units={units() ?? []} onClose={() => setEditingId(null)} onSaved={async (message) => { await refetch(); setNotice(message); }} />
        )}
      </Show>

      <Show when={!users.error} fallback={<p role="alert" class="error">{apiErrorText(users.error)}</p>}>
        <Show when={matches().length > SHOWN}>
          <p class="muted">{w('shownFirst', { n: matches().length, m: SHOWN })}</p>
        </Show>
        <div class="table-wrap">
          <table class="admin-table" aria-busy={users.loading}>
            <thead>
              <tr>
                <th scope="col">{w('displayName')}</th>
                <th scope="col">{w('usernameLabel')}</th>
                <th scope="col">{w('roles')}</th>
                <th scope="col">{w('unit')}</th>
                <th scope="col">{w('status')}</th>
                <th scope="col">{w('actions')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={matches().slice(0, SHOWN)} fallback={<tr><td colspan="6" class="empty">{users.loading ? '…' : w('noMatch')}</td></tr>}>
                {(u) => (
                  <tr class={u.active ? '' : 'admin-inactive'} data-user={u.username}>
                    <td class="admin-name">{u.displayName}</td>
                    <td>{u.username}</td>
                    <td>{listJoin([...sortRoles(u.roles).map(roleTitle), ...(u.positions ?? []).map(positionTitle)])}</td>
                    <td>{unitLabel(u.unitId)}</td>
                    <td><span class={u.active ? 'status status-done' : 'status'}>{w(u.active ? 'active' : 'inactive')}</span></td>
                    <td>
                      <button type="button" class="secondary" aria-label={`${withColon(w('edit'))}${u.displayName}`} onClick={() => { setEditingId(u.id); setCreating(false); setNotice(''); }}>
                        {w('edit')}
                      </button>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </>
  );
}

/** The role checkboxes with their titles; errors at /roles (and /roles/n) under them. */
function RoleChoices(props: { id: string; roles: string[]; onChange: (roles: string[]) => void; errors: ReturnType<typeof errorsAt> }): JSX.Element {
  const toggle = (role: string, on: boolean) => props.onChange(on ? [...props.roles, role] : props.roles.filter((r) => r !== role));
  return (
    <fieldset class="choices admin-roles" id={props.id} aria-invalid={props.errors.length > 0 ? 'true' : undefined} aria-describedby={props.errors.length > 0 ? `${props.id}-err` : undefined}>
      <legend>{w('roles')}<span class="req" aria-hidden="true"> *</span></legend>
      <For each={ROLE_TITLES}>
        {([role]) => (
          <label class="check">
            <input type="checkbox" checked={props.roles.includes(role)} onChange={(e) => toggle(role, e.currentTarget.checked)} />
            {roleTitle(role)}
          </label>
        )}
      </For>
      <FieldMessages id={props.id} errors={props.errors} />
    </fieldset>
  );
}

/** A position in the unit (经办人, 审核人, 签发人) in words. */
function positionTitle(code: string): string {
  const words = isUnitPosition(code) ? UNIT_POSITION_TITLES[code] : null;
  return words ? (lang() === 'zh' ? words.title : words.title_en) : code;
}

/**
 * The positions of a unit user in their unit (several allowed: a small unit's head reviews and
 * signs); shown only with the unit role. Errors at /positions under them.
 */
function PositionChoices(props: { id: string; positions: string[]; onChange: (positions: string[]) => void; errors: ReturnType<typeof errorsAt> }): JSX.Element {
  const toggle = (p: string, on: boolean) => props.onChange(on ? [...props.positions, p] : props.positions.filter((x) => x !== p));
  return (
    <fieldset class="choices admin-roles" id={props.id} aria-invalid={props.errors.length > 0 ? 'true' : undefined} aria-describedby={props.errors.length > 0 ? `${props.id}-err` : undefined}>
      <legend>{t('unitPositions')}</legend>
      <For each={[...UNIT_POSITIONS]}>
        {(p) => (
          <label class="check">
            <input type="checkbox" checked={props.positions.includes(p)} onChange={(e) => toggle(p, e.currentTarget.checked)} />
            {positionTitle(p)}
            <span class="muted">（{UNIT_POSITION_TITLES[p].description}）</span>
          </label>
        )}
      </For>
      <FieldMessages id={props.id} errors={props.errors} />
    </fieldset>
  );
}

/** Active units by name; the user's own unit stays offered (marked) after it was deactivated. */
function UnitSelect(props: { id: string; units: Unit[]; value: string | null; keep?: string | null; onChange: (id: string | null) => void; errors: ReturnType<typeof errorsAt>; required: boolean }): JSX.Element {
  const offered = () => props.units.filter((u) => u.active || u.id === props.keep);
  const invalid = () => props.errors.length > 0;
  return (
    <div class="admin-field">
      <label for={props.id}>
        {w('unit')}
        <Show when={props.required}><span class="req" aria-hidden="true"> *</span></Show>
      </label>
      <select
        id={props.id}
        aria-invalid={invalid() ? 'true' : undefined}
        aria-describedby={`${props.id}-hint${invalid() ? ` ${props.id}-err` : ''}`}
        onChange={(e) => props.onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}
      >
        <option value="" selected={props.value === null}>{w('noUnit')}</option>
        <For each={offered()}>
          {(u) => <option value={u.id} selected={props.value === u.id}>{unitName(u)}{u.active ? '' : w('inactiveUnitMark')}</option>}
        </For>
      </select>
      <p class="hint" id={`${props.id}-hint`}>{w('unitHint')}</p>
      <FieldMessages id={props.id} errors={props.errors} />
    </div>
  );
}

function NewUserForm(props: { units: Unit[]; onClose: () => void; onCreated: (u: UserView) => Promise<void> }): JSX.Element {
  const [username, setUsername] = createSignal('');
  const [displayName, setDisplayName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [roles, setRoles] = createSignal<string[]>([]);
  const [unitId, setUnitId] = createSignal<string | null>(null);
  const [positions, setPositions] = createSignal<string[]>([]);
  const send = createSubmission();
  const fields = ['/username', '/displayName', '/password', '/roles', '/unitId', '/positions'];
  const submit = (e: Event) => {
    e.preventDefault();
    void send.run(async () => {
      const user = await api<UserView>('POST', '/users', { username: username().trim(), displayName: displayName(), password: password(), roles: roles(), unitId: unitId(), positions: roles().includes('unit') ? positions() : [] });
      await props.onCreated(user);
    });
  };
  return (
    <form class="admin-form admin-panel" onSubmit={submit} aria-label={w('newUser')}>
      <h2>{w('newUser')}</h2>
      <ErrorList errors={otherErrors(send.fieldErrors(), fields)} />
      <Show when={send.error()}><p role="alert" class="error">{send.error()}</p></Show>
      <div class="admin-grid">
        <InputField id="new-username" label={w('usernameLabel')} required hint={w('usernameHint')} value={username()} onInput={setUsername} errors={errorsAt(send.fieldErrors(), '/username')} />
        <InputField id="new-display-name" label={w('displayName')} required value={displayName()} onInput={setDisplayName} errors={errorsAt(send.fieldErrors(), '/displayName')} />
        <InputField id="new-password" type="password" autocomplete="new-password" label={w('initialPassword')} required hint={w('passwordHint')} value={password()} onInput={setPassword} errors={errorsAt(send.fieldErrors(), '/password')} />
        <UnitSelect id="new-unit" units={props.units} value={unitId()} onChange={setUnitId} errors={errorsAt(send.fieldErrors(), '/unitId')} required={roles().includes('unit')} />
      </div>
      <RoleChoices id="new-roles" roles={roles()} onChange={setRoles} errors={errorsAt(send.fieldErrors(), '/roles')} />
      <Show when={roles().includes('unit')}>
        <PositionChoices id="new-positions" positions={positions()} onChange={setPositions} errors={errorsAt(send.fieldErrors(), '/positions')} />
      </Show>
      <div class="actions">
        <button type="submit" disabled={send.busy()}>{w('createUser')}</button>
        <button type="button" class="secondary" onClick={props.onClose}>{w('close')}</button>
      </div>
    </form>
  );
}

function EditUserForm(props: { user: UserView; units: Unit[]; onClose: () => void; onSaved: (message: string) => Promise<void> }): JSX.Element {
  const [displayName, setDisplayName] = createSignal(props.user.displayName);
  const [roles, setRoles] = createSignal<string[]>([...props.user.roles]);
  const [unitId, setUnitId] = createSignal<string | null>(props.user.unitId);
  const [positions, setPositions] = createSignal<string[]>([...(props.user.positions ?? [])]);
  const [password, setPassword] = createSignal('');
  const save = createSubmission();
  const status = createSubmission();
  const reset = createSubmission();
  const isSelf = () => me()?.id === props.user.id;
  const path = () => `/users/${encodeURIComponent(props.user.id)}`;
  const fields = ['/displayName', '/roles', '/unitId', '/positions'];

  const submit = (e: Event) => {
    e.preventDefault();
    void save.run(async () => {
      const user = await api<UserView>('PATCH', path(), { displayName: displayName(), roles: roles(), unitId: unitId(), positions: roles().includes('unit') ? positions() : [] });
      await props.onSaved(`${withColon(w('userSaved'))}${user.displayName}`);
    });
  };
  const setActive = (active: boolean) =>
    void status.run(async () => {
      const user = await api<UserView>('PATCH', path(), { active });
      await props.onSaved(`${withColon(user.displayName)}${w(active ? 'userReactivated' : 'userDeactivated')}`);
    });
  const resetPassword = (e: Event) => {
    e.preventDefault();
    void reset.run(async () => {
      const user = await api<UserView>('PATCH', path(), { password: password() });
      setPassword('');
      await props.onSaved(`${withColon(user.displayName)}${w('passwordReset')}`);
    });
  };

  return (
    <section class="admin-panel" aria-label={`${withColon(w('editUser'))}${props.user.displayName}`}>
      <h2>{withColon(w('editUser'))}{props.user.displayName}<span class="muted">{inParens(`${w('usernameShort')} ${props.user.username}`)}</span></h2>
      <Show when={isSelf()}><p class="muted">{w('yourself')}</p></Show>
      <form class="admin-form" onSubmit={submit}>
        <ErrorList errors={otherErrors(save.fieldErrors(), fields)} />
        <Show when={save.error()}><p role="alert" class="error">{save.error()}</p></Show>
        <div class="admin-grid">
          <InputField id="edit-display-name" label={w('displayName')} required value={displayName()} onInput={setDisplayName} errors={errorsAt(save.fieldErrors(), '/displayName')} />
          <UnitSelect id="edit-unit" units={props.units} value={unitId()} keep={props.user.unitId} onChange={setUnitId} errors={errorsAt(save.fieldErrors(), '/unitId')} required={roles().includes('unit')} />
        </div>
        <RoleChoices id="edit-roles" roles={roles()} onChange={setRoles} errors={errorsAt(save.fieldErrors(), '/roles')} />
        <Show when={roles().includes('unit')}>
          <PositionChoices id="edit-positions" positions={positions()} onChange={setPositions} errors={errorsAt(save.fieldErrors(), '/positions')} />
        </Show>
        <div class="actions">
          <button type="submit" disabled={save.busy()}>{w('save')}</button>
          <button type="button" class="secondary" onClick={props.onClose}>{w('close')}</button>
        </div>
      </form>

      <div class="admin-subpanel">
        <p>{withColon(w('status'))}<span class={props.user.active ? 'status status-done' : 'status'}>{w(props.user.active ? 'active' : 'inactive')}</span></p>
        <button type="button" class="secondary" disabled={status.busy()} onClick={() => setActive(!props.user.active)}>
          {w(props.user.active ? 'deactivateUser' : 'reactivateUser')}
        </button>
        <Show when={status.error()}><p role="alert" class="error">{status.error()}</p></Show>
      </div>

      <form class="admin-form admin-subpanel" onSubmit={resetPassword} aria-label={w('resetPassword')}>
        <Show when={reset.error()}><p role="alert" class="error">{reset.error()}</p></Show>
        <div class="admin-row">
          <InputField id="edit-password" type="password" autocomplete="new-password" label={w('newPassword')} hint={w('passwordHint')} value={password()} onInput={setPassword} errors={errorsAt(reset.fieldErrors(), '/password')} />
          <button type="submit" disabled={reset.busy()}>{w('resetPassword')}</button>
        </div>
      </form>
    </section>
  );
}
