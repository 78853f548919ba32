/**
 * Carrying the deputies of the previous term over to a new one (POST /api/terms/:id/carry-over):
 * both terms must be the county's, different, and the previous one must not start after the new
 * one. Re-importing the new roster with the new term (POST /api/roster/import, termId) is the
 * other way in; carrying over suits a county whose deputies are largely re-elected, after which
 * the admin deactivates those who left and imports the newcomers. The audit log entry (the new
 * term by name, the previous one by id, how many moved) is written in the carry-over's
 * transaction.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import { recordAudit, type AuditEntry } from './audit.ts';
import type { Database } from './schema.ts';
import { carryOverDeputies } from './sql/carry-over-deputies.ts';
import { selectTerm } from './sql/read-term.ts';

const invalid = (pointer: string, message: string, message_en: string) => new AppError('INVALID_INPUT', 'Some fields are invalid', { errors: [{ pointer, message, message_en }] });

export async function carryOverTerm(db: Kysely<Database>, by: Pick<AuditEntry, 'countyId' | 'at' | 'actor' | 'address'>, toTermId: string, body: unknown): Promise<{ carried: number; from: string; to: string }> {
  const countyId = by.countyId;
  const fromTermId = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).fromTermId : undefined;
  if (typeof fromTermId !== 'string' || fromTermId === '') throw invalid('/fromTermId', '请选择上一届', 'choose the previous term');
  if (Object.keys(body as object).some((k) => k !== 'fromTermId')) throw invalid('', '只接受 fromTermId', 'only fromTermId is accepted');
  if (fromTermId === toTermId) throw invalid('/fromTermId', '不能从本届转入本届', 'must be another term');
  return db.transaction().execute(async (trx) => {
    const [from, to] = await Promise.all([selectTerm(trx, countyId, fromTermId), selectTerm(trx, countyId, toTermId)]);
    if (!to) throw invalid('/termId', '本县没有这一届', 'is not a term of this county');
    if (!from) throw invalid('/fromTermId', '本县没有这一届', 'is not a term of this county');
    if (from.starts_on && to.starts_on && from.starts_on > to.starts_on) throw invalid('/fromTermId', `${from.name}晚于${to.name}，不能转入`, `${from.name} starts after ${to.name}`);
    const carried = await carryOverDeputies(trx, countyId, from.id, to.id);
    await recordAudit(trx, { ...by, action: 'term.carried_over', target: { kind: 'term', id: to.id, name: to.name }, detail: { fromTermId: from.id, carried } });
    return { carried, from: from.name, to: to.name };
  });
}
