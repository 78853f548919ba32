/**
 * What every editor of the designer (states, forms, delays, settings) gets from the page: the
 * working copy, a way to change it (one undo step per call, or per `coalesce` key while the
 * same field is typed in), and the check errors of the working copy.
 */
import type { DefinitionError } from '../../../runtime/engine/index.ts';
import type { ProcessPackage } from './model.ts';

export interface Editor {
  pkg: () => ProcessPackage;
  update: (fn: (draft: ProcessPackage) => void, coalesce?: string) => void;
  errors: () => DefinitionError[];
}
