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
   * Sends `signal` as a terminal (Ctrl-C), `timeout` or a CI runner would: to the whole process
   * group (started with `group: true`), or to the runtime's own process alone. Resolves once the
   * runtime and every process it started are gone (rejects after `timeoutMs`).
   */
  signalAndWait(target: 'group' | 'runtime', signal: NodeJS.Signals, timeoutMs: number): Promise<void>;
  /**
   * `kill -9` of the runtime itself (the node process running local/main.ts):
   * no cleanup runs. Resolves once it and every process it started (emulators, function
   * instances, which end when their IPC channel closes) are gone, so the state dir is free.
   */
  kill9(): Promise<void>;
}

/**
 * Starts `npm start`'s program (node --import tsx local/main.ts; or `program`) as a separate process on random ports,
 * exactly as a user would run it, and waits for the SQS_JOBS_API_URL line it prints when ready.
 */
export async function startRuntimeProcess(options: {
  stateDir: string;
  args?: readonly string[];
  env?: Record<string, string>;
  timeoutMs?: number;
  /**
   * Run it in a process group of its own, as a terminal runs a command (as `npm start -- …` unless
   * `program` says otherwise), so `signalAndWait('group', …)` is a Ctrl-C.
   */
  group?: boolean;
  /** Another program that runs the same launch, e.g. `[bin/sqs-jobs.mjs, 'dev']` (run with this Node). */
  program?: readonly string[];
  /** What runs `program` instead of this Node, e.g. `npx` for `['sqs-jobs', 'dev']`. */
  command?: string;
  /** Where it runs; default the repository root. */
  cwd?: string;
}): Promise<RuntimeProcess> {
  const [command, prefix] =
    options.group && !options.program
      ? ['npm', ['start', '--']]
      : [options.command ?? process.execPath, options.program ?? ['--import', 'tsx', 'local/main.ts']];
  const child = spawn(
    command,
    [
      ...prefix,
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
    {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.group === true,
    },
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
      const runtime = runtimePid(child.pid ?? -1, tree);
      if (runtime !== undefined) process.kill(runtime, 'SIGKILL');
      await exited;
      await allGone(tree, 15_000, 'after kill -9');
    },
    async signalAndWait(target, signal, timeoutMs) {
      const pid = child.pid ?? -1;
      const tree = [pid, ...descendants(pid)];
      if (target === 'group') process.kill(-pid, signal);
      else process.kill(runtimePid(pid, tree) ?? pid, signal);
      await allGone(tree, timeoutMs, `${timeoutMs} ms after ${signal} to the ${target}`);
    },
  };
}

/**
 * The process running local/main.ts itself: the deepest one whose command line names it (npm runs
 * a shell, which runs node).
 */
function runtimePid(root: number, tree: readonly number[]): number | undefined {
  const named = [root, ...tree].filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('local/main.ts');
    } catch {
      return false;
    }
  });
  return named.at(-1);
}

async function allGone(pids: readonly number[], timeoutMs: number, when: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(100);
  const left = pids.filter(isAlive);
  if (left.length > 0) throw new Error(`processes still running ${when}: ${left.join(', ')}`);
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
  } catch {
    return false;
  }
  // A zombie has ended; only its parent (or init) has not reaped it yet.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
