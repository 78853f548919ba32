/**
 * The admin's dead-letter list in words: the recipient's name, the channel's title, the
 * message's subject, the last error in words and when it happened — no ids but the row's own
 * (which the replay button sends back).
 */
import type { Kysely } from 'kysely';
import { failureWords } from '../delivery/index.ts';
import { subjectOf } from './delivery-worker.ts';
import { channelTitle } from './notification-preferences.ts';
import type { DeadLetterView } from './delivery-view-types.ts';
import type { Database } from './schema.ts';
import { listDeadLetters, replayDeadLetter } from './sql/dead-letters.ts';

export type { DeadLetterView };

export async function deadLetters(db: Kysely<Database>, countyId: string, limit = 200): Promise<DeadLetterView[]> {
  const rows = await listDeadLetters(db, countyId, Math.min(Math.max(limit, 1), 500));
  return rows.map((r) => {
    const words = failureWords(r.channel, r.last_error_code, r.last_error_detail);
    const ch = channelTitle(r.channel);
    return {
      id: r.id,
      recipient: r.user_name,
      channel: r.channel,
      channelTitle: ch.title,
      channelTitleEn: ch.title_en,
      subject: subjectOf(r.message),
      instanceTitle: r.instance_title,
      attempts: r.attempts,
      error: words.zh,
      errorEn: words.en,
      failedAt: new Date(r.last_attempt_at ?? r.created_at).toISOString(),
    };
  });
}

export { replayDeadLetter };
