/** The pure engine core: no Node, no database, no clock of its own. Safe to bundle for the browser. */
export * from './types.ts';
export { checkPackage, pointer } from './check.ts';
export { CHECK_CODES, type CheckCode } from './check-codes.ts';
export { compileDefinition, DefinitionCache, type CompiledDefinition, type CompileResult } from './compile.ts';
export { start, step, stateString, type StepEnv } from './step.ts';
export {
  NATIONAL_CALENDAR,
  mergeCalendars,
  delayEnd,
  delayBefore,
  addWorkingDays,
  isWorkingDay,
  localDate,
  endOfLocalDay,
  parseDuration,
  hasYear,
} from './calendar.ts';
export { dateWords, deadlineDay } from './calendar.ts';
export { recountDeadlines, type DeadlineRecount, type MovedDeadline, type PendingTimer } from './deadline-recount.ts';
export {
  compileForm,
  createAjv,
  toFieldErrors,
  unsupportedFormKeywords,
  schemaKeywords,
  FORM_KEYWORDS,
  FORM_FORMATS,
  UNSUPPORTED_FORM_KEYWORDS,
  type FormValidator,
  type SchemaKeyword,
  type UnsupportedKeyword,
} from './form-validator.ts';
export { checkTextInput, findBadCharacter, MAX_JSON_DEPTH, type TextInputVerdict } from './text-input.ts';
export { PACKAGE_SCHEMA, COUNTY_ROLES } from './package-schema.ts';
export { readPath, renderTemplate, assignToContext, writeSerial } from './paths.ts';
export { resolveChoices, narrowForm, choiceErrors, type ResolvedChoices, type ChoiceOption } from './task-choices.ts';
export { evaluateLogic } from './logic.ts';
export { formReferences, type FormReference, type ReferenceKind } from './form-references.ts';
export { resolveTaxonomies, chosenCategories, categoryOptions, isTaxonomySetting, taxonomyFields, settingWithOptions, taxonomyContext, type TaxonomyCategory } from './taxonomy.ts';
export { mergePatch, applyOverlays, overlayRemovals, type OverlayLayer } from './overlay.ts';
export { diffPackages, type DefinitionChange, type DefinitionChangeKind } from './diff.ts';
export { planMigration, migrateSnapshot, type MigrationPlan, type StateMapping } from './migration.ts';
export { eventTitle, ENGINE_EVENT_TITLES, type Words } from './event-titles.ts';
export { allowedTaskActions, actionsOfTask, taskActionDetail, taskActionProblems, taskActionsOf, TASK_ACTION_KINDS, TASK_ACTION_TITLES, type AllowedTaskAction, type TaskActionKind, type TaskActionTarget } from './task-actions.ts';
export { mayUseAction, signerPlaces, declaresSigners, countersignTitle, countersignKey, countersignRole, withdrawEffects, withdrawnSnapshot, restorable, type KeptTimer, type ReturnAction, type SignerPlace } from './task-return.ts';
export { DEFAULT_REGISTER, enumOptions, type RegisterColumn, type RegisterColumnKind, type RegisterFilters, type RegisterSpec } from './register-spec.ts';
export { UNIT_POSITIONS, UNIT_POSITION_TITLES, isUnitPosition, type UnitPosition } from './unit-positions.ts';
