/**
 * Deputies' performance points (DOMAIN §7.3–7.5): claims (F6.1 ActivityClaim), the two-step
 * review, corrections with history, a deputy's own entries and total, the quarter's ranking
 * (亮分) and its publication. Automatic entries are written by point-awards.ts inside the steps
 * of other processes. Input is checked here (the server only parses JSON): anything wrong is an
 * AppError of kind `invalid` and nothing is written.
 */
import type { Kysely } from 'kysely';
import { checkTextInput, findBadCharacter } from '../engine/text-input.ts';
import { AppError } from '../errors.ts';
import { decide, entryPoints, quarterRange, rankDeputies, ruleOf, ENTRY_ACTIONS, type EntryAction, type RankedRow } from '../points/index.ts';
import type { DeputyPointsView, PointEntryView, PublicationView } from './point-views.ts';
export type { PointEntryView } from './point-views.ts';
import type { Database } from './schema.ts';
import type { Runtime } from './runtime.ts';
import { inTransaction } from './runtime.ts';
import { checkedEvidence } from './claim-evidence.ts';
import { selectEvidenceFile, type EvidenceFileRow } from './sql/evidence-file.ts';
import { countyRules } from './point-rules.ts';
import { insertPointEntry } from './sql/insert-point-entry.ts';
import { listPointEntries } from './sql/list-point-entries.ts';
import { lockPointEntry, type PointEntryRow } from './sql/lock-point-entry.ts';
import { pointEntryHistory } from './sql/point-entry-history.ts';
import { insertPublication } from './sql/point-publication.ts';
import { quarterPoints } from './sql/quarter-points.ts';
import { readPublications } from './sql/read-publications.ts';
import { updatePointEntry } from './sql/update-point-entry.ts';

export interface PointActor {
  id: string;
  roles: readonly string[];
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (pointer: string, zh: string, en: string) => new AppError('INVALID_INPUT', en, [{ pointer, message: zh, message_en: en }]);

function realDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function text(body: Record<string, unknown>, key: string, max: number, required: boolean): string | null {
  const v = own(body, key) ? body[key] : undefined;
  if (v === undefined || v === null || v === '') {
    if (required) throw invalid(`/${key}`, '必须填写', 'Required');
    return null;
  }
  if (typeof v !== 'string' || v.length > max) throw invalid(`/${key}`, `须为不超过 ${max} 字的文字`, `Text of at most ${max} characters`);
  if (findBadCharacter(v)) throw invalid(`/${key}`, '含有不允许的控制字符', 'Contains control characters');
  return v.trim();
}

const CLAIM_KEYS = new Set(['ruleCode', 'date', 'quantity', 'description', 'evidence', 'linkedEntity', 'submit']);

export interface ClaimInput {
  ruleCode: string;
  date: string;
  quantity: number;
  description: string;
  evidence: Array<{ fileId: string; name: string }>;
  linkedEntity: { instanceId: string } | null;
  submit: boolean;
}

/** F6.1: checks a claim's body against the county's rules, the files and instances it names. */
async function checkClaim(db: Kysely<Database>, rt: Runtime, countyId: string, body: unknown, rules: Awaited<ReturnType<typeof countyRules>>['rules']): Promise<ClaimInput> {
  if (!isObj(body)) throw new AppError('INVALID_BODY', 'A claim is an object');
  const verdict = checkTextInput(body);
  if (!verdict.ok) throw new AppError(verdict.code, 'The claim contains text that cannot be stored', verdict.errors);
  for (const k of Object.keys(body)) if (!CLAIM_KEYS.has(k)) throw invalid(`/${k}`, '未知字段', 'Unknown field');
  const ruleCode = own(body, 'ruleCode') ? body.ruleCode : undefined;
  const rule = typeof ruleCode === 'string' ? ruleOf(rules, ruleCode) : undefined;
  if (!rule || typeof ruleCode !== 'string') throw invalid('/ruleCode', '没有这个积分项目', 'No such point rule');
  if (!rule.claimable) throw invalid('/ruleCode', '该项目由系统根据相关工作自动记分，无需申报', 'This item is recorded automatically from the work itself');
  const date = own(body, 'date') ? body.date : undefined;
  if (!realDate(date)) throw invalid('/date', '日期格式应为 年-月-日', 'A date YYYY-MM-DD');
  const today = new Date(rt.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  if (date > today) throw invalid('/date', '不能登记尚未发生的活动', 'The date is in the future');
  if (date < '2000-01-01') throw invalid('/date', '日期过早', 'The date is too early');
  const quantity = own(body, 'quantity') ? body.quantity : 1;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 1000) throw invalid('/quantity', '数量须为 1 至 1000 的整数', 'A whole number from 1 to 1000');
  const description = text(body, 'description', 2000, true) as string;
  const evidenceRaw = own(body, 'evidence') ? body.evidence : [];
  if (!Array.isArray(evidenceRaw) || evidenceRaw.length > 10) throw invalid('/evidence', '佐证材料最多 10 个文件', 'At most 10 evidence files');
  const evidence: ClaimInput['evidence'] = [];
  for (const [i, f] of evidenceRaw.entries()) {
    const fileId = isObj(f) && own(f, 'fileId') ? f.fileId : undefined;
    if (typeof fileId !== 'string' || fileId.length > 100) throw invalid(`/evidence/${i}`, '佐证材料须为已上传的文件', 'An uploaded file');
    // A photo or a PDF only, by its type, name and bytes (claim-evidence.ts).
    evidence.push(await checkedEvidence(db, countyId, fileId, i));
  }
  let linkedEntity: ClaimInput['linkedEntity'] = null;
  const link = own(body, 'linkedEntity') ? body.linkedEntity : null;
  if (link !== null) {
    const instanceId = isObj(link) && own(link, 'instanceId') ? link.instanceId : undefined;
    if (typeof instanceId !== 'string' || instanceId.length > 100) throw invalid('/linkedEntity', '关联事项须为本县的一个事项', 'An instance of this county');
    const found = await db.selectFrom('instances').select('id').where('county_id', '=', countyId).where('id', '=', instanceId).executeTakeFirst();
    if (!found) throw new AppError('UNKNOWN_REFERENCE', 'The linked instance does not exist', [{ pointer: '/linkedEntity', message: '找不到关联事项', message_en: 'No such instance' }]);
    linkedEntity = { instanceId };
  }
  const submit = own(body, 'submit') ? body.submit : true;
  if (typeof submit !== 'boolean') throw invalid('/submit', '须为是或否', 'true or false');
  return { ruleCode, date, quantity, description, evidence, linkedEntity, submit };
}

/** A deputy's own claim, as a draft or submitted at once (to 初审). */
export async function createClaim(db: Kysely<Database>, rt: Runtime, countyId: string, actor: PointActor, body: unknown): Promise<PointEntryView> {
  const deputy = await db.selectFrom('deputies').select('user_id').where('county_id', '=', countyId).where('user_id', '=', actor.id).executeTakeFirst();
  if (!actor.roles.includes('deputy')) throw new AppError('FORBIDDEN', '只有代表可以申报履职积分 / Only a deputy claims points');
  if (!deputy) throw new AppError('DEPUTY_NOT_FOUND', '您不在本县代表名册中 / You are not on the county’s roster of deputies');
  const { rules, version } = await countyRules(db, countyId);
  const claim = await checkClaim(db, rt, countyId, body, rules);
  const rule = ruleOf(rules, claim.ruleCode)!;
  const id = rt.newId();
  const now = rt.clock.now();
  await inTransaction(db, async (trx) => {
    await insertPointEntry(trx, {
      countyId,
      id,
      deputyId: actor.id,
      ruleCode: claim.ruleCode,
      source: 'CLAIM',
      state: 'draft',
      occurredOn: claim.date,
      quantity: claim.quantity,
      rulePoints: rule.points,
      points: entryPoints(rule.points, claim.quantity),
      ruleVersion: version,
      description: claim.description,
      evidence: claim.evidence,
      linkedEntity: claim.linkedEntity,
      cause: null,
      causeKey: null,
      createdBy: actor.id,
      at: now,
      action: 'CREATE',
    });
    if (claim.submit) {
      await updatePointEntry(trx, { countyId, id, action: 'SUBMIT', from: 'draft', to: 'pendingReview', actorId: actor.id, at: now, quantity: claim.quantity, points: entryPoints(rule.points, claim.quantity), firstReviewerId: null, rejectReason: null, data: {} });
    }
  });
  return getEntry(db, countyId, actor, id);
}

const ACTION_KEYS = new Set(['action', 'reason', 'quantity']);

/** SUBMIT, APPROVE (初审), CONFIRM (复核), REJECT(reason), CORRECT(quantity, reason) on one entry. */
export async function actOnEntry(db: Kysely<Database>, rt: Runtime, countyId: string, actor: PointActor, id: string, body: unknown): Promise<PointEntryView> {
  if (!isObj(body)) throw new AppError('INVALID_BODY', 'An action is an object {action, reason?, quantity?}');
  const verdict = checkTextInput(body);
  if (!verdict.ok) throw new AppError(verdict.code, 'The action contains text that cannot be stored', verdict.errors);
  for (const k of Object.keys(body)) if (!ACTION_KEYS.has(k)) throw invalid(`/${k}`, '未知字段', 'Unknown field');
  const action = body.action;
  if (typeof action !== 'string' || !(ENTRY_ACTIONS as readonly string[]).includes(action)) throw invalid('/action', '没有这个操作', 'No such action');
  const reason = text(body, 'reason', 1000, action === 'REJECT' || action === 'CORRECT');
  let quantity: number | undefined;
  if (action === 'CORRECT') {
    const q = own(body, 'quantity') ? body.quantity : undefined;
    if (typeof q !== 'number' || !Number.isInteger(q) || q < 1 || q > 1000) throw invalid('/quantity', '数量须为 1 至 1000 的整数', 'A whole number from 1 to 1000');
    quantity = q;
  } else if (own(body, 'quantity')) throw invalid('/quantity', '只有更正时填写数量', 'Only a correction changes the quantity');
  await inTransaction(db, async (trx) => {
    const row = await lockPointEntry(trx, countyId, id);
    if (!row || !visible(row, actor)) throw new AppError('POINT_ENTRY_NOT_FOUND');
    const verdict = decide({ state: row.state, deputyId: row.deputy_id, firstReviewerId: row.first_reviewer_id }, action as EntryAction, actor);
    if (!verdict.ok) {
      throw new AppError(verdict.code === 'FORBIDDEN' ? 'FORBIDDEN' : verdict.code === 'SAME_REVIEWER' ? 'SAME_REVIEWER' : 'POINT_ACTION_REJECTED', verdict.message);
    }
    const newQuantity = quantity ?? row.quantity;
    const points = entryPoints(row.rule_points, newQuantity);
    await updatePointEntry(trx, {
      countyId,
      id,
      action,
      from: row.state,
      to: verdict.to,
      actorId: actor.id,
      at: rt.clock.now(),
      quantity: newQuantity,
      points,
      firstReviewerId: action === 'APPROVE' ? actor.id : row.first_reviewer_id,
      rejectReason: action === 'REJECT' ? reason : row.reject_reason,
      data: { ...(reason ? { reason } : {}), ...(action === 'CORRECT' ? { before: { quantity: row.quantity, points: row.points }, after: { quantity: newQuantity, points } } : {}) },
    });
  });
  return getEntry(db, countyId, actor, id);
}

/** Staff see every entry of the county; a deputy their own. */
function visible(row: { deputy_id: string }, actor: PointActor): boolean {
  return actor.roles.includes('staff') || row.deputy_id === actor.id;
}

type Rules = Awaited<ReturnType<typeof countyRules>>['rules'];

function toView(rules: Rules, row: PointEntryRow & { deputy_name: string }): PointEntryView {
  const rule = ruleOf(rules, row.rule_code);
  const unit = rule && own(rules.units, rule.unit) ? rules.units[rule.unit] : undefined;
  const state = rules.states[row.state];
  return {
    id: row.id,
    deputyId: row.deputy_id,
    deputyName: row.deputy_name,
    ruleCode: row.rule_code,
    // A rule a later overlay removed keeps its entries; they show the code's own words then.
    ruleTitle: rule?.title ?? row.rule_code,
    ruleTitle_en: rule?.title_en ?? row.rule_code,
    source: row.source,
    state: row.state,
    stateTitle: state.title,
    stateTitle_en: state.title_en,
    occurredOn: row.occurred_on,
    quantity: row.quantity,
    unitTitle: unit?.title ?? '',
    rulePoints: row.rule_points,
    points: row.points,
    ruleVersion: row.rule_version,
    description: row.description,
    cause: row.cause as PointEntryView['cause'],
    // Written only by createClaim from checked files (claim-evidence.ts); an entry without a claim has none.
    evidence: Array.isArray(row.evidence) ? (row.evidence as Array<{ fileId: string; name: string }>) : null,
    linkedEntity: row.linked_entity,
    rejectReason: row.reject_reason,
  };
}

export async function getEntry(db: Kysely<Database>, countyId: string, actor: PointActor, id: string): Promise<PointEntryView> {
  const { rules } = await countyRules(db, countyId);
  const row = await db
    .selectFrom('point_entries as e')
    .innerJoin('deputies as d', (j) => j.onRef('d.county_id', '=', 'e.county_id').onRef('d.user_id', '=', 'e.deputy_id'))
    .selectAll('e')
    .select('d.name as deputy_name')
    .where('e.county_id', '=', countyId)
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!row || !visible(row, actor)) throw new AppError('POINT_ENTRY_NOT_FOUND');
  const history = await pointEntryHistory(db, countyId, id);
  return {
    ...toView(rules, row),
    history: history.map((h) => {
      const words = own(rules.actions, h.action) ? rules.actions[h.action]! : { title: h.action, title_en: h.action };
      return { seq: h.seq, action: h.action, actionTitle: words.title, actionTitle_en: words.title_en, fromState: h.from_state, toState: h.to_state, actorName: h.actor_name ?? null, at: new Date(h.at).toISOString(), data: h.data };
    }),
  };
}

/** A deputy's entries of a year and the totals: confirmed (counted) and still in review. */
export async function deputyPoints(db: Kysely<Database>, countyId: string, actor: PointActor, deputyId: string, year: number): Promise<DeputyPointsView> {
  if (deputyId !== actor.id && !actor.roles.includes('staff')) throw new AppError('FORBIDDEN', 'A deputy sees their own points');
  const deputy = await db.selectFrom('deputies').select(['user_id', 'name', 'delegation', 'deputy_group']).where('county_id', '=', countyId).where('user_id', '=', deputyId).executeTakeFirst();
  if (!deputy) throw new AppError('DEPUTY_NOT_FOUND');
  const { rules } = await countyRules(db, countyId);
  const rows = await listPointEntries(db, countyId, { deputyId, from: `${year}-01-01`, to: `${year}-12-31`, limit: 2000 });
  const entries = rows.map((r) => toView(rules, r));
  const sum = (states: string[]) => entries.filter((e) => states.includes(e.state)).reduce((s, e) => s + e.points, 0);
  return {
    deputy: { id: deputy.user_id, name: deputy.name, delegation: deputy.delegation, group: deputy.deputy_group },
    year,
    total: sum(['confirmed']),
    inReview: sum(['pendingReview', 'pendingConfirm']),
    entries,
  };
}

/** The office's review queue: entries waiting for 初审 or 复核. */
export async function reviewQueue(db: Kysely<Database>, countyId: string, actor: PointActor, state: 'pendingReview' | 'pendingConfirm') {
  if (!actor.roles.includes('staff')) throw new AppError('FORBIDDEN', 'Reviews are done by the office (staff)');
  const { rules } = await countyRules(db, countyId);
  const rows = await listPointEntries(db, countyId, { states: [state], limit: 500 });
  return rows.map((r) => toView(rules, r));
}

/** The quarter's ranking computed now from confirmed entries (staff: what a publication would show). */
export async function quarterRanking(db: Kysely<Database>, countyId: string, year: number, quarter: number): Promise<RankedRow[]> {
  const { from, to } = quarterRange(year, quarter);
  const rows = await quarterPoints(db, countyId, from, to);
  return rankDeputies(rows.map((r) => ({ deputyId: r.deputy_id, name: r.name, delegation: r.delegation, group: r.deputy_group, points: r.points, entries: r.entries })));
}

/** 亮分: freezes the quarter's ranking as published; a second publication is refused. */
export async function publishQuarter(db: Kysely<Database>, rt: Runtime, countyId: string, actor: PointActor, year: number, quarter: number) {
  if (!actor.roles.includes('staff')) throw new AppError('FORBIDDEN', 'The office publishes');
  const rows = await quarterRanking(db, countyId, year, quarter);
  const ok = await insertPublication(db, countyId, year, quarter, rows, actor.id, rt.clock.now());
  if (!ok) throw new AppError('ALREADY_PUBLISHED');
  return (await publications(db, countyId, year, quarter))[0]!;
}

export async function publications(db: Kysely<Database>, countyId: string, year?: number, quarter?: number): Promise<PublicationView[]> {
  const list = await readPublications(db, countyId, year, quarter);
  return list.map((p) => ({ year: p.year, quarter: p.quarter, publishedAt: new Date(p.published_at).toISOString(), rows: p.rows as RankedRow[] }));
}

/** One evidence file of an entry the actor may see; anything else is 404 FILE_NOT_FOUND. */
export async function readClaimEvidence(db: Kysely<Database>, countyId: string, actor: PointActor, entryId: string, fileId: string): Promise<EvidenceFileRow> {
  const entry = await getEntry(db, countyId, actor, entryId);
  const named = Array.isArray(entry.evidence) && entry.evidence.some((e) => e !== null && typeof e === 'object' && (e as { fileId?: unknown }).fileId === fileId);
  const file = named ? await selectEvidenceFile(db, countyId, fileId) : undefined;
  if (!file) throw new AppError('FILE_NOT_FOUND');
  return file;
}
