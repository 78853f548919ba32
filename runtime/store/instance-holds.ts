/**
 * One open list per suggestion (issue 16 item 2): the `holdEach` effect of a list's
 * submission (definitions/assignment-meeting, suggestion-closing: scope "meetingList") and
 * the reads that show it. The rule lives in SQL (migration 043's primary key, sql/hold-instances.ts):
 * of two lists saved at once naming the same suggestion, the first to commit keeps it and the
 * other's save is refused whole, naming the list that holds it. A list that finishes
 * (approved, cancelled) lets go without a write: its holds are taken over by the next list.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import type { Database } from './schema.ts';
import { holdInstances, type HoldRequest } from './sql/hold-instances.ts';
import { selectInstanceHolders, type HolderRow } from './sql/instance-holders.ts';

/** Hold every listed instance, or refuse the step (rolled back by the caller) in words. */
export async function holdEach(trx: Kysely<Database>, h: HoldRequest): Promise<void> {
  const held = await holdInstances(trx, h);
  const missing = h.ids.filter((id) => !held.has(id));
  if (missing.length === 0) return;
  const holders = await selectInstanceHolders(trx, h.countyId, h.scope, missing, h.holderId);
  const first = holders[0];
  if (first) {
    const words = holders.map((x) => `《${x.target_title}》：${heldWords(x.holder_title)}`).join('；');
    throw new AppError('ALREADY_ON_LIST', words, { held: holders.map((x) => ({ instanceId: x.target_id, title: x.target_title, listId: x.holder_id, listTitle: x.holder_title })) });
  }
  throw new AppError('LINK_TARGET_REFUSED', `所列的一件流程不存在、不属本县或已经结束 / A listed ${h.process} instance is missing, of another county or finished`, { process: h.process, instanceId: missing[0] });
}

/** 该建议已在“2026年第二次交办会”清单中 */
export const heldWords = (listTitle: string): string => `该建议已在“${listTitle}”清单中`;
export const heldWordsEn = (listTitle: string): string => `the suggestion is already on the list "${listTitle}"`;

/** The running lists holding instances in `scope`, by instance id, leaving out `exceptHolder`'s own holds. */
export async function holdersOf(db: Kysely<Database>, countyId: string, scope: string, exceptHolder: string | null): Promise<Map<string, HolderRow>> {
  return new Map((await selectInstanceHolders(db, countyId, scope, null, exceptHolder)).map((r) => [r.target_id, r]));
}
