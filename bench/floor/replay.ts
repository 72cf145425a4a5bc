import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulators } from '../../local/emulators/start-emulators.ts';
import { profilingFlags } from '../../local/profiling.ts';
import { addRequestCounts, type RequestCounts } from '../../src/adapters/aws/request-counter.ts';
import { codeFile } from '../../src/code-root.ts';
import { askChild } from '../ask-child.ts';
import { perSecond } from '../measure.ts';
import type { Progress } from '../scenario.ts';
import { drainTimeoutMs } from '../throughput/run-mode.ts';
import { type FloorPlan, itemTemplates, type SidePlan, shares, weightedShares } from './plan.ts';
import type { FromReplay, ReplayConfig, ToReplay } from './protocol.ts';
import { createFloorResources, type FloorSetup, statusIndexOf } from './setup.ts';

export interface FloorRun {
  readonly jobs: number;
  /** First submit → last job's final update. */
  readonly elapsedMs: number;
  readonly jobsPerSecond: number;
  /** The replay's own requests, by side. */
  readonly requestsBySide: { readonly api: RequestCounts; readonly worker: RequestCounts };
}

const SCRIPT = codeFile('bench/floor/replay-process');
const STOP_TIMEOUT_MS = 5_000;

/**
 * Replays the plan on fresh emulators: a warm-up, then `jobs` jobs submitted by the API-side
 * processes while the worker-side processes receive and finish them.
 */
export async function replayFloor(
  setup: FloorSetup,
  plan: FloorPlan,
  run: { readonly jobs: number; readonly warmup: number; readonly type: string },
  progress: Progress,
): Promise<FloorRun> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-floor-'));
  progress.phase('starting fresh emulators', 1);
  const emulators = await startEmulators({
    stateDir,
    host: '127.0.0.1',
    dynamodbPort: 0,
    sqsPort: 0,
    onUnexpectedExit: (name, code) => progress.log(`${name} exited unexpectedly (code ${code})`),
  });
  const children: ChildProcess[] = [];
  try {
    // The functions and the pollers talk to fauxqs directly; so does the replay.
    const endpoints = { dynamodb: emulators.direct.dynamodb, sqs: emulators.direct.sqs };
    const tableName = 'floor-jobs';
    const queueUrl = await createFloorResources(setup, endpoints, { table: tableName, queue: 'floor-queue' });
    const statusIndex = statusIndexOf(setup);
    const base = {
      region: 'us-east-1',
      endpoints,
      tableName,
      ...(statusIndex ? { statusIndex } : {}),
      queueUrl,
      items: itemTemplates(setup.sampleItem, Math.round(plan.worker.perJob['DynamoDB.UpdateItem'] ?? 1)),
      type: run.type,
      receiveBatch: Math.min(10, setup.batchSize),
      waitTimeSeconds: Number(setup.queueAttributes.ReceiveMessageWaitTimeSeconds ?? 20) || 20,
    };
    const side = (role: 'api' | 'worker', processes: number, sidePlan: SidePlan) =>
      Promise.all(
        Array.from({ length: processes }, (_, i) =>
          start({ ...base, role, plan: sidePlan, process: i, processes }, children),
        ),
      );
    const api = await side('api', plan.api.processes, plan.api);
    const workers = await side('worker', plan.worker.processes, plan.worker);
    const completions = completionsOf(workers);

    let submitted = 0;
    const submitAll = (jobs: number) => {
      // Jobs in proportion to each process's share of the concurrency: with fewer requests in flight
      // than processes, some processes stay idle rather than the total concurrency growing.
      const concurrency = shares(plan.api.concurrency, api.length);
      const jobShares = weightedShares(jobs, concurrency);
      const firsts = jobShares.map((_, i) => submitted + jobShares.slice(0, i).reduce((a, b) => a + b, 0));
      submitted += jobs;
      return Promise.all(
        api.map((child, i) =>
          ask(
            child,
            {
              kind: 'submit',
              jobs: jobShares[i] ?? 0,
              concurrency: Math.max(1, concurrency[i] ?? 1),
              firstIndex: firsts[i] ?? 0,
            },
            'submitted',
          ),
        ),
      );
    };

    if (run.warmup > 0) {
      progress.phase('floor warm-up', run.warmup);
      const done = completions.await(run.warmup, drainTimeoutMs(run.warmup), (n) => progress.update(n));
      await submitAll(run.warmup);
      await done;
    }
    await countsOf([...api, ...workers]);

    progress.phase('floor: submitting and completing', run.jobs);
    const started = Date.now();
    const done = completions.await(run.jobs, drainTimeoutMs(run.jobs), (n) => progress.update(n));
    await submitAll(run.jobs);
    const lastAt = await done;
    const elapsedMs = lastAt - started;
    const [apiCounts, workerCounts] = await Promise.all([countsOf(api), countsOf(workers)]);
    return {
      jobs: run.jobs,
      elapsedMs,
      jobsPerSecond: perSecond(run.jobs, elapsedMs),
      requestsBySide: { api: apiCounts, worker: workerCounts },
    };
  } finally {
    progress.phase('stopping the floor', 1);
    await Promise.all(children.map(stop));
    await emulators.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Forks one replay process and waits until it is set up. */
async function start(config: ReplayConfig, children: ChildProcess[]): Promise<ChildProcess> {
  const child = fork(SCRIPT, [], {
    // The sources run under tsx (this process's own --import), the package's JavaScript as it is.
    execArgv: [
      ...process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')),
      ...profilingFlags(`floor-${config.role}`),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  await ask(child, { kind: 'init', config }, 'ready');
  return child;
}

/** Sends `message` and resolves with the replay process's first answer of `kind`. */
function ask<K extends FromReplay['kind']>(
  child: ChildProcess,
  message: ToReplay,
  kind: K,
): Promise<Extract<FromReplay, { kind: K }>> {
  return askChild<FromReplay, K>(child, message, kind, 'a floor replay process');
}

/** The requests the processes made since the last ask, added up. */
async function countsOf(children: readonly ChildProcess[]): Promise<RequestCounts> {
  const answers = await Promise.all(children.map((child) => ask(child, { kind: 'counts' }, 'counts')));
  const total: RequestCounts = {};
  for (const answer of answers) addRequestCounts(total, answer.counts);
  return total;
}

/** Jobs the worker processes report completed, and a way to wait for a number of them. */
function completionsOf(workers: readonly ChildProcess[]) {
  let completed = 0;
  let lastAt = 0;
  let waiting: { target: number; resolve: (at: number) => void; onCount: (n: number) => void } | undefined;
  let failure: Error | undefined;
  let rejectWaiting: ((error: Error) => void) | undefined;
  for (const worker of workers) {
    worker.on('message', (message: FromReplay) => {
      if (message.kind === 'failed') {
        failure = new Error(`floor worker process: ${message.message}`);
        rejectWaiting?.(failure);
      }
      if (message.kind !== 'completed') return;
      completed += message.count;
      lastAt = Math.max(lastAt, message.at);
      waiting?.onCount(completed);
      if (waiting && completed >= waiting.target) waiting.resolve(lastAt);
    });
  }
  return {
    /** Counting from now: resolves with the time the `target`-th job completed. */
    await(target: number, timeoutMs: number, onCount: (n: number) => void): Promise<number> {
      completed = 0;
      lastAt = 0;
      return new Promise<number>((resolve, reject) => {
        if (failure) return reject(failure);
        const timer = setTimeout(
          () => reject(new Error(`floor: ${completed} of ${target} jobs completed after ${timeoutMs} ms`)),
          timeoutMs,
        );
        rejectWaiting = (error) => {
          clearTimeout(timer);
          reject(error);
        };
        waiting = {
          target,
          onCount: (n) => onCount(Math.min(n, target)),
          resolve: (at) => {
            clearTimeout(timer);
            waiting = undefined;
            resolve(at);
          },
        };
      });
    },
  };
}

/** Asks a replay process to stop, and kills it (by its own pid) if it does not in time. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ kind: 'stop' } satisfies ToReplay);
    else child.kill('SIGTERM');
  });
}
