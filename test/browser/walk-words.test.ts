/**
 * Words, not codes (must-show of issue 12): a suggestion walked through the pages from the
 * deputy's submission to 已办结 — the deputy submits, staff register and assign, the
 * assignment is approved, the housing bureau signs and answers, the deputy rates 满意 — once
 * in Chinese, then a second suggestion in English (each person switches the header to
 * English). Every page visited is read as the person reads it (`document.body.innerText`):
 *
 * - no identifier of the suggestion package or its child package: no state name, event name,
 *   setting key, delay name or enum const (the list is built from the definitions' JSON);
 * - in English, no Han character and no full-width punctuation outside what the users typed
 *   (the suggestion's title and text, the consultation notes, the answer) and the names of
 *   people, units and the county, which stay as they are written.
 *
 * Everything the walk clicks is found by the words of the definitions in the current language
 * (titles, outcome titles, option titles), never by a code. Findings of the whole walk are
 * collected and compared with [] at the end, so one run lists every page that still shows one.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFINITIONS_DIR, readPackageDir } from '../../runtime/definition-files.ts';
import type { JsonSchema, ProcessPackage, StateJson } from '../../runtime/engine/index.ts';
import { goTo, pick as pickByName, useBrowserApp } from './support.ts';

type Lang = 'zh' | 'en';

const suggestion = readPackageDir(join(DEFINITIONS_DIR, 'suggestion'));
const assignment = readPackageDir(join(DEFINITIONS_DIR, 'suggestion-assignment'));

// ------------------------------------------------------------------ the codes of both packages

function walkStates(s: StateJson, visit: (key: string, s: StateJson) => void): void {
  for (const [k, child] of Object.entries(s.states ?? {})) {
    visit(k, child);
    walkStates(child, visit);
  }
}

function walkSchema(s: unknown, visit: (s: JsonSchema) => void): void {
  if (Array.isArray(s)) return s.forEach((x) => walkSchema(x, visit));
  if (s === null || typeof s !== 'object') return;
  visit(s as JsonSchema);
  for (const [k, v] of Object.entries(s)) if (k !== 'x-ui' && k !== 'const' && k !== 'default') walkSchema(v, visit);
}

/** State names, event names, setting keys, delay names and enum consts of a package. */
function codesOf(pkg: ProcessPackage): Set<string> {
  const out = new Set<string>([pkg.id, pkg.machine.id]);
  const add = (x: unknown) => typeof x === 'string' && out.add(x);
  walkStates(pkg.machine, (key, s) => {
    add(key);
    Object.keys(s.on ?? {}).forEach(add);
    Object.keys(s.meta?.task?.outcomes ?? {}).forEach(add);
  });
  Object.keys(pkg.machine.on ?? {}).forEach(add);
  Object.keys(pkg.events ?? {}).forEach(add);
  add(pkg.start?.event);
  Object.keys(pkg.settings ?? {}).forEach(add);
  Object.keys(pkg.delays ?? {}).forEach(add);
  for (const form of Object.values(pkg.forms)) {
    walkSchema(form, (s) => {
      if (Object.hasOwn(s, 'const')) add(s.const);
      if (Array.isArray(s.enum)) s.enum.forEach(add);
    });
  }
  // Engine events a package handles (tasks.done…) and one-letter consts (办理结果 A/B/C) cannot
  // be told from ordinary text by a scan; words with a Han character are titles already.
  return new Set([...out].filter((c) => c.length >= 2 && /^[A-Za-z][A-Za-z0-9_.-]*$/.test(c)));
}

const CODES = [...new Set([...codesOf(suggestion), ...codesOf(assignment)])];

/** The English the packages themselves use in their titles: a lowercase code that is one of these words is also an ordinary word there. */
function englishWords(pkg: ProcessPackage): Set<string> {
  const words = new Set<string>();
  const take = (x: unknown) => typeof x === 'string' && x.toLowerCase().split(/[^a-z]+/).forEach((w) => w && words.add(w));
  walkSchema(pkg, (s) => {
    take(s.title_en);
    take((s['x-ui'] as { label_en?: unknown } | undefined)?.label_en);
  });
  return words;
}
const ENGLISH = new Set([...englishWords(suggestion), ...englishWords(assignment)]);
/** In English only: lowercase one-word codes that the packages' English titles also use as words (e.g. "done"). */
const ORDINARY_IN_ENGLISH = CODES.filter((c) => /^[a-z]+$/.test(c) && ENGLISH.has(c));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const codePattern = (code: string) => new RegExp(`(?<![A-Za-z0-9_])${escape(code)}(?![A-Za-z0-9_])`, 'g');

function around(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - 16), index + length + 16).replace(/\s+/g, ' ');
}

function codesIn(text: string, lang: Lang): string[] {
  const found: string[] = [];
  for (const code of CODES) {
    if (lang === 'en' && ORDINARY_IN_ENGLISH.includes(code)) continue;
    for (const m of text.matchAll(codePattern(code))) found.push(`${code} «${around(text, m.index ?? 0, code.length)}»`);
  }
  return found;
}

const NOT_ENGLISH = /[\p{Script=Han}（）、，：；。「」《》【】]/u;

/** Lines of English text with Han characters or full-width punctuation once the allowed data is taken out. */
function hanIn(text: string, allowed: string[]): string[] {
  let rest = text;
  for (const a of [...allowed].sort((x, y) => y.length - x.length)) rest = rest.split(a).join(' ');
  return rest.split('\n').map((l) => l.trim()).filter((l) => NOT_ENGLISH.test(l)).map((l) => `«${l.slice(0, 90)}»`);
}

// ------------------------------------------------------------------ words of the definitions

const pick = (lang: Lang, zh: string, en: string | undefined | null) => (lang === 'zh' ? zh : en ?? zh);
const eventWords = (pkg: ProcessPackage, event: string, lang: Lang) => {
  const e = pkg.events?.[event];
  if (!e) throw new Error(`${pkg.id} has no title for ${event}`);
  return pick(lang, e.title, e.title_en);
};
const stateAt = (pkg: ProcessPackage, path: string): StateJson => {
  let s: StateJson | undefined = pkg.machine;
  for (const k of path.split('.')) s = s?.states?.[k];
  if (!s) throw new Error(`${pkg.id} has no state ${path}`);
  return s;
};
const stateWords = (pkg: ProcessPackage, path: string, lang: Lang) => pick(lang, stateAt(pkg, path).meta?.title ?? '', stateAt(pkg, path).meta?.title_en);
const taskWords = (pkg: ProcessPackage, path: string, lang: Lang, title: string) => {
  const task = stateAt(pkg, path).meta?.task;
  if (!task) throw new Error(`no task at ${path}`);
  return pick(lang, task.title, task.title_en).replace('{context.title}', title);
};
const field = (pkg: ProcessPackage, form: string, name: string) => (pkg.forms[form]?.properties as Record<string, JsonSchema>)[name] as JsonSchema;
const fieldWords = (pkg: ProcessPackage, form: string, name: string, lang: Lang) => {
  const f = field(pkg, form, name);
  return pick(lang, f.title as string, (f['x-ui'] as { label_en?: string } | undefined)?.label_en);
};
const optionWords = (pkg: ProcessPackage, form: string, name: string, value: string, lang: Lang) => {
  const o = (field(pkg, form, name).oneOf as JsonSchema[]).find((x) => x.const === value) as JsonSchema;
  return pick(lang, o.title as string, (o['x-ui'] as { label_en?: string } | undefined)?.label_en ?? (o.title_en as string | undefined));
};
const exact = (text: string) => new RegExp(`^\\s*${escape(text)}\\s*(\\*\\s*)?$`);
const UI = {
  zh: { login: '登录', logout: '退出', username: '用户名', password: '密码', start: '发起流程', startButton: '发起', submit: '提交', confirm: '确认', inbox: '我的工作', parent: '上级事项' },
  en: { login: 'Log in', logout: 'Log out', username: 'Username', password: 'Password', start: 'Start a process', startButton: 'Start', submit: 'Submit', confirm: 'Confirm', inbox: 'My work', parent: 'Parent case' },
} as const;

// ------------------------------------------------------------------ the walk

describe('a suggestion walked in Chinese, then in English, reads in words', () => {
  const app = useBrowserApp();

  async function names(): Promise<string[]> {
    const admin = await app.login('admin');
    const units = (await app.call(admin, 'GET', '/units')).body.units as Array<{ name: string; nameEn: string | null }>;
    const users = (await app.call(admin, 'GET', '/users')).body.users as Array<{ displayName: string }>;
    const me = (await app.call(admin, 'GET', '/me')).body as { county: { name: string; nameEn: string | null } };
    return [...units.flatMap((u) => [u.name, u.nameEn ?? '']), ...users.map((u) => u.displayName), me.county.name, me.county.nameEn ?? ''].filter(Boolean);
  }

  async function walk(lang: Lang, title: string): Promise<string[]> {
    const ui = UI[lang];
    const body = '城区多个老旧小区无电梯，老年居民上下楼困难，建议出台加装电梯补助办法。';
    const consultation = '与代表当面沟通加装电梯补助方案。';
    const answer = '我局已会同财政局起草老旧小区加装电梯补助办法，年内试点。';
    // The letter numbers given at 签发 (县住房和城乡建设局函〔2026〕1号): the unit's name (in names()) and the format 函〔year〕n号 are the document's own words, as printed on the letter.
    const letterNos = Array.from({ length: 9 }, (_, i) => `函〔2026〕${i + 1}号`);
    // Data the users typed and names, the only Han text English pages may show; 中文 is the switch back to Chinese.
    // The serial number (十八届一次-0001) and the term and session it is made of are the county's own words (settings), as written on the documents.
    const settings = Object.values(suggestion.settings ?? {}).filter((v): v is string => typeof v === 'string');
    const serials = Array.from({ length: 9 }, (_, i) => `${settings.join('')}-000${i + 1}`);
    const allowed = [title, body, consultation, answer, ...letterNos, '张科长', '0838-1234567', ...(await names()), ...serials, ...settings, '中文'];
    const findings: string[] = [];
    let shot = 0;

    const settle = async (page: Page) => {
      await page.waitForFunction(() => !/加载中|Loading/.test(document.body.innerText), undefined, { timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(150); // resources that answer after the heading (titles of child definitions, units)
    };
    /** What the page shows that is not words (codes), or not English on an English page. */
    const misfits = async (page: Page): Promise<string[]> => {
      const text = await page.evaluate(() => document.body.innerText);
      return [...codesIn(text, lang).map((c) => `code ${c}`), ...(lang === 'en' ? hanIn(text, allowed).map((h) => `not English ${h}`) : [])];
    };
    const scan = async (page: Page, where: string) => {
      await settle(page);
      for (const f of await misfits(page)) findings.push(`${lang} ${where}: ${f}`);
      await app.screenshot(page, `words-${lang}-${String(++shot).padStart(2, '0')}-${where.replace(/[^a-z0-9]+/gi, '-')}`);
    };
    /** Logs in through the form; in English the person first switches the login page to English, and once the header back and forth. */
    const login = async (username: string, viewport?: { width: number; height: number }) => {
      const { page } = await app.open(viewport);
      await page.goto(app.url);
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      await page.getByLabel(ui.username, { exact: true }).waitFor();
      await scan(page, `login page (${username})`);
      await page.getByLabel(ui.username, { exact: true }).fill(username);
      await page.getByLabel(ui.password).fill('demo');
      await page.getByRole('button', { name: ui.login }).click();
      await page.getByRole('banner').waitFor(); // on a phone 退出 is folded in the header's menu
      if (lang === 'en' && shot < 3) {
        await page.getByRole('banner').getByRole('button', { name: '中文' }).click();
        await page.getByRole('button', { name: '退出' }).waitFor();
        await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
        await page.getByRole('button', { name: ui.logout }).waitFor();
      }
      await scan(page, `inbox of ${username}`);
      return page;
    };
    const openTask = async (page: Page, taskTitle: string) => {
      await goTo(page, ui.inbox);
      await page.getByRole('link', { name: taskTitle }).click();
      await page.getByRole('heading', { level: 1, name: taskTitle }).waitFor();
      await scan(page, `task ${taskTitle}`);
    };
    const choose = async (page: Page, outcome: string) => {
      await page.getByRole('button', { name: outcome, exact: true }).click();
      await scan(page, `outcome form ${outcome}`);
    };
    const send = async (page: Page, outcome: string, kind: 'submit' | 'confirm' = 'submit') => {
      const word = kind === 'submit' ? ui.submit : ui.confirm;
      await page.getByRole('button', { name: new RegExp(`^${escape(word)}\\s*[:：]\\s*${escape(outcome)}$`) }).click();
    };
    const stateIs = async (page: Page, text: string, where: string) => {
      await expect.poll(() => page.locator('.state-current').textContent(), { timeout: 15_000 }).toContain(text);
      await scan(page, where);
    };
    /**
     * A person field: typed into its combobox and chosen by name; a single-choice field that
     * already holds the person (the deputy themself as lead deputy) shows their chip instead.
     */
    const pickPerson = async (page: Page, label: string, name: string) => {
      const box = page.getByRole('combobox', { name: exact(label) });
      const chip = page.locator('.chip', { hasText: name });
      await box.or(chip).first().waitFor();
      if ((await box.count()) === 0) return;
      await pickByName(page, exact(label), name, name);
    };

    // ---- deputy1 submits
    const deputy = await login('deputy1');
    await deputy.getByRole('navigation').getByRole('link', { name: ui.start }).click();
    await deputy.getByRole('link', { name: pick(lang, suggestion.title, suggestion.title_en) }).click();
    await deputy.getByLabel(exact(fieldWords(suggestion, 'suggestion', 'title', lang))).waitFor();
    await scan(deputy, 'start form');
    await deputy.getByLabel(exact(fieldWords(suggestion, 'suggestion', 'title', lang))).fill(title);
    await deputy.getByLabel(exact(fieldWords(suggestion, 'suggestion', 'body', lang))).fill(body);
    await deputy.getByLabel(optionWords(suggestion, 'suggestion', 'origin', 'RECESS', lang), { exact: true }).check();
    await pickPerson(deputy, fieldWords(suggestion, 'suggestion', 'leadDeputyId', lang), '王建国');
    await deputy.getByLabel(exact(fieldWords(suggestion, 'suggestion', 'sourceCode', lang))).selectOption({ label: optionWords(suggestion, 'suggestion', 'sourceCode', 'RESEARCH', lang) });
    await deputy.getByRole('button', { name: ui.startButton, exact: true }).click();
    await deputy.getByRole('heading', { level: 1, name: title }).waitFor();
    await stateIs(deputy, stateWords(suggestion, 'screening', lang), 'suggestion after submitting');

    // ---- staff: accept and register
    const staff = await login('staff');
    await openTask(staff, taskWords(suggestion, 'screening', lang, title));
    await choose(staff, eventWords(suggestion, 'ACCEPT', lang));
    await staff.getByLabel(exact(fieldWords(suggestion, 'registration', 'categoryCode', lang))).selectOption({ label: optionWords(suggestion, 'registration', 'categoryCode', 'URBAN_RURAL_CONSTRUCTION', lang) });
    await send(staff, eventWords(suggestion, 'ACCEPT', lang));
    await stateIs(staff, stateWords(suggestion, 'registered', lang), 'suggestion registered');

    // ---- staff: propose the assignment to the housing bureau
    await openTask(staff, taskWords(suggestion, 'registered', lang, title));
    await choose(staff, eventWords(suggestion, 'PROPOSE_ASSIGNMENT', lang));
    await staff.getByLabel(optionWords(suggestion, 'assignment', 'mode', 'SINGLE', lang), { exact: true }).check();
    const housing = lang === 'zh' ? '县住房和城乡建设局' : ((await app.call(await app.login('admin'), 'GET', '/units')).body.units as Array<{ id: string; name: string; nameEn: string | null }>).find((u) => u.id === 'unit-housing')?.nameEn ?? '县住房和城乡建设局';
    await pickPerson(staff, fieldWords(suggestion, 'assignment', 'leadUnitId', lang), housing);
    await staff.getByRole('radiogroup', { name: new RegExp(escape(fieldWords(suggestion, 'assignment', 'supervisionLevel', lang))) })
      .getByLabel(optionWords(suggestion, 'assignment', 'supervisionLevel', 'GENERAL', lang), { exact: true }).check();
    await send(staff, eventWords(suggestion, 'PROPOSE_ASSIGNMENT', lang));
    await stateIs(staff, stateWords(suggestion, 'assignmentProposed', lang), 'assignment proposed');

    // ---- the assignment is approved (a staff task in the demo county's definition)
    await openTask(staff, taskWords(suggestion, 'assignmentProposed', lang, title));
    await choose(staff, eventWords(suggestion, 'APPROVE_ASSIGNMENT', lang));
    await staff.getByRole('textbox', { name: exact(fieldWords(suggestion, 'decision', 'comment', lang)) }).fill(lang === 'zh' ? '同意交办。' : 'Agreed.');
    await send(staff, eventWords(suggestion, 'APPROVE_ASSIGNMENT', lang));
    await stateIs(staff, stateWords(suggestion, 'inHandling', lang), 'suggestion in handling');

    // ---- unit1 (the housing bureau): sign, consult, draft, answer
    const unit = await login('unit1');
    const child = 'active.main';
    await openTask(unit, taskWords(assignment, `${child}.pendingAcceptance`, lang, title));
    await choose(unit, eventWords(assignment, 'ACCEPT', lang));
    await send(unit, eventWords(assignment, 'ACCEPT', lang), 'confirm');
    await stateIs(unit, stateWords(assignment, `${child}.handling.planning`, lang), 'assignment signed');

    await openTask(unit, taskWords(assignment, `${child}.handling.planning`, lang, title));
    await choose(unit, eventWords(assignment, 'LOG_CONSULTATION', lang));
    await unit.getByLabel(exact(fieldWords(assignment, 'consultation', 'date', lang))).fill('2026-03-05');
    await unit.getByLabel(optionWords(assignment, 'consultation', 'mode', 'FACE_TO_FACE', lang), { exact: true }).check();
    await unit.getByLabel(exact(fieldWords(assignment, 'consultation', 'summary', lang))).fill(consultation);
    await send(unit, eventWords(assignment, 'LOG_CONSULTATION', lang));
    await stateIs(unit, stateWords(assignment, `${child}.handling.consulting`, lang), 'consultation logged');

    await openTask(unit, taskWords(assignment, `${child}.handling.consulting`, lang, title));
    await choose(unit, eventWords(assignment, 'START_DRAFT', lang));
    await send(unit, eventWords(assignment, 'START_DRAFT', lang), 'confirm');
    await stateIs(unit, stateWords(assignment, `${child}.handling.drafting`, lang), 'drafting');

    await openTask(unit, taskWords(assignment, `${child}.handling.drafting`, lang, title));
    await choose(unit, eventWords(assignment, 'SUBMIT_DRAFT', lang));
    await unit.getByLabel(optionWords(assignment, 'answer', 'resultCode', 'A', lang), { exact: true }).check();
    await unit.getByLabel(exact(fieldWords(assignment, 'answer', 'body', lang))).fill(answer);
    await unit.getByLabel(exact(fieldWords(assignment, 'answer', 'contactPerson', lang))).fill('张科长');
    await unit.getByLabel(exact(fieldWords(assignment, 'answer', 'contactPhone', lang))).fill('0838-1234567');
    // Sent with 已加盖公章 unticked: named in words, nothing sent. (No 文号 or 签发人 to type: both come with the signature.)
    await send(unit, eventWords(assignment, 'SUBMIT_DRAFT', lang));
    const sealTitle = fieldWords(assignment, 'answer', 'sealed', lang);
    const summary = unit.locator('.form-errors');
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain(lang === 'zh' ? `请勾选「${sealTitle}」` : `Please tick "${sealTitle}"`);
    expect(await unit.getByLabel(exact(sealTitle)).getAttribute('aria-invalid')).toBe('true');
    await scan(unit, 'answer form with errors');
    // Following the error in the summary puts the cursor on 已加盖公章.
    await summary.getByRole('link', { name: new RegExp(escape(sealTitle)) }).click();
    expect(await unit.evaluate(() => document.activeElement?.closest('[data-pointer]')?.getAttribute('data-pointer'))).toBe('/sealed');
    await unit.getByLabel(exact(sealTitle)).check();
    await send(unit, eventWords(assignment, 'SUBMIT_DRAFT', lang));
    await stateIs(unit, stateWords(assignment, `${child}.handling.reviewing`, lang), 'draft submitted');
    // The demo clerk of 住建局 is also its 审核人 and 签发人 (seed.ts): review, then sign.
    await openTask(unit, taskWords(assignment, `${child}.handling.reviewing`, lang, title));
    await choose(unit, eventWords(assignment, 'APPROVE_DRAFT', lang));
    await send(unit, eventWords(assignment, 'APPROVE_DRAFT', lang), 'confirm');
    await stateIs(unit, stateWords(assignment, `${child}.handling.signing`, lang), 'draft approved');
    await openTask(unit, taskWords(assignment, `${child}.handling.signing`, lang, title));
    await choose(unit, eventWords(assignment, 'SUBMIT_ANSWER', lang));
    await send(unit, eventWords(assignment, 'SUBMIT_ANSWER', lang), 'confirm');
    await stateIs(unit, stateWords(assignment, `${child}.awaitingFeedback`, lang), 'answer submitted');

    // ---- deputy1 on a phone: 满意
    const phone = await login('deputy1', { width: 390, height: 844 });
    await openTask(phone, taskWords(assignment, `${child}.awaitingFeedback`, lang, title));
    const result = phone.getByRole('radiogroup', { name: new RegExp(escape(fieldWords(assignment, 'feedback', 'resultSatisfaction', lang))) });
    await result.waitFor();
    await phone.getByRole('radiogroup', { name: new RegExp(escape(fieldWords(assignment, 'feedback', 'consultationHappened', lang))) })
      .getByLabel(optionWords(assignment, 'feedback', 'consultationHappened', 'FACE', lang), { exact: true }).check();
    await result.getByLabel(optionWords(assignment, 'feedback', 'resultSatisfaction', 'SATISFIED', lang), { exact: true }).check();
    await scan(phone, 'feedback form');
    await send(phone, eventWords(assignment, 'FEEDBACK', lang));
    await phone.locator('.state-current').waitFor();
    await scan(phone, 'assignment after feedback');

    // ---- staff: the suggestion is concluded; its page and its child's read in words
    await staff.reload();
    await stateIs(staff, stateWords(suggestion, 'concluded', lang), 'suggestion concluded');
    const history = await staff.locator('ol.timeline').innerText();
    expect(history).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(history).toContain(`${housing} 住建局办理员`);
    await staff.locator('h2 + ul').getByRole('link', { name: housing }).first().click();
    await expect.poll(() => staff.locator('h1').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await staff.getByRole('link', { name: ui.parent }).waitFor();
    await scan(staff, 'assignment of the housing bureau');
    return findings;
  }

  it('in Chinese: every page names states, outcomes and choices in words', async () => {
    const findings = await walk('zh', '关于在城区老旧小区加装电梯的建议');
    expect(findings).toEqual([]);
  }, 240_000);

  it('in English: the same walk with a second suggestion, in words and without Chinese outside the typed data', async () => {
    console.log(`codes scanned: ${CODES.length}; ordinary English words not counted in English: ${ORDINARY_IN_ENGLISH.join(', ')}`);
    const findings = await walk('en', '关于增设老旧小区停车位的建议');
    expect(findings).toEqual([]);
  }, 240_000);
});
