import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type LineFile, lineFile } from '../line-file.ts';

/** Where a function instance's stdout and stderr go, one line at a time. */
export interface FunctionOutput {
  attach(functionShortName: string, label: string, stream: Readable): void;
  close(): Promise<void>;
}

/** Each line prefixed with its instance, e.g. `[worker#2] {"level":"INFO",...}`. */
export function consoleOutput(writeLine: (line: string) => void): FunctionOutput {
  return {
    attach(_fn, label, stream) {
      forEachLine(stream, (line) => writeLine(`[${label}] ${line}`));
    },
    close: async () => {},
  };
}

/** One file per function under dir (`--quiet`), so the console stays readable under load. */
export function fileOutput(dir: string): FunctionOutput {
  const files = new Map<string, LineFile>();
  const fileFor = (fn: string) => {
    let file = files.get(fn);
    if (!file) {
      mkdirSync(dir, { recursive: true });
      file = lineFile(path.join(dir, `${fn}.log`));
      files.set(fn, file);
    }
    return file;
  };
  return {
    attach(fn, label, stream) {
      forEachLine(stream, (line) => fileFor(fn).append(`[${label}] ${line}`));
    },
    close: () => Promise.all([...files.values()].map((file) => file.close())).then(() => undefined),
  };
}

function forEachLine(stream: Readable, onLine: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', onLine);
}
