/**
 * The PointEntry machine (DOMAIN §7.3), small enough to be a table of its own rather than an
 * engine instance (see definitions/deputy-points/README.md for why):
 *
 *   draft ─SUBMIT→ pendingReview ─APPROVE (初审)→ pendingConfirm ─CONFIRM (复核)→ confirmed
 *                         └────────REJECT(reason)──────┴──────────→ rejected
 *   (created by another process's step) ──AUTO──→ pendingConfirm
 *   confirmed ─CORRECT(quantity, reason)→ confirmed (the history keeps the value before)
 *
 * Who: the deputy submits their own draft; staff review. The 复核 is by another person than
 * the 初审 (two steps mean two people). Pure: the store reads the row, asks here, writes.
 */
import type { EntryState } from './rules.ts';

export type EntryAction = 'SUBMIT' | 'APPROVE' | 'CONFIRM' | 'REJECT' | 'CORRECT';
export const ENTRY_ACTIONS: readonly EntryAction[] = ['SUBMIT', 'APPROVE', 'CONFIRM', 'REJECT', 'CORRECT'];

export interface EntryFacts {
  state: EntryState;
  deputyId: string;
  /** Who passed the 初审, when it did (null for automatic entries). */
  firstReviewerId: string | null;
}

export interface EntryActor {
  id: string;
  roles: readonly string[];
}

export type EntryDecision = { ok: true; to: EntryState } | { ok: false; code: 'FORBIDDEN' | 'INVALID_TRANSITION' | 'SAME_REVIEWER'; message: string };

const FROM: Record<EntryAction, readonly EntryState[]> = {
  SUBMIT: ['draft'],
  APPROVE: ['pendingReview'],
  CONFIRM: ['pendingConfirm'],
  REJECT: ['pendingReview', 'pendingConfirm'],
  CORRECT: ['confirmed'],
};

const TO: Record<EntryAction, EntryState | null> = { SUBMIT: 'pendingReview', APPROVE: 'pendingConfirm', CONFIRM: 'confirmed', REJECT: 'rejected', CORRECT: null };

export function decide(entry: EntryFacts, action: EntryAction, actor: EntryActor): EntryDecision {
  if (action === 'SUBMIT') {
    if (actor.id !== entry.deputyId) return { ok: false, code: 'FORBIDDEN', message: '只有代表本人可以提交自己的申报 / Only the deputy submits their own claim' };
  } else if (!actor.roles.includes('staff')) {
    return { ok: false, code: 'FORBIDDEN', message: '审核由人大工作人员进行 / Reviews are done by the office (staff)' };
  }
  if (!FROM[action].includes(entry.state)) return { ok: false, code: 'INVALID_TRANSITION', message: `该积分记录当前不能进行此项操作 / Cannot ${action} an entry that is ${entry.state}` };
  if (action === 'CONFIRM' && entry.firstReviewerId !== null && entry.firstReviewerId === actor.id) {
    return { ok: false, code: 'SAME_REVIEWER', message: '复核须由初审以外的另一人进行 / The second review (复核) is by another person than the first (初审)' };
  }
  return { ok: true, to: TO[action] ?? entry.state };
}

/** Points an entry is worth: the value per unit it was given times its quantity. */
export function entryPoints(pointsPerUnit: number, quantity: number): number {
  return pointsPerUnit * quantity;
}
