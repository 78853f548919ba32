/**
 * The widget registry: which component draws a field, by its kind (form-model.ts `fieldKind`:
 * type, format, enum and `x-ui.widget`). A new widget is a file here and a line below.
 */
import type { Component } from 'solid-js';
import { enumOptions, xui, type FieldKind, type Schema } from '../form-model.ts';
import { CheckboxWidget } from './checkbox.tsx';
import { DateTimeWidget } from './date-time.tsx';
import { DateWidget } from './date.tsx';
import { FileUploadWidget } from './file-upload.tsx';
import { GroupWidget } from './group.tsx';
import { MultiSelectWidget } from './multi-select.tsx';
import { NumberWidget } from './number.tsx';
import { PickerWidget } from './picker.tsx';
import { RadioWidget } from './radio.tsx';
import { ReadonlyWidget } from './readonly.tsx';
import { RepeatWidget } from './repeat.tsx';
import { SelectWidget } from './select.tsx';
import { SuggestionListWidget } from './suggestion-list.tsx';
import { TagsWidget } from './tags.tsx';
import { TextareaWidget } from './textarea.tsx';
import { TextWidget } from './text.tsx';
import type { WidgetProps } from './widget-props.ts';

export { idOf, type FormContext, type WidgetProps } from './widget-props.ts';

const Hidden: Component<WidgetProps> = () => null;

const BY_KIND: Record<Exclude<FieldKind, 'enum'>, Component<WidgetProps>> = {
  hidden: Hidden,
  readonly: ReadonlyWidget,
  text: TextWidget,
  textarea: TextareaWidget,
  number: NumberWidget,
  integer: NumberWidget,
  boolean: CheckboxWidget,
  date: DateWidget,
  'date-time': DateTimeWidget,
  'multi-enum': MultiSelectWidget,
  picker: PickerWidget,
  'multi-picker': PickerWidget,
  tags: TagsWidget,
  group: GroupWidget,
  repeat: RepeatWidget,
  files: FileUploadWidget,
  'suggestion-list': SuggestionListWidget,
};

/** Up to 4 options read at a glance as radios; more fit better in a select. */
const RADIO_MAX_OPTIONS = 4;

export function widgetFor(kind: FieldKind, schema: Schema): Component<WidgetProps> {
  if (kind !== 'enum') return BY_KIND[kind];
  const radios = xui(schema).widget === 'radio' || (enumOptions(schema) ?? []).length <= RADIO_MAX_OPTIONS;
  return radios ? RadioWidget : SelectWidget;
}
