/**
 * The year's figures read straight from the instances the engine wrote (one plain query over
 * the county's suggestions, counted here), for the scenario tests. Kept apart on purpose: when
 * the statistics API (issue 14, metrics) lands, the tests compare its answers with the
 * scenario instead, and this file can go.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../runtime/store/index.ts';

export interface YearFigures {
  total: number;
  byOrigin: Record<string, number>;
  answeringUnits: number;
  byCategory: Record<string, number>;
  bySource: Record<string, number>;
  concluded: number;
  concludedByOrigin: Record<string, number>;
  /** Not concluded, by origin, with the state each is in. */
  inHandling: Array<{ origin: string; state: string }>;
  /** The answer's result code, over the concluded suggestions. */
  results: Record<string, number>;
  /** The final rating, over the concluded suggestions. */
  satisfaction: Record<string, number>;
  /** Concluded suggestions handled again after a first 不满意. */
  rehandled: number;
  bySupervisionLevel: Record<string, number>;
  /** Serial numbers: every registered suggestion has one, none repeats. */
  serialNos: string[];
}

interface Row {
  state: string;
  status: string;
  ctx: {
    origin: string;
    categoryCode: string;
    sourceCode: string;
    answeringUnitIds: string[];
    serialNo: string | null;
    supervisionLevel: string | null;
    satisfaction: string | null;
    assignments: Array<{ resultCode: string | null; satisfaction: string | null; rehandleCount: number }>;
  };
}

const add = (counts: Record<string, number>, key: string | null | undefined): void => {
  const k = key ?? 'null';
  counts[k] = (counts[k] ?? 0) + 1;
};

export async function yearFigures(db: Kysely<Database>, countyId: string): Promise<YearFigures> {
  const rows = (
    await sql<Row>`
      select i.state, i.status, i.snapshot->'machine'->'context' as ctx
      from instances i
      where i.county_id = ${countyId} and i.definition_id = 'suggestion' and i.parent_id is null`.execute(db)
  ).rows.map((r) => ({ ...r, ctx: typeof r.ctx === 'string' ? (JSON.parse(r.ctx) as Row['ctx']) : r.ctx }));
  const f: YearFigures = {
    total: rows.length,
    byOrigin: {},
    answeringUnits: new Set(rows.flatMap((r) => r.ctx.answeringUnitIds)).size,
    byCategory: {},
    bySource: {},
    concluded: 0,
    concludedByOrigin: {},
    inHandling: [],
    results: {},
    satisfaction: {},
    rehandled: 0,
    bySupervisionLevel: {},
    serialNos: rows.map((r) => r.ctx.serialNo ?? '').sort(),
  };
  for (const r of rows) {
    add(f.byOrigin, r.ctx.origin);
    add(f.byCategory, r.ctx.categoryCode);
    add(f.bySource, r.ctx.sourceCode);
    add(f.bySupervisionLevel, r.ctx.supervisionLevel);
    if (r.state !== 'concluded') {
      f.inHandling.push({ origin: r.ctx.origin, state: r.state });
      continue;
    }
    f.concluded++;
    add(f.concludedByOrigin, r.ctx.origin);
    // One answering unit per suggestion in these years: its answer is the suggestion's result.
    add(f.results, r.ctx.assignments.at(-1)?.resultCode);
    add(f.satisfaction, r.ctx.satisfaction);
    if (r.ctx.assignments.some((a) => a.rehandleCount > 0)) f.rehandled++;
  }
  return f;
}
