/**
 * One rule for every published percentage: two decimals, rounded half up on the exact
 * fraction (integer arithmetic, no float drift), trailing zeros dropped — as DOMAIN §2.11's
 * examples print them: 667/670 → 99.55%, 609/667 → 91.3%, 69/670 → 10.3%, 637/637 → 100%.
 * Never a bare percentage: the numerator and denominator travel with it. A zero denominator
 * has no percentage: it reads "—（0/0）" on the pages, in the tables, the exports and the report.
 */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** The percentage rounded to two decimals (99.55 for 99.55 %); null when the denominator is 0. */
  value: number | null;
  /** As printed in a report: "99.55%", "91.3%", "100%"; "—（0/0）" when the denominator is 0. */
  display: string;
}

export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator < 0) throw new Error(`ratio of ${numerator}/${denominator}`);
  if (denominator === 0) return { numerator, denominator, value: null, display: `—（${numerator}/0）` };
  // Hundredths of a percent, half up: floor((n·10000·2 + d) / (2d)).
  const hundredths = Math.floor((numerator * 20_000 + denominator) / (2 * denominator));
  const whole = Math.floor(hundredths / 100);
  const frac = String(hundredths % 100).padStart(2, '0').replace(/0+$/, '');
  return { numerator, denominator, value: hundredths / 100, display: `${whole}${frac ? `.${frac}` : ''}%` };
}

/** A rate with its ratio, as the report and the tables print it: "80%（4/5）"; "—（0/0）" (the display already says it) when the denominator is 0. */
export function rateWithRatio(r: { numerator?: number; denominator?: number; display?: string }): string {
  const n = r.numerator ?? 0;
  const d = r.denominator ?? 0;
  if (d === 0) return `—（${n}/0）`;
  return `${r.display ?? '—'}（${n}/${d}）`;
}
