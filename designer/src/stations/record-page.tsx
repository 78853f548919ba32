/**
 * /stations/:id/record: the office or a deputy records a citizen's issue received at the
 * station — at a reception, by phone, by letter, on a grid visit — with the citizen's name,
 * phone and address (POST /api/constituent-issues {issue, citizen}). The form is the process's
 * own record form (GET /api/definitions/constituent-issue, so a county's added fields show)
 * with the citizen's part beside it; the citizen's part goes to constituent_contacts, never
 * into the issue. Answers with the receipt code the citizen is told and a link to the issue.
 */
import { createResource, createSignal, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { DefinitionDetail, FieldError } from '../api-types.ts';
import { formatDate } from '../county-time.ts';
import { lang, withColon } from '../i18n.ts';
import { FormRenderer } from '../portal/form-renderer.tsx';
import type { Schema } from '../portal/form-model.ts';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { Link } from '../ui/link.tsx';
import type { StationView } from './types.ts';
import { sw } from './words.ts';

/** The citizen's fields, after the record form's own (orders 20–23). */
const CITIZEN_FIELDS: Record<string, Schema> = {
  citizenName: { type: 'string', title: '反映人姓名', maxLength: 30, 'x-ui': { label_en: "Citizen's name", order: 20 } },
  citizenPhone: { type: 'string', title: '联系电话', minLength: 7, maxLength: 20, 'x-ui': { label_en: 'Phone', order: 21, placeholder: '手机号或带区号的固定电话' } },
  citizenAddress: { type: 'string', title: '住址', maxLength: 200, 'x-ui': { label_en: 'Address', order: 22 } },
  anonymous: { type: 'boolean', title: '匿名（不留姓名）', 'x-ui': { label_en: 'Anonymous (no name kept)', order: 23 } },
};
const CITIZEN_POINTERS: Record<string, string> = { '/citizen/name': '/citizenName', '/citizen/phone': '/citizenPhone', '/citizen/address': '/citizenAddress', '/citizen/anonymous': '/anonymous' };

/** The record form with the citizen's part; the station is fixed (hidden id, its name read-only). */
function withCitizen(record: Schema): Schema {
  const r = record as { properties?: Record<string, Schema>; required?: string[] };
  return { ...record, properties: { ...(r.properties ?? {}), ...CITIZEN_FIELDS }, required: [...(r.required ?? []), 'citizenPhone'] } as Schema;
}

export function RecordIssuePage(props: { id: string }): JSX.Element {
  const [station] = createResource(() => props.id, (id) => api<StationView>('GET', `/stations/${encodeURIComponent(id)}`));
  const [def] = createResource(() => api<DefinitionDetail>('GET', '/definitions/constituent-issue'));
  const schema = () => {
    const record = def()?.definition.forms.record;
    return record ? withCitizen(record as Schema) : null;
  };
  const save = createSubmission();
  const [done, setDone] = createSignal<{ instanceId: string; receiptCode: string } | null>(null);
  const [fieldErrors, setFieldErrors] = createSignal<FieldError[]>([]);
  const submit = async (data: Record<string, unknown>) => {
    const { citizenName, citizenPhone, citizenAddress, anonymous, ...issue } = data;
    const citizen = { name: citizenName ?? null, phone: citizenPhone ?? '', address: citizenAddress ?? null, anonymous: anonymous === true };
    await save.run(async () => {
      setDone(await api<{ instanceId: string; receiptCode: string }>('POST', '/constituent-issues', { issue, citizen }));
    });
    // The server's pointers name {issue, citizen}: pin them on the fields of this one form.
    setFieldErrors(save.fieldErrors().map((e) => ({ ...e, pointer: CITIZEN_POINTERS[e.pointer] ?? e.pointer.replace(/^\/issue\//, '/') })));
  };

  return (
    <section class="record-issue-page">
      <p><Link href={`/stations/${encodeURIComponent(props.id)}`}>{sw('backToStation')}</Link></p>
      <Show when={!station.error && !def.error} fallback={<p role="alert" class="error">{apiErrorText(station.error ?? def.error)}</p>}>
        <Show when={station() && schema()} fallback={<p>…</p>}>
          <h1>{withColon(sw('recordIssue'))}{lang() === 'en' && station()!.nameEn ? station()!.nameEn : station()!.name}</h1>
          <Show when={done()} fallback={
            <>
              <p class="notice">{sw('recordIntro')}</p>
              <FormRenderer
                schema={schema()!}
                initial={{ stationId: station()!.id, stationName: station()!.name, receivedAt: formatDate(new Date()), urgency: 'NORMAL' }}
                serverErrors={fieldErrors()}
                busy={save.busy()}
                submitLabel={sw('recordSubmit')}
                onSubmit={submit}
              >
                <Show when={save.error()}><p role="alert" class="error">{save.error()}</p></Show>
              </FormRenderer>
            </>
          }>
            {(r) => (
              <div class="record-done" role="status">
                <p>{sw('recorded')}</p>
                <p>{withColon(sw('receiptCode'))}<strong class="receipt-code">{r().receiptCode}</strong></p>
                <p class="muted">{sw('receiptHint')}</p>
                <p class="actions">
                  <Link href={`/instances/${encodeURIComponent(r().instanceId)}`}>{sw('openIssue')}</Link>
                  <button type="button" class="secondary" onClick={() => setDone(null)}>{sw('recordAnother')}</button>
                </p>
              </div>
            )}
          </Show>
        </Show>
      </Show>
    </section>
  );
}
