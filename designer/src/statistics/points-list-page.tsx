/**
 * 统计 → 代表履职 → a number opened (issue 15 item 8, DOMAIN §7.8): the deputies or the point
 * entries behind one figure of the deputies' duty statistics (GET
 * /api/statistics/deputy-points/list with the figure's drill query). Points are rows of the
 * points table, not instances, so they are listed here instead of in the register: a deputy's
 * name, delegation, points and entries; or an entry's deputy, date, item and points. Words only.
 */
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { api, ApiError } from '../api.ts';
import { errorText, fill, t } from '../i18n.ts';
import { path } from '../router.ts';
import { Link } from '../ui/link.tsx';
import { words } from './dashboard-page.tsx';

interface Words {
  title: string;
  title_en: string;
}
interface PointsList extends Words {
  period: Words & { param: string };
  metric: Words & { id: string; part: string; item: string | null };
  kind: 'deputies' | 'entries';
  total: number;
  deputies?: Array<{ deputyId: string; name: string; delegation: string | null; points: number; entries: number; county?: string }>;
  entries?: Array<{ entryId: string; deputyId: string; name: string; ruleTitle: string; ruleTitle_en: string; occurredOn: string; quantity: number; points: number; county?: string }>;
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
                  <table class="stat-table" data-testid="points-list">
                    <caption>{words(l().metric)}</caption>
                    <thead>
                      <tr>
                        <Show when={county()}><th scope="col">{t('statPointsCounty')}</th></Show>
                        <th scope="col">{t('statPointsDeputy')}</th>
                        <th scope="col">{t('statPointsDelegation')}</th>
                        <th scope="col">{t('statPointsPoints')}</th>
                        <th scope="col">{t('statPointsEntries')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={l().deputies ?? []}>
                        {(d) => (
                          <tr>
                            <Show when={county()}><td>{d.county ?? ''}</td></Show>
                            <th scope="row">{d.name}</th>
                            <td>{d.delegation ?? ''}</td>
                            <td class="k-number">{d.points}</td>
                            <td class="k-number">{d.entries}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </Match>
                <Match when={l().kind === 'entries'}>
                  <table class="stat-table" data-testid="points-list">
                    <caption>{words(l().metric)}</caption>
                    <thead>
                      <tr>
                        <Show when={county()}><th scope="col">{t('statPointsCounty')}</th></Show>
                        <th scope="col">{t('statPointsDeputy')}</th>
                        <th scope="col">{t('statPointsDate')}</th>
                        <th scope="col">{t('statPointsRule')}</th>
                        <th scope="col">{t('statPointsPoints')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={l().entries ?? []}>
                        {(e) => (
                          <tr>
                            <Show when={county()}><td>{e.county ?? ''}</td></Show>
                            <th scope="row">{e.name}</th>
                            <td>{e.occurredOn}</td>
                            <td>{words({ title: e.ruleTitle, title_en: e.ruleTitle_en })}</td>
                            <td class="k-number">{e.points}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </Match>
              </Switch>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
