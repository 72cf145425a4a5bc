import { InvalidArgumentError } from 'commander';
import type { BenchOptions } from '../scenario.ts';

/** The suite's defaults (README's benchmark section lists them). */
export const DEFAULTS = {
  jobs: 5000,
  concurrency: 32,
  warmup: 200,
  type: 'noop',
  latencySeconds: 60,
  rate: 20,
  batch: 100,
} as const;

/** What commander hands over, before it becomes BenchOptions. */
export interface ParsedOptions {
  readonly jobs: number;
  readonly concurrency: number;
  readonly warmup: number;
  readonly type: string;
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly latencySeconds: number;
  readonly rate: number;
  readonly cpuProf?: string;
  readonly batch?: number;
  readonly fanIn?: number;
  readonly list?: boolean;
}

/** A whole number from `min` on, for commander. */
export function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`a whole number ≥ ${min}.`);
    return n;
  };
}

/** A rate: any number above 0. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number above 0.');
  return n;
}

export function payloadOption(value: string): Readonly<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('not JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidArgumentError('a payload is a JSON object.');
  return parsed as Readonly<Record<string, unknown>>;
}

/** The checks between options (commander checks each alone); a message per problem, none when fine. */
export function optionProblems(options: ParsedOptions): string[] {
  const problems: string[] = [];
  if (options.batch !== undefined && !(options.batch >= 1 && options.batch <= 500))
    problems.push('--batch is 1–500.');
  if (options.fanIn !== undefined && !(options.fanIn >= 1 && options.fanIn <= 499))
    problems.push('--fan-in is 1–499.');
  if (options.fanIn !== undefined && options.batch !== undefined)
    problems.push('--fan-in submits its own batches: not with --batch.');
  return problems;
}

export function benchOptions(options: ParsedOptions, projectRoot: string): BenchOptions {
  return {
    jobs: options.jobs,
    concurrency: options.concurrency,
    warmup: options.warmup,
    type: options.type,
    ...(options.payload === undefined ? {} : { payload: options.payload }),
    projectRoot,
    ...(options.cpuProf === undefined ? {} : { cpuProfileDir: options.cpuProf }),
    rate: options.rate,
    latencySeconds: options.latencySeconds,
    ...(options.batch === undefined ? {} : { batch: options.batch }),
    ...(options.fanIn === undefined ? {} : { fanIn: options.fanIn }),
  };
}
