/**
 * The directory for pickers and displays: GET /api/directory searches the caller's county's
 * deputies, units or users by name or pinyin; GET /api/directory/names turns ids into names.
 * Who may search what is runtime/store/directory.ts; this file checks the query string: every
 * parameter known, given once and well-formed, else 400 INVALID_QUERY naming each bad one.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import { DIRECTORY_KINDS, directoryNames, searchDirectory, type Database, type DirectoryKind } from '../../runtime/store/index.ts';
import { currentUser, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { UNIT_NAME_EN_MAX } from '../unit-input.ts';

/**
 * A search box query longer than this is no name: the longest a name may be, a unit's English
 * name (the English portal shows it, and a reader may type or paste all of it).
 */
export const MAX_QUERY_LENGTH = UNIT_NAME_EN_MAX;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;
/** Ids per names request: a page shows at most a few dozen people and units. */
export const MAX_IDS = 200;
const MAX_ID_LENGTH = 200;

type Query = Record<string, string[]>;

const KIND_WORDS = '“deputy”（代表）、“unit”（单位）或“user”（用户）';

/** Reads the query string: each name at most once and only the `allowed` ones. */
function readQuery(all: Query, allowed: readonly string[], errors: FieldError[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, values] of Object.entries(all)) {
    if (!allowed.includes(name)) {
      errors.push({ pointer: `/query/${name}`, message: `不认识的查询参数“${name}”，可用：${allowed.join('、')}`, message_en: `unknown parameter; use ${allowed.join(', ')}` });
    } else if (values.length !== 1) {
      errors.push({ pointer: `/query/${name}`, message: `查询参数“${name}”只能给一次`, message_en: 'must be given once' });
    } else {
      out[name] = values[0];
    }
  }
  return out;
}

function readKind(value: string | undefined, errors: FieldError[]): DirectoryKind | undefined {
  // Given more than once: readQuery said so already.
  if (errors.some((e) => e.pointer === '/query/kind')) return undefined;
  if (value !== undefined && (DIRECTORY_KINDS as readonly string[]).includes(value)) return value as DirectoryKind;
  errors.push({
    pointer: '/query/kind',
    message: value === undefined ? `缺少 kind：应为${KIND_WORDS}` : `kind 应为${KIND_WORDS}`,
    message_en: value === undefined ? 'is required: deputy, unit or user' : 'must be deputy, unit or user',
  });
  return undefined;
}

function refuse(errors: FieldError[]): void {
  if (errors.length > 0) {
    throw new AppError('INVALID_QUERY', errors.map((e) => `${e.pointer.slice('/query/'.length)} ${e.message_en}`).join('; '), { errors });
  }
}

export function mountDirectoryRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database> }): void {
  const { db } = deps;

  api.get('/directory', async (c) => {
    const errors: FieldError[] = [];
    const p = readQuery(c.req.queries(), ['kind', 'q', 'limit'], errors);
    const kind = readKind(p.kind, errors);
    const q = (p.q ?? '').trim();
    if ([...q].length > MAX_QUERY_LENGTH) {
      errors.push({ pointer: '/query/q', message: `搜索内容不能超过 ${MAX_QUERY_LENGTH} 个字`, message_en: `must be at most ${MAX_QUERY_LENGTH} characters` });
    }
    let limit = DEFAULT_LIMIT;
    if (p.limit !== undefined) {
      limit = /^[0-9]{1,3}$/.test(p.limit) ? Number(p.limit) : NaN;
      if (!(limit >= 1 && limit <= MAX_LIMIT)) {
        errors.push({ pointer: '/query/limit', message: `limit 应为 1 到 ${MAX_LIMIT} 之间的整数`, message_en: `must be a whole number from 1 to ${MAX_LIMIT}` });
      }
    }
    refuse(errors);
    const user = currentUser(c);
    const actor = { id: user.id, roles: user.roles, unitId: user.unitId };
    const entries = await searchDirectory(db, user.countyId, actor, { kind: kind as DirectoryKind, q, limit });
    return c.json({ kind, entries });
  });

  api.get('/directory/names', async (c) => {
    const errors: FieldError[] = [];
    const p = readQuery(c.req.queries(), ['kind', 'ids'], errors);
    const kind = readKind(p.kind, errors);
    const ids = (p.ids ?? '').split(',').map((s) => s.trim());
    if (p.ids === undefined || ids.some((id) => id === '')) {
      errors.push({ pointer: '/query/ids', message: 'ids 应为以逗号分隔的编号，不能为空', message_en: 'must be a comma-separated list of ids, none empty' });
    } else if (ids.length > MAX_IDS || ids.some((id) => id.length > MAX_ID_LENGTH)) {
      errors.push({ pointer: '/query/ids', message: `ids 最多 ${MAX_IDS} 个，每个不超过 ${MAX_ID_LENGTH} 个字符`, message_en: `must list at most ${MAX_IDS} ids of at most ${MAX_ID_LENGTH} characters` });
    }
    refuse(errors);
    const result = await directoryNames(db, currentUser(c).countyId, kind as DirectoryKind, ids);
    return c.json({ kind, ...result });
  });

  registerDirectoryOpenApi();
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

function registerDirectoryOpenApi(): void {
  const tags = ['directory'];
  const kind = { name: 'kind', required: true, schema: { enum: [...DIRECTORY_KINDS] } };
  registerPath('get', '/api/directory', {
    summary: 'Search the county\'s deputies (name, delegation, group), units or users by name or pinyin initials',
    tags,
    query: [
      kind,
      { name: 'q', schema: { type: 'string', maxLength: MAX_QUERY_LENGTH }, description: 'Part of a name, pinyin initials (zs) or the start of the full pinyin (zhangs); empty lists all' },
      { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
    ],
    responses: {
      '200': {
        description: 'Matching active entries in pinyin order',
        content: json({
          type: 'object',
          properties: {
            kind: { enum: DIRECTORY_KINDS },
            entries: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'name'],
                properties: {
                  id: { type: 'string' },
                  name: { type: 'string' },
                  nameEn: { type: ['string', 'null'], description: 'units' },
                  delegation: { type: ['string', 'null'], description: 'deputies: 代表团' },
                  group: { type: ['string', 'null'], description: 'deputies: 代表小组' },
                  unitName: { type: ['string', 'null'], description: 'users: their unit' },
                  unitNameEn: { type: ['string', 'null'] },
                },
              },
            },
          },
        }),
      },
      '400': errorResponse('INVALID_QUERY with details.errors naming each bad parameter'),
      '403': errorResponse('FORBIDDEN: deputies may not search users; unit users see their own unit\'s users only'),
    },
  });
  registerPath('get', '/api/directory/names', {
    summary: 'Names for ids of one kind (inactive ones too); unknown ids are listed in notFound',
    tags,
    query: [kind, { name: 'ids', required: true, schema: { type: 'string' }, description: `Comma-separated, at most ${MAX_IDS}` }],
    responses: {
      '200': {
        description: 'Names in the order asked',
        content: json({
          type: 'object',
          properties: {
            kind: { enum: DIRECTORY_KINDS },
            names: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, nameEn: { type: ['string', 'null'] } } } },
            notFound: { type: 'array', items: { type: 'string' } },
          },
        }),
      },
      '400': errorResponse('INVALID_QUERY'),
    },
  });
}
