/**
 * Category sets chosen by a setting (办理结果分类): one home for each set of categories.
 *
 * An enum setting's options may each carry `categories` — `{code, title, title_en}` in their
 * order (the order the statistics show them in, best first). The setting then chooses a
 * taxonomy, and everything that lists its categories is derived from the chosen option:
 *
 * - a form field with `"x-ui": {"taxonomy": "<setting>"}` gets `oneOf` of the chosen
 *   categories (`{const: code, title, x-ui.label_en}`), so the compiled form is a plain JSON
 *   Schema that Ajv checks and the unit sees each category by its title;
 * - a setting with `"optionsFrom": "<setting>"` (which categories need follow-up) has the
 *   chosen categories as its options (`settingWithOptions`, the designer offers them), and the
 *   checker refuses a value outside them in words;
 * - a taxonomy setting with `"context": "<key>"` puts the chosen categories into a new
 *   instance's context under that key (`taxonomyContext`, step.ts), so a process it starts
 *   (the follow-up) can offer them as task choices.
 *
 * `resolveTaxonomies` runs when a package is read from files or registered, and after every
 * overlay (overlay.ts), always overwriting the bound fields' `oneOf`: an overlay that changes
 * the setting changes the form with it, and an overlay that writes a derived list by hand is
 * refused (`handWrittenTaxonomyLists`). A county rewords the categories in the setting's
 * option (`settingsInfo.<setting>.options.<option>.categories`). Pure data in, data out.
 */
import { pointer } from '../json-pointer.ts';
import type { JsonSchema, ProcessPackage, SettingInfo } from './types.ts';

export interface TaxonomyCategory {
  code: string;
  title: string;
  title_en: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = <T>(map: Record<string, T> | undefined, key: string): T | undefined => (map && Object.hasOwn(map, key) ? map[key] : undefined);

/** Whether a setting's declaration is a taxonomy: some option carries categories. */
export function isTaxonomySetting(info: SettingInfo | undefined): boolean {
  return Object.values(info?.options ?? {}).some((o) => Array.isArray((o as { categories?: unknown }).categories));
}

/** The well-formed categories of one option (bad entries left out; the checker names them). */
function categoriesOf(option: unknown): TaxonomyCategory[] {
  const list = isObj(option) && Array.isArray(option.categories) ? option.categories : [];
  return list.filter((c): c is TaxonomyCategory => isObj(c) && typeof c.code === 'string' && c.code !== '' && typeof c.title === 'string' && typeof c.title_en === 'string');
}

/** The categories of the taxonomy a package's setting chooses now; undefined when it is no taxonomy or chooses no option. */
export function chosenCategories(pkg: Pick<ProcessPackage, 'settings' | 'settingsInfo'>, setting: string): TaxonomyCategory[] | undefined {
  const info = own(pkg.settingsInfo, setting);
  if (!isTaxonomySetting(info)) return undefined;
  const value = own(pkg.settings as Obj | undefined, setting);
  if (typeof value !== 'string') return undefined;
  const option = own(info?.options as Record<string, unknown> | undefined, value);
  return option === undefined ? undefined : categoriesOf(option);
}

/** A form field's `oneOf` for these categories. */
export function categoryChoices(categories: readonly TaxonomyCategory[]): JsonSchema[] {
  return categories.map((c) => ({ const: c.code, title: c.title, 'x-ui': { label_en: c.title_en } }));
}

/** A code setting's options for these categories: "B类（已列入计划逐步解决）". */
export function categoryOptions(categories: readonly TaxonomyCategory[]): Record<string, { title: string; title_en: string }> {
  return Object.fromEntries(categories.map((c) => [c.code, { title: `${c.code}类（${c.title}）`, title_en: `${c.code} (${c.title_en})` }]));
}

/** Every object schema under a form (properties, items, allOf…) with its pointer inside the form. */
function walkSchemas(schema: unknown, ptr: string, visit: (s: Obj, ptr: string) => void): void {
  if (!isObj(schema)) return;
  visit(schema, ptr);
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'x-ui' || k === 'const' || k === 'enum' || k === 'default' || k === 'examples') continue;
    if (Array.isArray(v)) v.forEach((x, i) => walkSchemas(x, `${ptr}${pointer(k, String(i))}`, visit));
    else if (isObj(v)) walkSchemas(v, `${ptr}${pointer(k)}`, visit);
  }
}

/** The setting a form field takes its categories from (`x-ui.taxonomy`), if any. */
export function fieldTaxonomy(schema: Obj): string | undefined {
  const ui = schema['x-ui'];
  return isObj(ui) && typeof ui.taxonomy === 'string' ? ui.taxonomy : undefined;
}

/** Form fields bound to a taxonomy setting: `{form, pointer (inside the form), setting}`. */
export function taxonomyFields(pkg: Pick<ProcessPackage, 'forms'>): Array<{ form: string; pointer: string; setting: string; schema: Obj }> {
  const out: Array<{ form: string; pointer: string; setting: string; schema: Obj }> = [];
  for (const [form, schema] of Object.entries(isObj(pkg.forms) ? pkg.forms : {})) {
    walkSchemas(schema, '', (s, ptr) => {
      const setting = fieldTaxonomy(s);
      if (setting !== undefined) out.push({ form, pointer: ptr, setting, schema: s });
    });
  }
  return out;
}

/**
 * The package with each bound form field's `oneOf` written from the chosen taxonomy. A package
 * without taxonomy settings comes back as it is (the same object). Never mutates its input.
 * Only forms are derived: a setting's options (`settingWithOptions`) and the categories in the
 * context (`taxonomyContext`) are read from the setting when needed, so a county's diff shows
 * the setting and the form choices it changes, nothing else.
 */
export function resolveTaxonomies(pkg: ProcessPackage): ProcessPackage {
  const infos = isObj(pkg.settingsInfo) ? pkg.settingsInfo : {};
  const taxonomies = Object.keys(infos).filter((k) => isObj(infos[k]) && isObj(infos[k].options) && isTaxonomySetting(infos[k]));
  if (taxonomies.length === 0) return pkg;
  const out = structuredClone(pkg);
  const chosen = new Map(taxonomies.map((k) => [k, chosenCategories(out, k)] as const));
  for (const f of taxonomyFields(out)) {
    const categories = chosen.get(f.setting);
    if (categories && categories.length > 0) f.schema.oneOf = categoryChoices(categories);
  }
  return out;
}

/** A setting's declaration with its options; one taking them from a taxonomy gets the chosen categories as options. */
export function settingWithOptions(pkg: Pick<ProcessPackage, 'settings' | 'settingsInfo'>, key: string): SettingInfo | undefined {
  const info = own(pkg.settingsInfo, key);
  if (info?.optionsFrom === undefined) return info;
  const categories = chosenCategories(pkg, info.optionsFrom);
  return categories ? { ...info, options: categoryOptions(categories) } : info;
}

/** The chosen categories of each taxonomy setting declaring a `context` key, for a new instance's initial context. */
export function taxonomyContext(pkg: Pick<ProcessPackage, 'settings' | 'settingsInfo'>): Record<string, TaxonomyCategory[]> {
  const out: Record<string, TaxonomyCategory[]> = {};
  for (const [key, info] of Object.entries(pkg.settingsInfo ?? {})) {
    if (typeof info.context !== 'string' || !isTaxonomySetting(info)) continue;
    const categories = chosenCategories(pkg, key);
    if (categories) out[info.context] = categories;
  }
  return out;
}

/**
 * Pointers of lists an overlay writes by hand although a taxonomy derives them (a bound form
 * field's `oneOf`, an `optionsFrom` setting's options), in `merged` (the package the patch was
 * merged into). The overlay should change the setting instead.
 */
export function handWrittenTaxonomyLists(merged: ProcessPackage, patch: unknown): string[] {
  if (!isObj(patch)) return [];
  const out: string[] = [];
  const forms = isObj(patch.forms) ? patch.forms : {};
  for (const f of taxonomyFields(merged)) {
    let node: unknown = own(forms, f.form);
    for (const part of f.pointer.split('/').slice(1)) node = isObj(node) ? own(node, part.replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
    if (isObj(node) && node.oneOf !== undefined) out.push(`${pointer('forms', f.form)}${f.pointer}/oneOf`);
  }
  const infos = isObj(patch.settingsInfo) ? patch.settingsInfo : {};
  for (const [key, info] of Object.entries(merged.settingsInfo ?? {})) {
    const p = own(infos, key);
    if (info.optionsFrom !== undefined && isObj(p) && p.options !== undefined) out.push(pointer('settingsInfo', key, 'options'));
  }
  return out;
}
