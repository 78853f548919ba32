/**
 * A checked definition, compiled once per content hash: the XState machine (per holiday
 * calendar) and one Ajv validator per form. Built when a version is loaded, never on the
 * request path; `DefinitionCache` keeps them by hash.
 */
import type { AnyStateMachine } from 'xstate';
import { checkPackage } from './check.ts';
import { compileForm, createAjv, type FormValidator } from './form-validator.ts';
import { buildMachine } from './machine.ts';
import type { DefinitionError, HolidayCalendar, ProcessPackage, StateJson } from './types.ts';

export interface CompiledDefinition {
  readonly id: string;
  readonly hash: string;
  readonly pkg: ProcessPackage;
  readonly validators: Readonly<Record<string, FormValidator>>;
  /** Final state id → output map (field → path). */
  readonly finalOutputs: Readonly<Record<string, Record<string, string>>>;
  machineFor(calendar: HolidayCalendar): AnyStateMachine;
}

export type CompileResult = { ok: true; definition: CompiledDefinition } | { ok: false; errors: DefinitionError[] };

export function compileDefinition(pkg: ProcessPackage, hash: string, knownProcesses?: ReadonlySet<string>): CompileResult {
  const errors = checkPackage(pkg, knownProcesses);
  if (errors.length > 0) return { ok: false, errors };
  const ajv = createAjv();
  const validators: Record<string, FormValidator> = {};
  for (const [name, schema] of Object.entries(pkg.forms)) validators[name] = compileForm(ajv, schema);
  const machines = new WeakMap<HolidayCalendar, AnyStateMachine>();
  const finalOutputs: Record<string, Record<string, string>> = {};
  collectOutputs(pkg.machine.id, pkg.machine, finalOutputs);
  const definition: CompiledDefinition = {
    id: pkg.id,
    hash,
    pkg,
    validators,
    finalOutputs,
    machineFor(calendar) {
      let machine = machines.get(calendar);
      if (!machine) {
        machine = buildMachine(pkg, calendar);
        machines.set(calendar, machine);
      }
      return machine;
    },
  };
  return { ok: true, definition };
}

function collectOutputs(id: string, state: StateJson, out: Record<string, Record<string, string>>): void {
  if (state.type === 'final' && state.output) out[id] = state.output;
  for (const [key, child] of Object.entries(state.states ?? {})) collectOutputs(`${id}.${key}`, child, out);
}

/** Compiled definitions by content hash. */
export class DefinitionCache {
  private readonly byHash = new Map<string, CompiledDefinition>();

  get(hash: string): CompiledDefinition | undefined {
    return this.byHash.get(hash);
  }

  add(definition: CompiledDefinition): void {
    this.byHash.set(definition.hash, definition);
  }
}
