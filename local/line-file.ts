import { createWriteStream, type WriteStream } from 'node:fs';

/** A log file taking whole lines; see lineFile. */
export interface LineFile {
  append(line: string): void;
  /** Writes what is pending and closes the file. */
  close(): Promise<void>;
}

/**
 * Appends lines to a file, gathering the lines of one turn of the event loop into one write: under
 * load the functions print a few lines per job, and a write per line was the runtime's largest
 * single cost. A line waits at most until the loop's next turn.
 */
export function lineFile(file: string): LineFile {
  const stream: WriteStream = createWriteStream(file, { flags: 'a' });
  // Lines waiting for the flush that the first of them scheduled.
  let pending: string[] = [];
  let open = true;
  const flush = () => {
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    stream.write(`${lines.join('\n')}\n`);
  };
  return {
    append(line) {
      if (!open) return;
      if (pending.length === 0) setImmediate(flush);
      pending.push(line);
    },
    close() {
      open = false;
      flush();
      return new Promise<void>((resolve) => stream.end(resolve));
    },
  };
}
