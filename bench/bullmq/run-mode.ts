import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { eachLimited } from '../../src/core/iterate.ts';
import { askChild } from '../ask-child.ts';
import { type Percentiles, percentiles, perSecond } from '../measure.ts';
import { type Progress, ScenarioFailedError } from '../scenario.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const WORKER_SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
/** How often the completed count is read while the jobs drain. */
const POLL_MS = 100;

/** The two ways in, as ours has one POST per job and POST /jobs/batch. */
export type BullmqMode = 'add' | 'addBulk';

export interface BullmqSettings {
  readonly port: number;
  readonly jobs: number;
  readonly warmup: number;
  /** add: adds in flight; addBulk: addBulk calls in flight. */
  readonly concurrency: number;
  /** Jobs per addBulk call. */
  readonly chunk: number;
  /** The Worker's concurrency. */
  readonly workerConcurrency: number;
}

export interface BullmqFigures {
  readonly mode: BullmqMode;
  readonly label: string;
  readonly jobs: number;
  /** First add → last add resolved. */
  readonly addedMs: number;
  /** First add → the last job's finishedOn. */
  readonly elapsedMs: number;
  readonly addedPerSecond: number;
  readonly completedPerSecond: number;
  /** Each job's timestamp (set when added) → its finishedOn. */
  readonly latencyMs: Percentiles;
}

/**
 * Warm-up (not measured), then `jobs` noop jobs added one way, on a queue of their own, worked by a
 * Worker in a child process, until every one completed; the figures come from the jobs' own
 * timestamps as BullMQ stored them.
 */
export async function runBullmqMode(
  mode: BullmqMode,
  settings: BullmqSettings,
  progress: Progress,
): Promise<BullmqFigures> {
  const label =
    mode === 'add'
      ? `queue.add, ${settings.concurrency} in flight`
      : `queue.addBulk of ${settings.chunk}, ${settings.concurrency} in flight`;
  const name = `bench-${mode}-${randomUUID()}`;
  const queue = new Queue(name, {
    connection: { host: '127.0.0.1', port: settings.port },
    // Every completed job is kept: its finishedOn is what the figures are read from.
    defaultJobOptions: { removeOnComplete: false, removeOnFail: false },
  });
  const worker = forkWorker();
  try {
    await ask(
      worker,
      { kind: 'start', port: settings.port, queue: name, concurrency: settings.workerConcurrency },
      'ready',
    );
    if (settings.warmup > 0) {
      progress.phase(`bullmq ${mode}: warm-up`, settings.warmup);
      await addJobs(queue, mode, 'warmup', settings.warmup, settings);
      await completed(queue, settings.warmup, progress, 0);
    }
    progress.phase(`bullmq ${mode}: ${label}`, settings.jobs);
    const started = Date.now();
    await addJobs(queue, mode, 'measured', settings.jobs, settings);
    const addedMs = Date.now() - started;
    await completed(queue, settings.warmup + settings.jobs, progress, settings.warmup);
    const measured = (await queue.getJobs(['completed'], 0, -1)).filter((job) => job.name === 'measured');
    if (measured.length !== settings.jobs)
      throw new ScenarioFailedError(`bullmq ${mode}: ${measured.length} of ${settings.jobs} jobs completed`, {
        mode,
      });
    const finished = measured.map((job) => job.finishedOn ?? 0);
    const lastFinished = finished.reduce((a, b) => Math.max(a, b), 0);
    return {
      mode,
      label,
      jobs: settings.jobs,
      addedMs,
      elapsedMs: lastFinished - started,
      addedPerSecond: perSecond(settings.jobs, addedMs),
      completedPerSecond: perSecond(settings.jobs, lastFinished - started),
      latencyMs: percentiles(measured.map((job) => (job.finishedOn ?? 0) - job.timestamp)),
    };
  } finally {
    await stopWorker(worker);
    // The jobs go with the server: nothing to clean in redis.
    await queue.close();
  }
}

/** `n` jobs named `name`, one add each or addBulk chunks, `concurrency` calls in flight. */
async function addJobs(
  queue: Queue,
  mode: BullmqMode,
  name: string,
  n: number,
  settings: BullmqSettings,
): Promise<void> {
  if (mode === 'add') {
    await eachLimited(
      Array.from({ length: n }, (_, i) => i),
      settings.concurrency,
      async () => void (await queue.add(name, {})),
    );
    return;
  }
  const chunks = Array.from({ length: Math.ceil(n / settings.chunk) }, (_, i) =>
    Math.min(settings.chunk, n - i * settings.chunk),
  );
  await eachLimited(chunks, settings.concurrency, async (size) => {
    await queue.addBulk(Array.from({ length: size }, () => ({ name, data: {} })));
  });
}

/** Waits until the queue counts `target` completed jobs; the bar shows those beyond `base`. */
async function completed(queue: Queue, target: number, progress: Progress, base: number): Promise<void> {
  const deadline = Date.now() + 60_000 + (target - base) * 100;
  for (;;) {
    const count = await queue.getCompletedCount();
    progress.update(Math.max(0, count - base));
    if (count >= target) return;
    if (Date.now() > deadline)
      throw new ScenarioFailedError(
        `bullmq: only ${count - base} of ${target - base} jobs completed in time`,
        {
          completed: count - base,
        },
      );
    await sleep(POLL_MS);
  }
}

function forkWorker(): ChildProcess {
  return fork(WORKER_SCRIPT, [], {
    // The sources run under tsx (this process's own --import), without a parent's --cpu-prof.
    execArgv: process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) await ask(child, { kind: 'stop' }, 'stopped').catch(() => undefined);
  const lingered = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
  if (lingered) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Sends `message` and resolves once the worker process answers `kind`. */
async function ask(child: ChildProcess, message: ToWorker, kind: FromWorker['kind']): Promise<void> {
  await askChild<FromWorker, typeof kind>(child, message, kind, 'the bullmq worker process');
}
