/**
 * Role matrix (issue 13, deliverable 9): every privileged route × every role it does not admit
 * → 403 FORBIDDEN, and nothing changes. The privileged routes are not listed here: each
 * `requireRole(...)` middleware carries its roles, the served OpenAPI document publishes them
 * as the route's `x-roles` (server/openapi.ts routeRoles), and this test reads the document.
 * So a new privileged route is in the matrix the day it is added, ballot routes included
 * (whatever server/routes/ballots.ts becomes).
 *
 * The callers are users of the same county holding exactly one role each, aiming at real
 * objects of their own county with a valid body, so that the role is the only reason to
 * refuse; a positive control then shows that a user holding an admitted role gets past the
 * gate with the very same request. A few rules that refuse by role inside the handler
 * (RULE_GATED) are checked beside them.
 */
import { describe, expect, it } from 'vitest';
import { createUsers, hashPassword, type Role } from '../../runtime/store/index.ts';
import { databases } from '../support/databases.ts';
import { bodyFor, countyFingerprint, fill, kindOf, matrixSetup, needsBody, rawCall, ROLES, tokenFor, type CountyObjects } from '../support/matrix.ts';

/**
 * The privileged routes as they stand, pinned: a gate added, removed or changed in the code
 * fails here until this list says so too (a removed requireRole would otherwise just drop out
 * of the matrix). The ballot lines follow server/routes/ballots.ts, which the ballot branch
 * rewrites: the coordinator updates them at its merge.
 */
const PINNED: Record<string, string[]> = {
  'get /api/audit': ['admin'],
  'get /api/audit/export': ['admin'],
  'get /api/notification-settings': ['admin'],
  'put /api/notification-settings': ['admin'],
  'get /api/notification-deliveries/dead': ['admin'],
  'post /api/notification-deliveries/{id}/replay': ['admin'],
  'get /api/ballots/{id}/named': ['staff', 'admin'],
  'post /api/ballots': ['staff', 'admin'],
  'post /api/ballots/{id}/close': ['staff', 'admin'],
  'post /api/ballots/{id}/open': ['staff', 'admin'],
  'post /api/ballots/{id}/publish': ['staff', 'admin'],
  'put /api/ballots/{id}/tellers': ['staff', 'admin'],
  'post /api/ballots/{id}/votes': ['deputy'],
  'get /api/definitions/{id}/draft': ['admin'],
  'get /api/definitions/{id}/overlay': ['admin'],
  'put /api/definitions/{id}/overlay': ['admin'],
  'post /api/definitions': ['integrator'],
  'post /api/definitions/{id}/check': ['admin'],
  'post /api/definitions/{id}/migrations': ['admin'],
  'post /api/definitions/{id}/publish': ['admin'],
  'get /api/deputies': ['admin', 'staff'],
  'get /api/deputies/{id}': ['admin', 'staff'],
  'get /api/sessions': ['admin', 'staff'],
  'get /api/terms': ['admin', 'staff'],
  'get /api/key-themes': ['staff', 'leader', 'admin'],
  'post /api/terms': ['admin'],
  'post /api/terms/{id}/sessions': ['admin'],
  'post /api/roster/import': ['admin'],
  'post /api/roster/preview': ['admin'],
  'post /api/units': ['admin'],
  'patch /api/units/{id}': ['admin'],
  'get /api/users': ['admin'],
  'get /api/users/{id}': ['admin'],
  'post /api/users': ['admin'],
  'patch /api/users/{id}': ['admin'],
  'get /api/statistics/suggestion': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/suggestion/units': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/suggestion/export': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/suggestion/report': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/suggestion/counties': ['region'],
  'get /api/statistics/suggestion/monthly': ['staff', 'leader', 'admin'],
  'get /api/statistics/suggestion/periods': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/urges': ['staff', 'leader'],
  'get /api/stations': ['admin', 'staff', 'leader'],
  'post /api/stations': ['admin', 'staff'],
  'get /api/stations/{id}': ['admin', 'staff', 'leader'],
  'patch /api/stations/{id}': ['admin', 'staff'],
  'post /api/stations/{id}/deputies': ['admin', 'staff'],
  'delete /api/stations/{id}/deputies/{deputyId}': ['admin', 'staff'],
  'post /api/stations/{id}/public-code': ['admin', 'staff'],
  'get /api/stations/{id}/qr.svg': ['admin', 'staff', 'leader'],
  'get /api/stations/{id}/receptions': ['admin', 'staff', 'leader'],
  'get /api/reception-cadences': ['admin', 'staff', 'leader'],
  'post /api/reception-cadences': ['admin', 'staff'],
  'post /api/reception-cadences/generate': ['admin', 'staff'],
  'patch /api/reception-cadences/{id}': ['admin', 'staff'],
  'post /api/receptions': ['admin', 'staff'],
  'get /api/receptions/statistics': ['admin', 'staff', 'leader'],
  'put /api/points/rules/overlay': ['admin'],
  'post /api/points/claims': ['deputy'],
  'post /api/points/entries/{id}/actions': ['deputy', 'staff'],
  'get /api/points/mine': ['deputy'],
  'get /api/points/deputies/{deputyId}': ['staff'],
  'get /api/deputies/{id}/archive': ['staff', 'admin', 'deputy'],
  'get /api/deputies/{id}/archive/export': ['staff', 'admin', 'deputy'],
  'get /api/points/review': ['staff'],
  'get /api/points/ranking': ['staff'],
  'post /api/points/publications': ['staff'],
  'post /api/assessments': ['staff'],
  'get /api/assessments': ['staff', 'leader', 'admin'],
  'get /api/assessments/mine': ['deputy'],
  'get /api/assessments/export': ['staff', 'leader', 'admin'],
  'post /api/report-back/plans': ['staff'],
  'get /api/report-back/coverage': ['staff', 'leader'],
  'get /api/assignment-meetings/candidates': ['staff', 'leader'],
  'get /api/assignment-meetings/template': ['staff'],
  'post /api/assignment-meetings/import': ['staff'],
  'get /api/ballots/{id}/voter-passes': ['staff'],
  'get /api/statistics': ['staff', 'leader', 'admin'],
  'get /api/statistics/livelihood-vote': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/livelihood-vote/units': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/livelihood-vote/export': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/livelihood-vote/counties': ['region'],
  'get /api/statistics/supervision': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/supervision/units': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/supervision/export': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/supervision/counties': ['region'],
  'get /api/statistics/evaluation': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/evaluation/units': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/evaluation/export': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/evaluation/counties': ['region'],
  'get /api/statistics/constituent-issue': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/constituent-issue/units': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/constituent-issue/export': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/constituent-issue/counties': ['region'],
  'get /api/statistics/reception-session': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/reception-session/units': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/reception-session/export': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/reception-session/counties': ['region'],
  'get /api/statistics/deputy-points': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/deputy-points/units': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/deputy-points/export': ['staff', 'leader', 'admin', 'region'],
  'get /api/statistics/deputy-points/counties': ['region'],
  'get /api/statistics/deputy-points/list': ['staff', 'leader', 'admin', 'region'],
  'get /api/calendar/status': ['admin'],
  'get /api/calendar': ['admin'],
  'post /api/calendar/days': ['admin'],
  'delete /api/calendar/days': ['admin'],
  'delete /api/calendar': ['admin'],
  'post /api/calendar/import': ['admin'],
  'post /api/terms/{id}/carry-over': ['admin'],
};

/** Refusals by role that live in a handler or the store rather than in requireRole. */
const RULE_GATED: Array<{ method: string; path: (a: CountyObjects) => string; body?: unknown; refused: Role[]; why: string }> = [
  { method: 'get', path: () => '/api/tasks?mine=0', refused: ['deputy', 'unit'], why: 'only office roles list every task' },
  { method: 'get', path: () => '/api/directory?kind=user', refused: ['deputy'], why: 'deputies may not search users' },
  { method: 'get', path: (a) => `/api/deputies/${a.deputy}/archive`, refused: ['deputy'], why: 'a deputy reads only their own archive' },
  { method: 'get', path: (a) => `/api/deputies/${a.deputy}/archive/export`, refused: ['deputy'], why: 'a deputy reads only their own archive' },
  { method: 'post', path: (a) => `/api/tasks/${a.task}/complete`, body: { outcome: 'PROPOSE_ASSIGNMENT', data: {} }, refused: ['admin', 'unit', 'deputy', 'leader', 'integrator'], why: 'the task is for the staff role' },
  { method: 'get', path: (a) => `/api/instances/${a.instance}/key-themes`, refused: ['admin', 'staff', 'unit', 'deputy', 'integrator'], why: '增列 to a 重点督办专题 is the leader’s task (its role in the definition)' },
  { method: 'post', path: (a) => `/api/instances/${a.instance}/key-themes`, body: { themeId: 'matrix-nowhere' }, refused: ['admin', 'staff', 'unit', 'deputy', 'integrator'], why: '增列 to a 重点督办专题 is the leader’s task (its role in the definition)' },
];

describe.each(databases)('role matrix on $name', ({ open }) => {
  const m = matrixSetup(open, async ({ handle, w }) => {
    // One user per role in the demo county, holding that role only.
    const hash = await hashPassword('demo');
    await createUsers(handle.db, 'demo', 'demo', ROLES.map((role) => ({ username: `only-${role}`, displayName: `只有${role}`, roles: [role], ...(role === 'unit' ? { unitId: 'unit-housing' } : {}) })), hash);
    const tokens: Record<string, string> = {};
    for (const role of ROLES) tokens[role] = await tokenFor(w, 'demo', `demo-only-${role}`);
    return tokens;
  });

  it('publishes x-roles for exactly the pinned privileged routes', () => {
    const { routes } = m;
    const derived = Object.fromEntries(routes.filter((r) => r.roles).map((r) => [r.key, [...r.roles!].sort()]));
    const pinned = Object.fromEntries(Object.entries(PINNED).map(([k, v]) => [k, [...v].sort()]));
    expect(derived, 'a requireRole was added, removed or changed: update PINNED after checking it is meant').toEqual(pinned);
  });

  it('refuses every privileged route to every role it does not admit, changing nothing', async () => {
    const { a, handle, routes, tokens, w } = m;
    const privileged = routes.filter((r) => r.roles !== undefined);
    expect(privileged.length, 'x-roles missing from the document').toBeGreaterThan(0);
    const unknownRoles = privileged.flatMap((r) => r.roles!.filter((role) => !ROLES.includes(role as Role)).map((role) => `${r.key}: ${role}`));
    expect(unknownRoles, 'roles the matrix does not know: add them to ROLES (test/support/matrix.ts)').toEqual([]);
    const withoutObject = privileged.filter((r) => /\{\w+\}/.test(r.path) && !kindOf(r.path)).map((r) => r.key);
    expect(withoutObject, 'privileged routes whose id kind the matrix cannot make (KIND_OF_SEGMENT)').toEqual([]);
    const noBody = privileged.filter((r) => needsBody(r.method) && bodyFor(r.key, a) === undefined).map((r) => r.key);
    expect(noBody, 'write routes without a declared body: add one to bodyFor (test/support/matrix.ts)').toEqual([]);

    const before = await countyFingerprint(handle.db, 'demo');
    const failures: string[] = [];
    let calls = 0;
    const perRole: Record<string, number> = {};
    for (const route of privileged) {
      const kind = kindOf(route.path);
      const path = kind ? fill(route.path, a[kind]) : route.path;
      for (const role of ROLES.filter((r) => !route.roles!.includes(r))) {
        const r = await rawCall(w, tokens[role]!, route.method, path, bodyFor(route.key, a));
        calls++;
        perRole[role] = (perRole[role] ?? 0) + 1;
        // A region reader is stopped before the route's own gate, by server/region-gate.ts.
        const code = role === 'region' && r.code === 'REGION_READ_ONLY' ? 'FORBIDDEN' : r.code;
        if (r.status !== 403 || code !== 'FORBIDDEN') failures.push(`${route.key} as ${role}: ${r.status} ${r.code ?? ''} ${r.text.slice(0, 160)}`);
      }
    }
    let ruleCalls = 0;
    for (const rule of RULE_GATED) {
      for (const role of rule.refused) {
        const r = await rawCall(w, tokens[role]!, rule.method, rule.path(a), rule.body);
        ruleCalls++;
        if (r.status !== 403 || r.code !== 'FORBIDDEN') failures.push(`${rule.method} ${rule.path(a)} as ${role} (${rule.why}): ${r.status} ${r.code ?? ''} ${r.text.slice(0, 160)}`);
      }
    }
    const after = await countyFingerprint(handle.db, 'demo');
    console.log(
      `role matrix: ${privileged.length} privileged routes (x-roles) × the roles each refuses = ${calls} calls (${Object.entries(perRole).map(([r, n]) => `${r} ${n}`).join(', ')}) ` +
        `+ ${ruleCalls} calls on ${RULE_GATED.length} rules inside handlers; ${calls + ruleCalls - failures.length} × 403, ${failures.length} failures; county rows unchanged: ${JSON.stringify(after) === JSON.stringify(before)}`,
    );
    expect(failures).toEqual([]);
    expect(after).toEqual(before);

    // Positive control: the same requests by a user holding one admitted role get past the gate.
    const passed: string[] = [];
    for (const route of privileged) {
      const kind = kindOf(route.path);
      const path = kind ? fill(route.path, a[kind]) : route.path;
      const role = route.roles![0]!;
      const r = await rawCall(w, tokens[role]!, route.method, path, bodyFor(route.key, a));
      if (r.code === 'FORBIDDEN') failures.push(`${route.key} as ${role} (admitted): ${r.status} ${r.text.slice(0, 160)}`);
      else passed.push(`${route.key} ${r.status}`);
    }
    console.log(`positive control: ${passed.length} of ${privileged.length} privileged routes let an admitted role through (${passed.join(', ')})`);
    expect(failures).toEqual([]);
  }, 300_000);
});
