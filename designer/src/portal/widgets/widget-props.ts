/**
 * What every form widget gets: its field, its value and setter, its error state, and the form
 * context. The form (form-renderer.tsx) owns the data; a widget only reads and sets its path.
 */
import type { JSX } from 'solid-js';
import type { FieldError } from '../../api-types.ts';
import { pointerOf, type FieldDef, type FieldKind, type Path, type Schema } from '../form-model.ts';

export interface FormContext {
  /** The form's data (a Solid store); change it only through `set`. */
  readonly data: Record<string, unknown>;
  set(path: Path, value: unknown): void;
  errorsAt(pointer: string): FieldError[];
  /**
   * The fields of an object schema at `path`, as a group or a repeating row nests them. Passed
   * in rather than imported, so no widget imports the field list that imports the widgets.
   */
  fields(schema: Schema, path: Path): JSX.Element;
}

export interface WidgetProps {
  def: FieldDef;
  kind: FieldKind;
  path: Path;
  ctx: FormContext;
  /** The input's id, from the field's pointer (`/answer/text` → `f-answer-text`). */
  id: string;
  value: () => unknown;
  set: (value: unknown) => void;
  invalid: () => boolean;
  /** The id of the field's error line while it has errors (for `aria-describedby`). */
  described: () => string | undefined;
}

export const idOf = (path: Path): string => `f${pointerOf(path).replace(/[^A-Za-z0-9]/g, '-')}`;

/** A cleared text input is "not given" (undefined), so the server says 必填 rather than 不能为空. */
export const textOrUndefined = (text: string): string | undefined => (text === '' ? undefined : text);

/** `list` with `v` added (`on`) or removed, for checkbox lists. */
export function toggle(list: unknown[] | undefined, v: unknown, on: boolean): unknown[] {
  const rest = (list ?? []).filter((x) => x !== v);
  return on ? [...rest, v] : rest;
}

/** "a，b、c d" → ["a", "b", "c", "d"]: Chinese and ASCII separators, duplicates dropped. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\s]+/).map((x) => x.trim()).filter(Boolean))];
}
