import type { ScenarioResult, TargetCheck } from '../scenario.ts';

/** How one scenario of a suite run ended. */
export type Outcome =
  | { readonly status: 'ran'; readonly result: ScenarioResult }
  | { readonly status: 'skipped'; readonly result: ScenarioResult }
  | {
      readonly status: 'failed';
      readonly error: { readonly message: string; readonly details?: Readonly<Record<string, unknown>> };
    };

/** The machine a run's figures come from: they mean little without it. */
export interface Machine {
  readonly cpus: number;
  readonly node: string;
}

/** bench/results/<name>.json */
export interface ResultFile {
  readonly scenario: string;
  readonly summary: string;
  readonly status: Outcome['status'];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly options: Readonly<Record<string, unknown>>;
  readonly result?: ScenarioResult;
  readonly error?: { readonly message: string; readonly details?: Readonly<Record<string, unknown>> };
}

/** One scenario's part of bench/results/summary.json. */
export interface SummaryEntry {
  readonly scenario: string;
  readonly status: Outcome['status'];
  readonly targets: readonly TargetCheck[];
  /** Why it was skipped, or what failed. */
  readonly reason?: string;
}

/** bench/results/summary.json: every target of the run, and how each scenario ended. */
export interface SummaryFile {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly options: Readonly<Record<string, unknown>>;
  readonly scenarios: readonly SummaryEntry[];
  readonly targets: ReadonlyArray<TargetCheck & { readonly scenario: string }>;
}

/** When and where the suite ran, and with which options: the head of every JSON file it writes. */
export interface RunInfo {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly machine: Machine;
  readonly options: Readonly<Record<string, unknown>>;
}

export function resultFile(
  scenario: { readonly name: string; readonly summary: string },
  outcome: Outcome,
  run: RunInfo,
): ResultFile {
  return {
    scenario: scenario.name,
    summary: scenario.summary,
    status: outcome.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    machine: run.machine,
    options: run.options,
    ...(outcome.status === 'failed' ? { error: outcome.error } : { result: outcome.result }),
  };
}

export function summaryEntry(scenario: string, outcome: Outcome): SummaryEntry {
  if (outcome.status === 'failed')
    return { scenario, status: 'failed', targets: [], reason: outcome.error.message };
  const reason = outcome.result.skipped;
  return {
    scenario,
    status: outcome.status,
    targets: outcome.result.targets ?? [],
    ...(reason === undefined ? {} : { reason }),
  };
}

export function summaryFile(entries: readonly SummaryEntry[], run: RunInfo): SummaryFile {
  return {
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    machine: run.machine,
    options: run.options,
    scenarios: entries,
    targets: entries.flatMap((entry) =>
      entry.targets.map((check) => ({ scenario: entry.scenario, ...check })),
    ),
  };
}

/** A scenario's outcome from what its run did: a result (skipped or not) or what it threw. */
export function outcomeOf(result: ScenarioResult | undefined, error: unknown): Outcome {
  if (result) return result.skipped === undefined ? { status: 'ran', result } : { status: 'skipped', result };
  const message = error instanceof Error ? error.message : String(error);
  const details =
    error instanceof Error &&
    'details' in error &&
    typeof error.details === 'object' &&
    error.details !== null
      ? (error.details as Readonly<Record<string, unknown>>)
      : undefined;
  return { status: 'failed', error: details ? { message, details } : { message } };
}
