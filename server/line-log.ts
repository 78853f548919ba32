/**
 * The structured event log's writer (server/main.ts: one JSON line per transition, completion
 * and fired timer): lines of one turn of the event loop go to stdout in ONE write. A W1
 * completion logs two lines; written one by one (console.log each), they cost two write(2)
 * calls and console's formatting on the request path. Lines are flushed on the next turn
 * (setImmediate) and, synchronously, when the process exits (stdout to a file or a pipe is
 * written synchronously on Linux), so none is lost on a normal exit or process.exit().
 */
export function batchedLineLog(write: (text: string) => void = (text) => void process.stdout.write(text)): (line: string) => void {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  process.once('exit', flush);
  return (line: string) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
