/**
 * /admin/audit: the county's audit log (审计日志), newest first (GET /api/audit): when (county
 * time), who (their name then), what (the action in words), to what (its name), from which
 * address; filtered by action and dates, exported as Excel or CSV (GET /api/audit/export).
 * Ids and codes never show: roles are titled, versions and counts are words.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { AUDIT_ACTIONS, type AuditAction } from '../../../runtime/audit-actions.ts';
import { auditSummary } from '../../../runtime/audit-summary.ts';
import { api, apiDownload } from '../api.ts';
import { formatDateTime } from '../county-time.ts';
import { lang } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { AdminFrame } from './admin-frame.tsx';
import { roleTitle, w } from './words.ts';

export interface AuditEntryView {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  title: string;
  title_en: string;
  targetName: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
}

interface AuditPage {
  entries: AuditEntryView[];
  nextCursor: number | null;
}

const PAGE = 50;

export function AuditPage(): JSX.Element {
  return (
    <AdminFrame current="audit">
      <AuditScreen />
    </AdminFrame>
  );
}

const actionTitle = (code: AuditAction): string => AUDIT_ACTIONS[code][lang() === 'zh' ? 'zh' : 'en'];

/** Who acted: their name at the time; nobody yet for a failed sign-in; else the system (migrations, a process closing a ballot). */
export function whoText(e: Pick<AuditEntryView, 'actorName' | 'action'>): string {
  return e.actorName ?? (e.action === 'login.failed' ? w('auditAnonymous') : w('auditSystem'));
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const roles = (v: unknown): string => list(v).map(roleTitle).join(lang() === 'zh' ? '、' : ', ') || w('none');

/** The fields of a station, for 修改代表联络站 (PATCH /api/stations/:id names them by code). */
const STATION_FIELDS: Record<string, readonly [string, string]> = {
  name: ['名称', 'name'],
  nameEn: ['英文名称', 'English name'],
  level: ['类别', 'kind'],
  township: ['所在镇（街道）', 'town'],
  address: ['地址', 'address'],
  managerId: ['站长', 'manager'],
  grids: ['联系网格', 'grids'],
};
const WEEKDAY_WORDS = [['', ''], ['周一', 'Monday'], ['周二', 'Tuesday'], ['周三', 'Wednesday'], ['周四', 'Thursday'], ['周五', 'Friday'], ['周六', 'Saturday'], ['周日', 'Sunday']] as const;
const MONTHS_WORDS: Record<string, readonly [string, string]> = { ALL: ['每月', 'every month'], ODD: ['单月', 'odd months'], EVEN: ['双月', 'even months'] };

/** A cadence or a scheduled day in words: 每周一 09:00–11:00, 单月15日, 2026-12-10 09:00–11:00. */
function receptionWords(d: Record<string, unknown>): string {
  const zh = lang() === 'zh';
  const times = typeof d.startTime === 'string' && typeof d.endTime === 'string' ? `${d.startTime}–${d.endTime}` : '';
  let when = '';
  if (typeof d.date === 'string') when = d.date;
  else if (d.kind === 'WEEKLY' && typeof d.weekday === 'number') when = zh ? `每${WEEKDAY_WORDS[d.weekday]?.[0] ?? ''}` : `every ${WEEKDAY_WORDS[d.weekday]?.[1] ?? ''}`;
  else if (d.kind === 'MONTHLY' && typeof d.day === 'number' && typeof d.months === 'string') {
    const m = Object.hasOwn(MONTHS_WORDS, d.months) ? MONTHS_WORDS[d.months]! : MONTHS_WORDS.ALL!;
    when = zh ? `${m[0]}${d.day}日` : `day ${d.day} of ${m[1]}`;
  }
  const deputies = list(d.deputies).length > 0 ? w('auditImported', { n: list(d.deputies).length }) : '';
  return [`${when} ${times}`.trim(), deputies].filter(Boolean).join(' · ');
}

/** The detail in words where it has words (roles, versions, counts, calendar days, terms); nothing for the rest. */
export function detailText(e: Pick<AuditEntryView, 'action' | 'detail'>): string {
  const d = e.detail ?? {};
  const summary = auditSummary(e.action, d);
  if (summary) return lang() === 'zh' ? summary.zh : summary.en;
  switch (e.action) {
    case 'user.roles_changed':
      return w('auditRolesChange', { before: roles(d.before), after: roles(d.after) });
    case 'user.created':
      return roles(d.roles);
    case 'package.published':
      return typeof d.version === 'number' ? w('auditVersion', { n: d.version }) : '';
    case 'roster.imported':
      return typeof d.imported === 'number' ? w('auditImported', { n: d.imported }) : '';
    case 'migration.applied':
      return w('auditMigrations', { names: list(d.migrations).join(', ') });
    case 'station.created':
    case 'station.deputies_attached':
    case 'station.deputy_detached':
      return list(d.deputies).length > 0 ? w('auditImported', { n: list(d.deputies).length }) : '';
    case 'station.changed':
      return list(d.fields).map((f) => (Object.hasOwn(STATION_FIELDS, f) ? STATION_FIELDS[f]![lang() === 'zh' ? 0 : 1] : '')).filter(Boolean).join(lang() === 'zh' ? '、' : ', ');
    case 'cadence.created':
    case 'cadence.stopped':
    case 'cadence.restarted':
    case 'reception.scheduled':
      return receptionWords(d);
    case 'register.exported':
    case 'audit.exported':
      return [typeof d.format === 'string' ? d.format.toUpperCase() : '', typeof d.rows === 'number' ? w('auditRows', { n: d.rows }) : ''].filter(Boolean).join(' · ');
    default:
      return '';
  }
}

function AuditScreen(): JSX.Element {
  const [action, setAction] = createSignal('');
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  /** The filters applied (the form's values when Filter was pressed). */
  const [applied, setApplied] = createSignal<Record<string, string>>({});
  const query = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...applied(), ...extra })) if (v) q.set(k, v);
    return q.toString();
  };
  const [more, setMore] = createSignal<AuditEntryView[]>([]);
  const [cursor, setCursor] = createSignal<number | null>(null);
  const [page] = createResource(applied, async () => {
    const r = await api<AuditPage>('GET', `/audit?${query({ limit: String(PAGE) })}`);
    setMore([]);
    setCursor(r.nextCursor);
    return r.entries;
  });
  const [moreError, setMoreError] = createSignal('');
  const loadMore = async () => {
    const c = cursor();
    if (c === null) return;
    try {
      const r = await api<AuditPage>('GET', `/audit?${query({ limit: String(PAGE), cursor: String(c) })}`);
      setMore([...more(), ...r.entries]);
      setCursor(r.nextCursor);
    } catch (err) {
      setMoreError(apiErrorText(err));
    }
  };
  const [exporting, setExporting] = createSignal(false);
  const [exportError, setExportError] = createSignal('');
  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(true);
    setExportError('');
    try {
      await apiDownload(`/audit/export?${query({ format, lang: lang() === 'zh' ? 'zh' : 'en' })}`, `audit.${format}`);
    } catch (err) {
      setExportError(apiErrorText(err));
    } finally {
      setExporting(false);
    }
  };
  const filter = (e: Event) => {
    e.preventDefault();
    setApplied({ action: action(), from: from(), to: to() });
  };
  const rows = () => [...(page() ?? []), ...more()];

  return (
    <>
      <h1>{w('tabAudit')}</h1>
      <p class="notice">{w('auditIntro')}</p>
      <form class="admin-form admin-inline-form" onSubmit={filter} aria-label={w('auditFilter')}>
        <div class="admin-row">
          <div class="admin-field">
            <label for="audit-action">{w('auditWhat')}</label>
            <select id="audit-action" value={action()} onChange={(e) => setAction(e.currentTarget.value)}>
              <option value="">{w('auditAllActions')}</option>
              <For each={Object.keys(AUDIT_ACTIONS) as AuditAction[]}>{(code) => <option value={code}>{actionTitle(code)}</option>}</For>
            </select>
          </div>
          <div class="admin-field">
            <label for="audit-from">{w('auditFrom')}</label>
            <input id="audit-from" type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
          </div>
          <div class="admin-field">
            <label for="audit-to">{w('auditTo')}</label>
            <input id="audit-to" type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
          </div>
          <button type="submit">{w('auditFilter')}</button>
          <button type="button" disabled={exporting()} onClick={() => void exportAs('xlsx')}>{w('exportXlsx')}</button>
          <button type="button" disabled={exporting()} onClick={() => void exportAs('csv')}>{w('exportCsv')}</button>
        </div>
        <Show when={exporting()}><p role="status">{w('exporting')}</p></Show>
        <Show when={exportError()}><p role="alert" class="error">{exportError()}</p></Show>
      </form>

      <Show when={!page.error} fallback={<p role="alert" class="error">{apiErrorText(page.error)}</p>}>
        <div class="table-wrap">
          <table class="admin-table audit-table" aria-busy={page.loading} aria-label={w('tabAudit')}>
            <thead>
              <tr>
                <th scope="col">{w('auditTime')}</th>
                <th scope="col">{w('auditWho')}</th>
                <th scope="col">{w('auditWhat')}</th>
                <th scope="col">{w('auditTarget')}</th>
                <th scope="col">{w('auditDetail')}</th>
                <th scope="col">{w('auditAddress')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()} fallback={<tr><td colspan="6" class="empty">{page.loading ? '…' : w('auditNone')}</td></tr>}>
                {(e) => (
                  <tr>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{whoText(e)}</td>
                    <td>{lang() === 'zh' ? e.title : e.title_en}</td>
                    <td>{e.targetName ?? ''}</td>
                    <td>{detailText(e)}</td>
                    <td>{e.address ?? ''}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={cursor() !== null}>
          <button type="button" onClick={() => void loadMore()}>{w('auditMore')}</button>
        </Show>
        <Show when={moreError()}><p role="alert" class="error">{moreError()}</p></Show>
      </Show>
    </>
  );
}
