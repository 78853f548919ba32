/**
 * The attachments form data names: every object with a string `fileId`, at any depth (the
 * `file-upload` widget keeps `[{fileId, name}]`). One rule for the check at submission
 * (files.ts `attachmentErrors`: the submitter must be able to read each) and for what the
 * step's statement records in file_refs (sql/step-write.ts), so nothing is recorded that was
 * not checked. Iterative, so a deeply nested body cannot overflow the stack.
 */
export interface FileRef {
  /** JSON pointer of the `{fileId}` object in the data. */
  pointer: string;
  fileId: string;
}

const escape = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

export function fileRefs(data: unknown): FileRef[] {
  const out: FileRef[] = [];
  const stack: Array<{ value: unknown; pointer: string }> = [{ value: data, pointer: '' }];
  while (stack.length > 0) {
    const { value, pointer } = stack.pop() as { value: unknown; pointer: string };
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], pointer: `${pointer}/${i}` });
      continue;
    }
    const record = value as Record<string, unknown>;
    if (Object.hasOwn(record, 'fileId') && typeof record.fileId === 'string') out.push({ pointer, fileId: record.fileId });
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      if (key !== 'fileId') stack.push({ value: record[key], pointer: `${pointer}/${escape(key)}` });
    }
  }
  return out;
}

/** The distinct file ids of `fileRefs`. */
export function fileIdsIn(data: unknown): string[] {
  return [...new Set(fileRefs(data).map((r) => r.fileId))];
}
