/**
 * The statistics a task shows beside its form (`meta.task.statistics`, DOMAIN §8: "§5 content
 * item OPINIONS_AND_SUGGESTIONS pulls §2 unit statistics into each department's evaluation
 * file"): the row of one unit in a process's per-unit table (承办单位统计) for one year, read
 * from statistics.ts's `readUnitTable` — the same numbers GET /api/statistics/suggestion/units
 * answers, never recomputed here — and put in words (a count, "96.55%（28/29）", "A类 3、B类 1").
 */
import type { Kysely } from 'kysely';
import { readPath, type TaskSpec } from '../engine/index.ts';
import type { Figure } from '../statistics/compute.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { readUnitTable, URGES_COLUMN } from './statistics.ts';

export interface TaskStatisticsView {
  title: string;
  title_en: string;
  period: { title: string; title_en: string };
  unit: { id: string; name: string; name_en: string | null };
  /** False when the unit had nothing in the table that year (no suggestion was assigned to it). */
  found: boolean;
  figures: Array<{ id: string; title: string; title_en: string; text: string; text_en: string }>;
}

function words(cell: Figure, en: boolean): string {
  // 催办次数 counts times, not items.
  if (cell.kind === 'count') return en ? String(cell.count) : `${cell.count}${cell.id === URGES_COLUMN ? '次' : '件'}`;
  if (cell.kind === 'sum') return String(cell.sum);
  if (cell.kind === 'rate') return cell.denominator > 0 ? `${cell.display}（${cell.numerator}/${cell.denominator}）` : en ? 'none yet' : '暂无';
  // An average (working days to reply): its value over how many rows.
  if (cell.kind === 'avg') return cell.denominator > 0 ? (en ? `${cell.display} (over ${cell.denominator})` : `${cell.display}（${cell.denominator}件平均）`) : en ? 'none yet' : '暂无';
  const parts = cell.parts.filter((p) => p.numerator > 0).map((p) => `${en ? p.title_en : p.title} ${p.numerator}`);
  return parts.length > 0 ? parts.join(en ? ', ' : '，') : en ? 'none yet' : '暂无';
}

/** The unit's figures the task's definition asks for, or null when it asks none or names no unit (an appointee subject). */
export async function taskStatistics(
  db: Kysely<Database>,
  rt: Runtime,
  countyId: string,
  spec: TaskSpec | undefined,
  scope: { context: Record<string, unknown>; item: unknown },
): Promise<TaskStatisticsView | null> {
  const want = spec?.statistics;
  if (!want) return null;
  const unitId = readPath(scope, want.unit);
  const year = Number(readPath(scope, want.year));
  if (typeof unitId !== 'string' || unitId === '' || !Number.isInteger(year) || year < 1949 || year > 2200) return null;
  const table = await readUnitTable(db, rt, countyId, want.process, { kind: 'year', year });
  const row = table.rows.find((r) => r.unit.id === unitId);
  const unitName = row?.unit ?? (await db.selectFrom('units').select(['id', 'name', 'name_en']).where('county_id', '=', countyId).where('id', '=', unitId).executeTakeFirst());
  return {
    title: table.title,
    title_en: table.title_en,
    period: { title: table.period.title, title_en: table.period.title_en },
    unit: { id: unitId, name: unitName?.name ?? unitId, name_en: unitName?.name_en ?? null },
    found: row !== undefined,
    figures: table.columns.map((c, i) => {
      const cell = row?.cells[i] as Figure | undefined;
      const none = c.kind === 'count' ? [c.id === URGES_COLUMN ? '0次' : '0件', '0'] : ['暂无', 'none yet'];
      return { id: c.id, title: c.title, title_en: c.title_en, text: cell ? words(cell, false) : (none[0] as string), text_en: cell ? words(cell, true) : (none[1] as string) };
    }),
  };
}
