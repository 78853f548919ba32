/**
 * A submitted form as a document people read (GET /api/instances/:id/documents, and the
 * documents of GET /api/tasks/:id): drawn from the form's own JSON Schema — field titles, enum
 * labels, booleans in words, dates and times in the county's zone, nested objects, repeating
 * groups as numbered items, attachments as download links, people and units by name — in
 * Chinese or English. No identifier is shown: a reference shows the name the server resolved
 * (`names`, by JSON pointer), a field without a value is left out, long text keeps its
 * paragraphs.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import { apiBlob } from '../api.ts';
import type { DocumentView, NameView } from '../api-types.ts';
import { dateWords } from '../../../runtime/engine/calendar.ts';
import { formatDate, formatDateTime } from '../county-time.ts';
import { fill, inParens, label, lang, t, withColon } from '../i18n.ts';
import { enumOptions, fieldKind, orderedFields, PICKERS, xui, type FieldKind, type Schema } from './form-model.ts';

const zh = () => lang() === 'zh';
const list = (items: string[]) => items.join(zh() ? '、' : ', ');
const nameText = (n: NameView | undefined | null) => (n ? (zh() ? n.name : n.name_en ?? n.name) : t('nameGone'));

/** The kind a value is read as: a read-only field as what it holds. */
function kindOf(s: Schema): FieldKind {
  const ui = xui(s);
  if (ui.widget === 'readonly' || s.readOnly === true) return fieldKind({ ...s, readOnly: false, 'x-ui': { ...ui, widget: undefined } });
  return fieldKind(s);
}

/** A widget that stores an id this renderer has no name for (a suggestion-picker, a delegation-picker): shown by no field. */
const unnamedReference = (s: Schema) => {
  const widget = xui(s).widget;
  return typeof widget === 'string' && widget.endsWith('-picker') && !PICKERS[widget];
};

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).every(isEmpty);
  return false;
}

function optionText(s: Schema, value: unknown): string {
  const hit = (enumOptions(s) ?? []).find((o) => o.value === value);
  return hit ? label(hit.schema) || String(value) : String(value);
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Long text with its paragraphs (blank lines or single line breaks). */
function Paragraphs(props: { text: string }): JSX.Element {
  return <For each={props.text.split(/\n+/).filter((p) => p.trim() !== '')}>{(p) => <p>{p}</p>}</For>;
}

/** An attachment: a link that downloads with the bearer token (a plain link cannot send it). */
export function FileLink(props: { fileId: string; name: string; size?: number }): JSX.Element {
  const [failed, setFailed] = createSignal(false);
  const download = async (e: MouseEvent) => {
    e.preventDefault();
    setFailed(false);
    try {
      const url = URL.createObjectURL(await apiBlob(`/files/${encodeURIComponent(props.fileId)}`));
      const a = document.createElement('a');
      a.href = url;
      a.download = props.name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(true);
    }
  };
  return (
    <span class="doc-file">
      <a href={`/api/files/${encodeURIComponent(props.fileId)}`} download={props.name} onClick={(e) => void download(e)}>
        {props.name}
      </a>
      <Show when={props.size !== undefined}><span class="muted">{inParens(sizeText(props.size as number))}</span></Show>
      <Show when={failed()}><span class="error" role="alert">{t('downloadFailed')}</span></Show>
    </span>
  );
}

/** A form's date as a letter writes it (2026年3月5日 / 5 Mar 2026): the engine's one rule, dateWords. */
function dateInWords(value: string): string {
  const day = formatDate(value);
  if (!day) return '';
  const words = dateWords(day);
  return lang() === 'zh' ? words.zh : words.en;
}

function Value(props: { schema: Schema; value: unknown; pointer: string; doc: DocumentView }): JSX.Element {
  const s = props.schema;
  const v = props.value;
  const kind = kindOf(s);
  switch (kind) {
    case 'boolean':
      return <>{v === true ? t('yes') : t('no')}</>;
    case 'enum':
      return <>{optionText(s, v)}</>;
    case 'multi-enum':
      return <>{list((v as unknown[]).map((x) => optionText((s.items ?? {}) as Schema, x)))}</>;
    case 'picker':
      return <>{nameText(props.doc.names[props.pointer])}</>;
    case 'multi-picker':
      return <>{list((v as unknown[]).map((_, i) => nameText(props.doc.names[`${props.pointer}/${i}`])))}</>;
    case 'tags':
      return <>{list((v as unknown[]).map(String))}</>;
    case 'date':
      return <>{dateInWords(String(v))}</>;
    case 'date-time':
      return <>{formatDateTime(String(v))}</>;
    case 'files':
      return (
        <ul class="doc-files">
          <For each={(v as Array<{ fileId?: string; name?: string }>).filter((f) => typeof f?.fileId === 'string')}>
            {(f) => (
              <li>
                <FileLink fileId={f.fileId as string} name={props.doc.files[f.fileId as string]?.name ?? f.name ?? ''} size={props.doc.files[f.fileId as string]?.size} />
              </li>
            )}
          </For>
        </ul>
      );
    case 'group':
      return <Fields schema={s} data={v as Record<string, unknown>} pointer={props.pointer} doc={props.doc} />;
    case 'suggestion-list':
      return <>{list((v as Array<{ serialNo?: string | null; title?: string }>).map((r) => `${r.serialNo ? `${r.serialNo} ` : ''}《${r.title ?? ''}》`))}</>;
    case 'repeat':
      return (
        <ol class="doc-repeat">
          <For each={v as Array<Record<string, unknown>>}>
            {(item, i) => (
              <li>
                <span class="doc-item-n">{t('itemN').replace('{n}', String(i() + 1))}</span>
                <Fields schema={(s.items ?? {}) as Schema} data={item} pointer={`${props.pointer}/${i()}`} doc={props.doc} />
              </li>
            )}
          </For>
        </ol>
      );
    case 'textarea':
      return <Paragraphs text={String(v)} />;
    default:
      return <>{typeof v === 'object' ? '' : String(v)}</>;
  }
}

function Fields(props: { schema: Schema; data: Record<string, unknown> | null | undefined; pointer: string; doc: DocumentView }): JSX.Element {
  const shown = () =>
    orderedFields(props.schema).filter((f) => {
      const v = props.data?.[f.name];
      return !isEmpty(v) && kindOf(f.schema) !== 'hidden' && !unnamedReference(f.schema) && (kindOf(f.schema) !== 'text' || typeof v !== 'object');
    });
  return (
    <dl class="doc-fields">
      <For each={shown()}>
        {(f) => {
          const kind = kindOf(f.schema);
          const wide = ['textarea', 'group', 'repeat', 'files'].includes(kind);
          return (
            <div class={wide ? 'doc-field wide' : 'doc-field'}>
              <dt>{label(f.schema) || t('otherField')}</dt>
              <dd><Value schema={f.schema} value={props.data?.[f.name]} pointer={`${props.pointer}/${f.name}`} doc={props.doc} /></dd>
            </div>
          );
        }}
      </For>
    </dl>
  );
}

/** The document's body: its fields, as the form's schema describes them. */
export function DocumentBody(props: { doc: DocumentView }): JSX.Element {
  return <Fields schema={props.doc.schema as Schema} data={props.doc.data} pointer="" doc={props.doc} />;
}

/** Who and when, in words: 提交答复 · 县住房和城乡建设局 · 张三 · 2026-03-02 14:05. */
export function documentByline(doc: DocumentView): string {
  // 委托: the delegate and whom they acted for, as the history says it (李秀英（代王建国办理）).
  const who = doc.actorName ? (doc.onBehalfOfName ? `${doc.actorName}${inParens(fill(t('actedFor'), { name: doc.onBehalfOfName }))}` : doc.actorName) : t('system');
  const parts = [zh() ? doc.title : doc.title_en, doc.actorUnit ? nameText(doc.actorUnit) : null, who, formatDateTime(doc.at)];
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}

/** One document as a titled card. */
export function DocumentCard(props: { doc: DocumentView; level?: 2 | 3 }): JSX.Element {
  const title = () => label(props.doc.schema as Schema) || (zh() ? props.doc.title : props.doc.title_en);
  // The unit a child process works for, when it is not the submitter's own (the deputy's rating of one unit's answer).
  const forUnit = () => (!props.doc.root && props.doc.instanceUnit && props.doc.actorUnit?.name !== props.doc.instanceUnit.name ? nameText(props.doc.instanceUnit) : null);
  return (
    <article class={props.doc.withdrawn ? 'document withdrawn' : 'document'} data-form={props.doc.form}>
      <header>
        <Show when={props.level === 2} fallback={<h3>{title()}</h3>}><h2>{title()}</h2></Show>
        <p class="doc-byline">
          {documentByline(props.doc)}
          <Show when={forUnit()}>{(u) => <span>{inParens(t('forUnit').replace('{unit}', u()))}</span>}</Show>
        </p>
        {/* The 文号 of the letter signed from this draft: the printed record shows which letter the unit sent. */}
        <Show when={props.doc.letterNo}>{(n) => <p class="doc-letter-no">{withColon(t('letterNo'))}{n()}</p>}</Show>
        {/* 撤回: the completion was taken back; the form stays in the record, marked, beside the one that replaced it. */}
        <Show when={props.doc.withdrawn}>
          {(w) => <p class="doc-withdrawn">{fill(t(w().reason ? 'docWithdrawnReason' : 'docWithdrawn'), { at: formatDateTime(w().at), reason: w().reason })}</p>}
        </Show>
      </header>
      <DocumentBody doc={props.doc} />
    </article>
  );
}

/** Documents in the order they happened. */
export function DocumentList(props: { docs: DocumentView[]; level?: 2 | 3 }): JSX.Element {
  return (
    <div class="documents">
      <For each={props.docs} fallback={<p class="empty">{t('noDocuments')}</p>}>{(d) => <DocumentCard doc={d} level={props.level} />}</For>
    </div>
  );
}
