/** A quarter's ranked table (亮分): rank, deputy, delegation, points; the caller's own row marked. */
import { For, type JSX } from 'solid-js';
import { fill, t } from '../i18n.ts';
import type { RankedRow } from './points-api.ts';

export function RankingTable(props: { rows: RankedRow[]; mine?: string; byDelegation?: boolean }): JSX.Element {
  // In a scroll box: in English on a 390 px phone the table is wider than the screen.
  return (
    <div class="table-scroll">
    <table class="points-ranking">
      <thead>
        <tr>
          <th scope="col" class="num">{props.byDelegation ? t('pointsDelegationRank') : t('pointsRank')}</th>
          <th scope="col">{t('pointsDeputy')}</th>
          <th scope="col">{t('pointsDelegation')}</th>
          <th scope="col" class="num">{t('points')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(r) => (
            <tr classList={{ mine: r.deputyId === props.mine }} data-deputy={r.deputyId}>
              <td class="num">{props.byDelegation ? r.delegationRank : r.rank}</td>
              <td>{r.name}</td>
              <td>{r.delegation ?? ''}</td>
              <td class="num">{fill(t('pointsValue'), { points: String(r.points) })}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
    </div>
  );
}
