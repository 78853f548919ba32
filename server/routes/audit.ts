/**
 * The audit log (审计日志) for the county admin: GET /api/audit (one page, newest first, with a
 * cursor) and GET /api/audit/export (every entry of the same filters, XLSX or CSV, in words).
 * Only the caller's county is ever read; anyone but an admin gets 403.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import {
  AUDIT_ACTIONS,
  AUDIT_PAGE_MAX,
  COUNTY_TIME_ZONE,
  countyDate,
  listAudit,
  parseAuditQuery,
  readWholeAudit,
  recordAudit,
  type AuditView,
  type Database,
} from '../../runtime/store/index.ts';
import { auditSummary } from '../../runtime/audit-summary.ts';
import { AppError } from '../../runtime/errors.ts';
import { auditBy } from '../audit-entry.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { exportFormat, exportResponse, type Cell } from '../table-export.ts';

export interface AuditRouteDeps {
  db: Kysely<Database>;
  clock: { now(): Date };
}

const localTime = new Intl.DateTimeFormat('sv-SE', { timeZone: COUNTY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

const WORDS = {
  zh: { sheet: '审计日志', columns: ['时间', '操作人', '操作', '对象', '地址', '详情'], system: '系统', anonymous: '未登录' },
  en: { sheet: 'Audit log', columns: ['Time', 'Who', 'Action', 'Target', 'Address', 'Detail'], system: 'System', anonymous: 'Not signed in' },
} as const;

/** One entry as the cells of the file, in words (the detail in words where runtime/audit-summary.ts words it, else its codes). */
function cells(e: AuditView, lang: 'zh' | 'en'): Cell[] {
  const words = WORDS[lang];
  const who = e.actorName ?? (e.action === 'login.failed' ? words.anonymous : words.system);
  const summary = auditSummary(e.action, e.detail);
  const detail = summary ? summary[lang] : e.detail === null ? '' : JSON.stringify(e.detail);
  return [localTime.format(new Date(e.at)), who, lang === 'en' ? e.title_en : e.title, e.targetName ?? '', e.address ?? '', detail];
}

export function mountAuditRoutes(api: Hono<AppEnv>, deps: AuditRouteDeps): void {
  const { db, clock } = deps;
  const admin = requireRole('admin');

  api.get('/audit', admin, async (c) => {
    const { query } = parseAuditQuery(c.req.queries());
    return c.json(await listAudit(db, currentUser(c).countyId, query));
  });

  api.get('/audit/export', admin, async (c: Context<AppEnv>) => {
    const { query, raw } = parseAuditQuery(c.req.queries(), ['format', 'lang']);
    const format = exportFormat(raw.format);
    const lang = raw.lang ?? 'zh';
    if (lang !== 'zh' && lang !== 'en') throw new AppError('INVALID_QUERY', 'lang: zh or en', { parameter: 'lang' });
    const { countyId } = currentUser(c);
    // Recorded before the file is read, so the export is in its own file (the newest row).
    await recordAudit(db, { ...auditBy(c, clock), action: 'audit.exported', detail: { format, ...(query.action ? { filter: query.action } : {}) } });
    const pages = async function* () {
      for await (const page of readWholeAudit(db, countyId, query)) yield page.map((e) => cells(e, lang));
    };
    const day = countyDate(clock.now());
    return exportResponse(c, {
      format,
      sheet: WORDS[lang].sheet,
      columns: WORDS[lang].columns.map((title, i) => ({ title, width: i === 5 ? 40 : i === 0 ? 20 : 16 })),
      pages: pages(),
      filename: `${WORDS[lang].sheet}-${day}`,
      asciiFilename: `audit-${day}`,
    });
  });

  registerAuditOpenApi();
}

function registerAuditOpenApi(): void {
  const tags = ['audit'];
  const forbidden = errorResponse('FORBIDDEN: the caller is not an admin');
  const invalid = errorResponse('INVALID_QUERY: an unknown, repeated or ill-typed parameter (nothing was read)');
  const query = [
    { name: 'from', description: 'First county-local day, YYYY-MM-DD (inclusive)', schema: { type: 'string', format: 'date' } },
    { name: 'to', description: 'Last county-local day, YYYY-MM-DD (inclusive)', schema: { type: 'string', format: 'date' } },
    { name: 'action', description: 'One action code', schema: { enum: Object.keys(AUDIT_ACTIONS) } },
    { name: 'actor', description: 'The id of the user who acted', schema: { type: 'string', maxLength: 120 } },
  ];
  const entry = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      at: { type: 'string', format: 'date-time' },
      actorId: { type: ['string', 'null'] },
      actorName: { type: ['string', 'null'], description: 'The name at the time; null for the system or before sign-in' },
      action: { type: 'string' },
      title: { type: 'string', description: 'The action in Chinese' },
      title_en: { type: 'string' },
      targetKind: { type: ['string', 'null'], enum: ['user', 'unit', 'definition', 'ballot', 'term', 'county', null] },
      targetId: { type: ['string', 'null'] },
      targetName: { type: ['string', 'null'], description: 'The name at the time' },
      address: { type: ['string', 'null'], description: 'The client address the server saw' },
      detail: { description: 'Ids and codes only (roles, versions, counts, migrations)' },
    },
  };
  registerPath('get', '/api/audit', {
    summary: 'The county\'s audit log, newest first (admin)',
    tags,
    query: [
      ...query,
      { name: 'limit', description: `1..${AUDIT_PAGE_MAX} (default 100)`, schema: { type: 'integer', minimum: 1, maximum: AUDIT_PAGE_MAX } },
      { name: 'cursor', description: 'The previous page\'s nextCursor', schema: { type: 'integer', minimum: 1 } },
    ],
    responses: {
      '200': { description: 'A page', content: { 'application/json': { schema: { type: 'object', properties: { entries: { type: 'array', items: entry }, nextCursor: { type: ['integer', 'null'] } } } } } },
      '400': invalid,
      '403': forbidden,
    },
  });
  registerPath('get', '/api/audit/export', {
    summary: 'Every entry of the same filters as XLSX or CSV (UTF-8 with BOM), in words (admin); the export is itself audited',
    tags,
    query: [...query, { name: 'format', schema: { enum: ['xlsx', 'csv'] } }, { name: 'lang', schema: { enum: ['zh', 'en'] } }],
    responses: { '200': { description: 'The file' }, '400': invalid, '403': forbidden },
  });
}
