/**
 * One time zone for every time the app shows or reads: the county's. Counties keep no zone of
 * their own (every county is in China and the engine counts deadlines in Asia/Shanghai,
 * runtime/engine/calendar.ts), so it is this one constant; a browser abroad or set to UTC still
 * shows 14:05 for a task signed at 14:05 in the county, and a time typed into a form means
 * the county's 14:05. Times read as "2026-03-02 14:05" in both languages.
 */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: COUNTY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface Wall { y: string; m: string; d: string; hh: string; mm: string; ss: string }

/** The county's wall-clock reading of an instant. */
function wall(at: Date): Wall {
  const p: Record<string, string> = {};
  for (const x of parts.formatToParts(at)) p[x.type] = x.value;
  return { y: p.year ?? '', m: p.month ?? '', d: p.day ?? '', hh: p.hour ?? '', mm: p.minute ?? '', ss: p.second ?? '' };
}

const valid = (iso: string | Date | null | undefined): Date | null => {
  if (iso === null || iso === undefined || iso === '') return null;
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** "2026-03-02 14:05" in the county's zone ('' for no time). */
export function formatDateTime(iso: string | Date | null | undefined): string {
  const d = valid(iso);
  if (!d) return '';
  const w = wall(d);
  return `${w.y}-${w.m}-${w.d} ${w.hh}:${w.mm}`;
}

/** "2026-03-02" in the county's zone; a bare date (YYYY-MM-DD) is already one and is kept. */
export function formatDate(iso: string | Date | null | undefined): string {
  if (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = valid(iso);
  if (!d) return '';
  const w = wall(d);
  return `${w.y}-${w.m}-${w.d}`;
}

/** An instant as the value of a `datetime-local` input, read on the county's clock. */
export function toCountyInput(iso: string | null | undefined): string {
  const d = valid(iso);
  if (!d) return '';
  const w = wall(d);
  return `${w.y}-${w.m}-${w.d}T${w.hh}:${w.mm}`;
}

/** A `datetime-local` value ("2026-03-02T14:05") typed as the county's time, as an ISO instant; null when unreadable. */
export function fromCountyInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // The zone's offset at that moment: the wall clock read there minus UTC. Two passes settle a
  // change of offset between the guess and the answer (China has none today; the code does not assume it).
  let at = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wall(new Date(at));
    const shown = Date.UTC(Number(w.y), Number(w.m) - 1, Number(w.d), Number(w.hh), Number(w.mm), Number(w.ss));
    at = asUtc - (shown - at);
  }
  return new Date(at).toISOString();
}
