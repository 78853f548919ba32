/**
 * 统计 → 代表履职 → a number opened (issue 15 item 8, DOMAIN §7.8): the deputies or the point
 * entries behind one figure of the deputies' duty statistics (GET
 * /api/statistics/deputy-points/list with the figure's drill query). Points are rows of the
 * points table, not instances, so they are listed here instead of in the register: a deputy's
 * name, delegation, points and entries; or an entry's deputy, date, item and points. Words only.
 */
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { api, ApiError } from '../api.ts';
import { errorText, fill, t, type StringKey } from '../i18n.ts';
import { path } from '../router.ts';
import { Link } from '../ui/link.tsx';
import { words } from './dashboard-page.tsx';

interface Words {
  title: string;
  title_en: string;
}
interface DeputyRow {
  deputyId: string;
  name: string;
  delegation: string | null;
  points: number;
  entries: number;
  county?: string;
}
interface EntryRow {
  entryId: string;
  deputyId: string;
  name: string;
  ruleTitle: string;
  ruleTitle_en: string;
  occurredOn: string;
  quantity: number;
  points: number;
  county?: string;
}
interface PointsList extends Words {
  period: Words & { param: string };
  metric: Words & { id: string; part: string; item: string | null };
  kind: 'deputies' | 'entries';
  total: number;
  deputies?: DeputyRow[];
  entries?: EntryRow[];
}

/** A column after the deputy's: its heading and what a row shows in it (numbers to the right). */
interface Column<R> {
  head: StringKey;
  cell: (row: R) => string | number;
  number?: boolean;
}
const DEPUTY_COLUMNS: ReadonlyArray<Column<DeputyRow>> = [
  { head: 'statPointsDelegation', cell: (d) => d.delegation ?? '' },
  { head: 'statPointsPoints', cell: (d) => d.points, number: true },
  { head: 'statPointsEntries', cell: (d) => d.entries, number: true },
];
const ENTRY_COLUMNS: ReadonlyArray<Column<EntryRow>> = [
  { head: 'statPointsDate', cell: (e) => e.occurredOn },
  { head: 'statPointsRule', cell: (e) => words({ title: e.ruleTitle, title_en: e.ruleTitle_en }) },
  { head: 'statPointsPoints', cell: (e) => e.points, number: true },
];

/**
 * The list's one table, for deputies and for entries alike: the county (on a region's list), the
 * deputy heading each row, then the kind's own columns.
 */
function PointsTable<R extends { name: string; county?: string }>(props: { caption: string; county: boolean; rows: readonly R[]; columns: ReadonlyArray<Column<R>> }): JSX.Element {
  return (
    <table class="stat-table" data-testid="points-list">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <Show when={props.county}><th scope="col">{t('statPointsCounty')}</th></Show>
          <th scope="col">{t('statPointsDeputy')}</th>
          <For each={props.columns}>{(c) => <th scope="col">{t(c.head)}</th>}</For>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(row) => (
            <tr>
              <Show when={props.county}><td>{row.county ?? ''}</td></Show>
              <th scope="row">{row.name}</th>
              <For each={props.columns}>{(c) => <td class={c.number ? 'k-number' : undefined}>{c.cell(row)}</td>}</For>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

export function PointsListPage(): JSX.Element {
  const search = () => path().split('?')[1] ?? '';
  const [list] = createResource(search, (q) => api<PointsList>('GET', `/statistics/deputy-points/list?${q}`));
  const period = () => new URLSearchParams(search()).get('period') ?? '';
  const county = () => list.latest?.deputies?.some((d) => d.county) || list.latest?.entries?.some((e) => e.county);
  return (
    <section class="dashboard points-list">
      <p>
        <Link href={`/statistics?period=${encodeURIComponent(period())}`}>{t('statBack')}</Link>
      </p>
      <Show when={list.error}>{(e) => <p class="error" role="alert">{e() instanceof ApiError ? errorText({ message: (e() as ApiError).message }) : String(e())}</p>}</Show>
      <Show when={list.latest}>
        {(l) => (
          <>
            <h1>{words(l())}</h1>
            <p role="status" data-testid="points-list-line">
              {fill(t('statPointsListLine'), { period: words(l().period), metric: words(l().metric), n: String(l().total), unit: t(l().kind === 'deputies' ? 'statPointsUnitDeputies' : 'statPointsUnitEntries') })}
            </p>
            <div class="table-scroll">
              <Switch>
                <Match when={l().kind === 'deputies'}>
                  <PointsTable caption={words(l().metric)} county={Boolean(county())} rows={l().deputies ?? []} columns={DEPUTY_COLUMNS} />
                </Match>
                <Match when={l().kind === 'entries'}>
                  <PointsTable caption={words(l().metric)} county={Boolean(county())} rows={l().entries ?? []} columns={ENTRY_COLUMNS} />
                </Match>
              </Switch>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
