/**
 * `x-ui.widget: "file-upload"`: attachments. Each chosen file is uploaded at once (POST
 * /api/files, base64 in JSON) and the field keeps `{fileId, name}` per file.
 */
import { createSignal, Index, Show, type JSX } from 'solid-js';
import { api, ApiError } from '../../api.ts';
import type { FileView } from '../../api-types.ts';
import { errorText, label, t, withColon } from '../../i18n.ts';
import { getIn } from '../form-model.ts';
import { FieldTitle } from './field-title.tsx';
import type { WidgetProps } from './widget-props.ts';

type FileRow = { fileId?: string; name?: string };

export async function uploadFile(file: File): Promise<FileView> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In 32 KiB slices: String.fromCharCode(...bytes) of a whole file overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const r = await api<{ file: FileView }>('POST', '/files', { name: file.name, mime: file.type || 'application/octet-stream', base64: btoa(binary) });
  return r.file;
}

export function FileUploadWidget(props: WidgetProps): JSX.Element {
  const rows = () => (getIn(props.ctx.data, props.path) as FileRow[] | undefined) ?? [];
  const remove = (i: number) => props.ctx.set(props.path, rows().filter((_, j) => j !== i));
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError('');
    try {
      const saved = await uploadFile(file);
      props.ctx.set(props.path, [...rows(), { fileId: saved.fileId, name: saved.name }]);
      input.value = '';
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors[0] ? errorText(err.fieldErrors[0]) : err.message) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset class="repeat" aria-invalid={props.invalid()} aria-describedby={props.described()}>
      <legend id={`${props.id}-legend`}><FieldTitle def={props.def} /></legend>
      <ul class="files">
        <Index each={rows()}>
          {(row, i) => (
            <li>
              <span class="file-name">{row().name}</span>
              <button type="button" class="secondary" onClick={() => remove(i)}>
                {t('removeItem')}
                <span class="sr-only">{` ${row().name ?? ''}`}</span>
              </button>
            </li>
          )}
        </Index>
      </ul>
      <label>
        {withColon(t('uploadFile'))}{label(props.def.schema)}
        <input type="file" disabled={busy()} onChange={(e) => void upload(e.currentTarget)} />
      </label>
      <Show when={error()}>
        <p class="field-error" role="alert">{error()}</p>
      </Show>
    </fieldset>
  );
}
