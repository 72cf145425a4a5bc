import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LocalRuntime, startRuntime } from '../local/runtime.ts';
import { type Observer, observe } from './observer.ts';
import type { BenchOptions, Progress } from './scenario.ts';

/** A fresh embedded runtime for one measurement, and the benchmark's uncounted view of it. */
export interface BenchRuntime {
  readonly runtime: LocalRuntime;
  readonly observer: Observer;
  readonly apiUrl: string;
  /** Stops the runtime and deletes its state (emulator data, function logs). */
  stop(): Promise<void>;
}

/**
 * Starts the app's stack in the embedded runtime on free ports, with empty emulators in a temporary
 * folder, its function output in log files and no schedules: the stats and sweeper rules would add
 * their own requests to the per-job counts.
 */
export async function startBenchRuntime(
  options: BenchOptions,
  progress: Progress,
  context?: Readonly<Record<string, string>>,
): Promise<BenchRuntime> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-bench-'));
  const described = context
    ? ` (${Object.entries(context)
        .map(([key, value]) => `-c ${key}=${value}`)
        .join(' ')})`
    : '';
  progress.phase(`starting the runtime${described}`, 1);
  let runtime: LocalRuntime;
  try {
    runtime = await startRuntime({
      projectRoot: options.projectRoot,
      stateDir,
      port: 0,
      dynamodbPort: 0,
      sqsPort: 0,
      quiet: true,
      schedules: false,
      log: (line) => progress.log(line),
      ...(context ? { context } : {}),
    });
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  const observer = observe(runtime);
  const stop = async () => {
    observer.close();
    await runtime.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
  if (!runtime.apiUrl) {
    await stop();
    throw new Error('the template has no REST API');
  }
  return { runtime, observer, apiUrl: runtime.apiUrl, stop };
}

/** Runs `work` on a fresh runtime and stops it afterwards, whatever happened. */
export async function withBenchRuntime<T>(
  options: BenchOptions,
  progress: Progress,
  work: (bench: BenchRuntime) => Promise<T>,
  context?: Readonly<Record<string, string>>,
): Promise<T> {
  const bench = await startBenchRuntime(options, progress, context);
  try {
    return await work(bench);
  } finally {
    progress.phase('stopping the runtime', 1);
    await bench.stop();
  }
}
