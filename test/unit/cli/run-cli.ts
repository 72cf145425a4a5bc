import { Readable, Writable } from 'node:stream';
import { runCli } from '../../../cli/program.ts';
import type { CliIo } from '../../../cli/session.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stream that keeps what is written, shaped enough like process.stdout for the CLI. */
function capture(isTTY = false): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY, columns: 100 });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

/** Runs the CLI in this process with its own environment, stdin and captured output. */
export async function runSqsJobs(
  argv: readonly string[],
  options: { env?: Record<string, string>; stdin?: string; cwd?: string; stderrIsTTY?: boolean } = {},
): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture(options.stderrIsTTY);
  const io: CliIo = {
    env: { ...options.env },
    cwd: options.cwd ?? process.cwd(),
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdout: stdout.stream,
    stderr: stderr.stream,
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
