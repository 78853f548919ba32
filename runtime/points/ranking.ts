/**
 * 亮分: a quarter's ranked table of deputies' confirmed points (DOMAIN §7.4 PERIOD_PUBLISH),
 * ranked in the county and within each delegation (代表团) and deputy group (代表小组).
 * Ranks are competition ranks (1, 2, 2, 4): equal points share a rank. Pure.
 */
export interface RankInput {
  deputyId: string;
  name: string;
  delegation: string | null;
  group: string | null;
  points: number;
  entries: number;
}

export interface RankedRow extends RankInput {
  rank: number;
  delegationRank: number | null;
  groupRank: number | null;
}

function ranks(rows: readonly RankInput[]): Map<string, number> {
  const sorted = [...rows].sort((a, b) => b.points - a.points);
  const out = new Map<string, number>();
  sorted.forEach((r, i) => out.set(r.deputyId, i > 0 && sorted[i - 1]!.points === r.points ? out.get(sorted[i - 1]!.deputyId)! : i + 1));
  return out;
}

function ranksWithin(rows: readonly RankInput[], key: (r: RankInput) => string | null): Map<string, number> {
  const groups = new Map<string, RankInput[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out = new Map<string, number>();
  for (const g of groups.values()) for (const [id, rank] of ranks(g)) out.set(id, rank);
  return out;
}

/** Rows ordered by rank, then name (a stable order for equal points). */
export function rankDeputies(rows: readonly RankInput[]): RankedRow[] {
  const county = ranks(rows);
  const delegation = ranksWithin(rows, (r) => r.delegation);
  const group = ranksWithin(rows, (r) => r.group);
  return rows
    .map((r) => ({ ...r, rank: county.get(r.deputyId)!, delegationRank: delegation.get(r.deputyId) ?? null, groupRank: group.get(r.deputyId) ?? null }))
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'zh') || a.deputyId.localeCompare(b.deputyId));
}

/** The quarter's dates, YYYY-MM-DD inclusive. */
export function quarterRange(year: number, quarter: number): { from: string; to: string } {
  const startMonth = (quarter - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  const lastDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  const mm = (m: number) => String(m).padStart(2, '0');
  return { from: `${year}-${mm(startMonth)}-01`, to: `${year}-${mm(endMonth)}-${lastDay}` };
}

/** The day in Beijing time (UTC+8, no daylight saving) of an instant: entries are dated by it. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
