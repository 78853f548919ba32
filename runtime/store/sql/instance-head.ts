/**
 * The head of an instance row as pages show it — its id, process and version (to put the state
 * in words), title, state and status — in one home for the statements that list instances beside
 * something else: the links of an instance (instance-links.ts), the instance view's children and
 * head (instance-view.ts) and a deputy's archive (deputy-archive-instances.ts). Not a statement of
 * its own: a column list and the row type that goes with it, so each statement keeps its own
 * locking and index comment.
 */
import { sql, type RawBuilder } from 'kysely';

/** The columns `instanceHeadColumns` selects, by their SQL names. */
export interface InstanceHeadRow {
  id: string;
  definition_id: string;
  definition_hash: string;
  title: string;
  state: string;
  status: string;
}

const HEAD_COLUMNS = ['id', 'definition_id', 'definition_hash', 'title', 'state', 'status'] as const satisfies ReadonlyArray<keyof InstanceHeadRow>;

/** `a.id, a.definition_id, a.definition_hash, a.title, a.state, a.status` for the instance alias `a` (a fixed identifier, never input). */
export function instanceHeadColumns(alias: string): RawBuilder<unknown> {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`Not an SQL alias: ${alias}`);
  return sql.raw(HEAD_COLUMNS.map((c) => `${alias}.${c}`).join(', '));
}
