import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RuntimeProcess {
  readonly apiUrl: string;
  /** The emulated SQS endpoint and dead-letter queue, for checks with the AWS SDK. */
  readonly sqsEndpoint: string;
  readonly deadLetterQueueUrl: string;
  readonly child: ChildProcess;
  /** Everything the runtime printed so far. */
  output(): string;
  /** Sends the signal and waits for the process to exit; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /**
   * `kill -9` of the runtime itself (the node process running local/main.ts, under tsx's wrapper):
   * no cleanup runs. Resolves once it and every process it started (emulators, function
   * instances, which end when their IPC channel closes) are gone, so the state dir is free.
   */
  kill9(): Promise<void>;
}

/**
 * Starts `npm start`'s program (tsx local/main.ts) as a separate process on random ports, exactly as a
 * user would run it, and waits for the SQS_JOBS_API_URL line it prints when ready.
 */
export async function startRuntimeProcess(options: {
  stateDir: string;
  args?: readonly string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<RuntimeProcess> {
  const child = spawn(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    [
      'local/main.ts',
      '--port',
      '0',
      '--dynamodb-port',
      '0',
      '--sqs-port',
      '0',
      '--state-dir',
      options.stateDir,
      '--quiet',
      ...(options.args ?? []),
    ],
    { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`runtime not ready after ${options.timeoutMs ?? 90_000} ms:\n${output}`)),
      options.timeoutMs ?? 90_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /SQS_JOBS_API_URL=(\S+)/.exec(output);
      // The dead-letter queue line is printed last; wait for it so every line is there.
      if (match?.[1] && /SQS_JOBS_DEAD_LETTER_QUEUE_URL=\S+\n/.test(output)) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code} before it was ready:\n${output}`));
    });
  });
  const printed = (name: string) => new RegExp(`${name}=(\\S+)`).exec(output)?.[1] ?? '';
  return {
    apiUrl,
    sqsEndpoint: printed('SQS_JOBS_SQS_ENDPOINT'),
    deadLetterQueueUrl: printed('SQS_JOBS_DEAD_LETTER_QUEUE_URL'),
    child,
    output: () => output,
    async stop(signal = 'SIGINT') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
    async kill9() {
      const tree = descendants(child.pid ?? -1);
      // tsx runs the program in a child of its own; that child is the runtime.
      const runtime = tree[0] ?? child.pid;
      if (runtime !== undefined) process.kill(runtime, 'SIGKILL');
      await exited;
      const deadline = Date.now() + 15_000;
      while (tree.some(isAlive) && Date.now() < deadline) await sleep(100);
      const left = tree.filter(isAlive);
      if (left.length > 0) throw new Error(`processes still running after kill -9: ${left.join(', ')}`);
    },
  };
}

/** Every process below pid, parents before children (Linux /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
