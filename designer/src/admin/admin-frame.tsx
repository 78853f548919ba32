/**
 * What every admin screen shares: the refusal in words for a non-admin (the API would refuse
 * them too, with 403), the tabs between the four screens, and a labelled input that shows the
 * field errors the server pinned to its JSON pointer.
 */
import { For, Show, type JSX } from 'solid-js';
import type { FieldError } from '../api-types.ts';
import { errorText } from '../i18n.ts';
import { path } from '../router.ts';
import { hasRole } from '../session.ts';
import { Link } from '../ui/link.tsx';
import { w, type WordKey } from './words.ts';
import { CalendarWarning } from './calendar-warning.tsx';

const TABS: ReadonlyArray<readonly [href: string, key: WordKey]> = [
  ['/admin/users', 'tabUsers'],
  ['/admin/units', 'tabUnits'],
  ['/admin/roster', 'tabRoster'],
  ['/admin/terms', 'tabTerms'],
  ['/admin/audit', 'tabAudit'],
  ['/admin/notifications', 'tabNotifications'],
  ['/admin/calendar', 'tabCalendar'],
];

export function AdminFrame(props: { current: string; children: JSX.Element }): JSX.Element {
  const here = (href: string) => path().startsWith(href) || (href === '/admin/users' && path().split('?')[0] === '/admin');
  return (
    <Show
      when={hasRole('admin')}
      fallback={
        <section class="admin" data-testid="admin-refused">
          <h1>{w('adminTitle')}</h1>
          <p role="alert" class="error">{w('adminOnly')}</p>
          <p><Link href="/">{w('backToWork')}</Link></p>
        </section>
      }
    >
      <section class="admin">
        <nav class="admin-tabs" aria-label={w('adminTitle')}>
          <For each={TABS}>
            {([href, key]) => (
              <Link href={href} aria-current={here(href) ? 'page' : undefined}>
                {w(key)}
              </Link>
            )}
          </For>
        </nav>
        <CalendarWarning />
        {props.children}
      </section>
    </Show>
  );
}

/** The field errors at `pointer` (and below it, e.g. /roles/0 for /roles). */
export function errorsAt(errors: readonly FieldError[], pointer: string): FieldError[] {
  return errors.filter((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`));
}

/** Errors no input of the form shows (pointers outside `shown`), listed above the form. */
export function otherErrors(errors: readonly FieldError[], shown: readonly string[]): FieldError[] {
  return errors.filter((e) => !shown.some((p) => e.pointer === p || e.pointer.startsWith(`${p}/`)));
}

export function ErrorList(props: { errors: FieldError[] }): JSX.Element {
  return (
    <Show when={props.errors.length > 0}>
      <div class="form-errors" role="alert">
        <ul>
          <For each={props.errors}>{(e) => <li>{errorText(e)}</li>}</For>
        </ul>
      </div>
    </Show>
  );
}

export interface InputFieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  errors: FieldError[];
  type?: 'text' | 'password' | 'date' | 'number' | 'search';
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
}

/** A labelled input: `aria-invalid` and the messages under it when the server named it. */
export function InputField(props: InputFieldProps): JSX.Element {
  const invalid = () => props.errors.length > 0;
  const described = () => [props.hint ? `${props.id}-hint` : '', invalid() ? `${props.id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="admin-field">
      <label for={props.id}>
        {props.label}
        <Show when={props.required}><span class="req" aria-hidden="true"> *</span></Show>
      </label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        min={props.min}
        max={props.max}
        autocomplete={props.autocomplete ?? 'off'}
        aria-invalid={invalid() ? 'true' : undefined}
        aria-describedby={described()}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <Show when={props.hint}><p class="hint" id={`${props.id}-hint`}>{props.hint}</p></Show>
      <Show when={invalid()}>
        <p class="field-error" id={`${props.id}-err`}>
          <For each={props.errors}>{(e) => <span>{errorText(e)} </span>}</For>
        </p>
      </Show>
    </div>
  );
}

/** One line of the field errors under a non-input control (checkbox group, select). */
export function FieldMessages(props: { id: string; errors: FieldError[] }): JSX.Element {
  return (
    <Show when={props.errors.length > 0}>
      <p class="field-error" id={`${props.id}-err`}>
        <For each={props.errors}>{(e) => <span>{errorText(e)} </span>}</For>
      </p>
    </Show>
  );
}
