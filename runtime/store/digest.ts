/**
 * The daily digest of 催办 (issue 16): once a day, at the county's hour (每日催办汇总发送时刻,
 * local time), each person who has open tasks that are overdue or were urged in the last 24
 * hours gets one message listing them — in the in-app list and on the outside channels they
 * chose, like any notice (quiet hours apply to the outside channels). Who counts as waited for:
 * sql/digest-tasks.ts. A county can turn it off (每日催办汇总).
 *
 * Exactly once per county and day across servers: the day is claimed by a primary-key insert
 * in the transaction that writes the notices (sql/claim-digest-day.ts). Each process also
 * remembers the counties it has seen claimed today, and the hour of those still to come, so a
 * tick costs nothing after the digest or before its hour. A
 * server started after the hour sends the day's digest when it starts, not the next day.
 */
import type { Kysely } from 'kysely';
import { dateWords, deadlineDay, localDate } from '../engine/index.ts';
import { readDeliverySettings } from './delivery-settings.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { claimDigestDay } from './sql/claim-digest-day.ts';
import { countyIds } from './sql/county-ids.ts';
import { digestTasks, type DigestTaskRow } from './sql/digest-tasks.ts';
import { insertNotices } from './sql/insert-notices.ts';

const LOCAL_OFFSET_MS = 8 * 3600_000;
/** At most this many tasks are named in one digest; the rest are counted. */
export const DIGEST_LISTED = 10;

/** Counties this process has seen done, per local day. */
const doneToday = new WeakMap<Runtime, { day: string; counties: Set<string>; notBefore: Map<string, number> }>();

export interface DigestRun {
  /** Counties whose digest this run wrote. */
  counties: number;
  /** People who got one. */
  recipients: number;
}

export async function runDailyDigest(db: Kysely<Database>, rt: Runtime): Promise<DigestRun> {
  const now = rt.clock.now();
  const day = localDate(now);
  const hour = new Date(now.getTime() + LOCAL_OFFSET_MS).getUTCHours();
  let seen = doneToday.get(rt);
  if (!seen || seen.day !== day) {
    seen = { day, counties: new Set(), notBefore: new Map() };
    doneToday.set(rt, seen);
  }
  const run: DigestRun = { counties: 0, recipients: 0 };
  for (const countyId of await countyIds(db)) {
    if (seen.counties.has(countyId)) continue;
    // Before the county's hour a tick reads nothing: the hour read last is remembered for the
    // day and the settings are read again once it has come (an hour moved earlier during the
    // day takes effect from the hour read before, at the latest the next day).
    if (hour < (seen.notBefore.get(countyId) ?? 0)) continue;
    const settings = await readDeliverySettings(db, countyId, rt.secretsKey);
    if (!settings.digestEnabled) {
      seen.counties.add(countyId);
      continue;
    }
    if (hour < settings.digestHour) {
      seen.notBefore.set(countyId, settings.digestHour);
      continue;
    }
    const written = await inTransaction(db, async (trx) => {
      const rows = await digestTasks(trx, countyId, new Date(now.getTime() - 24 * 3600_000));
      const notices = digestNotices(rows, day);
      if (!(await claimDigestDay(trx, countyId, day, notices.length, now))) return null;
      await insertNotices(trx, countyId, notices, now);
      return notices.length;
    });
    seen.counties.add(countyId);
    if (written !== null) {
      run.counties++;
      run.recipients += written;
    }
  }
  return run;
}

/** One message per person, in words: the day, how many, and up to DIGEST_LISTED tasks with why each is listed. */
export function digestNotices(rows: readonly DigestTaskRow[], day: string): { userId: string; message: string; message_en: string }[] {
  const byUser = new Map<string, DigestTaskRow[]>();
  for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
  const words = dateWords(day);
  return [...byUser].map(([userId, tasks]) => {
    const shown = tasks.slice(0, DIGEST_LISTED);
    const more = tasks.length - shown.length;
    const zh = shown.map((t) => `“${t.task_title}”（${whyZh(t)}）`).join('；');
    const en = shown.map((t) => `"${t.task_title_en ?? t.task_title}" (${whyEn(t)})`).join('; ');
    return {
      userId,
      message: `每日催办汇总（${words.zh}）：您有${tasks.length}项待办已逾期或被催办：${zh}${more > 0 ? `；等共${tasks.length}项` : ''}。请尽快办理。`,
      message_en: `Daily reminder (${words.en}): ${tasks.length} of your tasks are overdue or were urged: ${en}${more > 0 ? `; ${more} more` : ''}. Please deal with them soon.`,
    };
  });
}

function whyZh(t: DigestTaskRow): string {
  const parts = [t.overdue ? `已逾期${t.due_at ? `，期限${dateWords(deadlineDay(t.due_at)).zh}` : ''}` : null, t.urged ? '被催办' : null];
  return parts.filter(Boolean).join('，');
}

function whyEn(t: DigestTaskRow): string {
  const parts = [t.overdue ? `overdue${t.due_at ? `, due ${dateWords(deadlineDay(t.due_at)).en}` : ''}` : null, t.urged ? 'urged' : null];
  return parts.filter(Boolean).join(', ');
}
