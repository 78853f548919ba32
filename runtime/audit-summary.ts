/**
 * The summary in words of an audit log entry about the holiday calendar or the terms, built
 * from its detail (ids and codes only: dates, day kinds, years, counts), for the admin's audit
 * page and the export: 将2026年10月1日设为节假日, 导入2027年节假日安排：节假日 8 天、调休上班 1 天.
 * One home for these words, so the page and the file say the same. Pure: no I/O.
 *
 * Returns null for an action it does not word (the page words those itself) or a detail that
 * does not have the expected shape (an old row, a changed writer): never a half sentence.
 */
import { dateWords } from './engine/calendar.ts';

export type AuditDetailRecord = Readonly<Record<string, unknown>>;
export interface Words {
  zh: string;
  en: string;
}

const DAY_KINDS: Readonly<Record<string, Words>> = { holiday: { zh: '节假日', en: 'a holiday' }, workday: { zh: '调休上班日', en: 'an adjusted working day' } };
const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const dayKind = (v: unknown): Words | undefined => (typeof v === 'string' && Object.hasOwn(DAY_KINDS, v) ? DAY_KINDS[v] : undefined);

/** ", 2 deadlines counted again" when an edit moved some. */
function recounted(d: AuditDetailRecord): Words {
  return count(d.recounted) && d.recounted > 0 ? { zh: `，已按新日历重算 ${d.recounted} 项期限`, en: `; ${d.recounted} deadline(s) counted again` } : { zh: '', en: '' };
}

function join(parts: Words[]): Words {
  return { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join('') };
}

export function auditSummary(action: string, detail: unknown): Words | null {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return null;
  const d = detail as AuditDetailRecord;
  switch (action) {
    case 'calendar.day_added':
    case 'calendar.day_removed': {
      const kind = dayKind(d.kind);
      if (!isDate(d.date) || !kind) return null;
      const date = dateWords(d.date);
      const what = action === 'calendar.day_added'
        ? { zh: `将${date.zh}设为${kind.zh}`, en: `Made ${date.en} ${kind.en}` }
        : { zh: `将${date.zh}移出${kind.zh}`, en: `${date.en} is no longer ${kind.en}` };
      return join([what, recounted(d)]);
    }
    case 'calendar.imported': {
      const years = Array.isArray(d.years) ? d.years.filter((y): y is string => typeof y === 'string' && /^\d{4}$/.test(y)) : [];
      if (years.length === 0 || !count(d.holidays) || !count(d.workdays)) return null;
      return join([
        { zh: `导入${years.join('、')}年节假日安排：节假日 ${d.holidays} 天、调休上班 ${d.workdays} 天`, en: `Imported the holiday calendar of ${years.join(', ')}: ${d.holidays} holiday(s), ${d.workdays} adjusted working day(s)` },
        recounted(d),
      ]);
    }
    case 'calendar.reset':
      if (!count(d.year)) return null;
      return join([{ zh: `${d.year}年恢复为国家节假日安排`, en: `${d.year} back to the national calendar` }, recounted(d)]);
    case 'term.created': {
      const from = isDate(d.startsOn) ? dateWords(d.startsOn) : null;
      const to = isDate(d.endsOn) ? dateWords(d.endsOn) : null;
      if (!from && !to) return { zh: '未填任期', en: 'No dates' };
      return { zh: `任期${from?.zh ?? '…'}至${to?.zh ?? '…'}`, en: `From ${from?.en ?? '…'} to ${to?.en ?? '…'}` };
    }
    case 'session.created':
      return isDate(d.heldOn) ? { zh: `会议日期${dateWords(d.heldOn).zh}`, en: `Held on ${dateWords(d.heldOn).en}` } : { zh: '未填会议日期', en: 'No date' };
    case 'term.carried_over':
      if (!count(d.carried)) return null;
      return { zh: `从上一届转入代表 ${d.carried} 名`, en: `${d.carried} deputy(ies) carried over from the previous term` };
    default:
      return null;
  }
}
