/**
 * The audit log's columns, in one place: the statements that write rows (insert-audit.ts,
 * insert-audit-migrations.ts) and the one that reads them (list-audit.ts) take their column
 * list and row types from here, and the list is checked against `AuditLogTable` in schema.ts,
 * so a column added there fails to compile until it is listed here.
 */
import type { AuditLogTable } from '../schema.ts';

/** Every column of a row besides the county (`county_id`) and the identity (`id`), in table order. */
export const AUDIT_COLUMNS = ['at', 'actor_id', 'actor_name', 'action', 'target_kind', 'target_id', 'target_name', 'address', 'detail'] as const satisfies readonly (keyof AuditLogTable)[];

export type AuditColumn = (typeof AUDIT_COLUMNS)[number];

/** A column of schema.ts that is neither the county, the identity nor listed: `never` while the list is whole. */
type Unlisted = Exclude<keyof AuditLogTable, AuditColumn | 'county_id' | 'id'>;
/** Fails to compile (Unlisted is not never) when schema.ts gains a column that AUDIT_COLUMNS lacks. */
export const AUDIT_COLUMNS_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true;
