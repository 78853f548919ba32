/**
 * The form of one action on a case (加签, 退回, 列入重点督办专题 …): its name as the heading, the
 * form with "确认：name" as its button, and the server's refusal above the buttons.
 */
import { Show, type JSX } from 'solid-js';
import type { FieldError } from '../api-types.ts';
import { t, withColon } from '../i18n.ts';
import { FormRenderer } from './form-renderer.tsx';
import type { Schema } from './form-model.ts';

export function ActionForm(props: {
  title: string;
  schema: Schema;
  fieldErrors: FieldError[];
  busy: boolean;
  error: string | null | undefined;
  onSubmit: (data: Record<string, unknown>) => void | Promise<void>;
  onCancel: () => void;
}): JSX.Element {
  return (
    <div class="outcome-form">
      <h3>{props.title}</h3>
      <FormRenderer schema={props.schema} serverErrors={props.fieldErrors} busy={props.busy}
        submitLabel={`${withColon(t('confirm'))}${props.title}`}
        onSubmit={props.onSubmit} onCancel={props.onCancel}>
        <Show when={props.error}><p role="alert" class="error">{props.error}</p></Show>
      </FormRenderer>
    </div>
  );
}
