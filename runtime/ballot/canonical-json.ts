/**
 * Canonical JSON for hashing: object keys sorted by UTF-16 code units, no whitespace, numbers
 * and strings as JSON.stringify writes them. For the values a ballot list holds (strings,
 * safe integers, plain objects) this is RFC 8785 (JCS), so anyone can recompute a hash with
 * an off-the-shelf JCS library rather than this file.
 */
import { AppError } from '../errors.ts';

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new AppError('NOT_CANONICAL_JSON', 'Only finite numbers have a JSON form');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      // Default sort() compares UTF-16 code units, the order JCS prescribes (not localeCompare).
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    default:
      throw new AppError('NOT_CANONICAL_JSON', `A ${typeof value} has no JSON form`);
  }
}
