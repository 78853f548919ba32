/**
 * Titles of outcomes and history entries. The server sends them with the words of the
 * definition (`events` in the package, runtime/engine/event-titles.ts): a task's outcomes
 * carry `title`/`title_en`, and so does every history entry. Nothing here knows a process.
 */
import { lang } from '../i18n.ts';

/** The words of an outcome or a history entry in the current language. */
export function titleOf(words: { title: string; title_en: string }): string {
  return lang() === 'zh' ? words.title : words.title_en;
}
