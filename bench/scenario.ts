/**
 * One benchmark scenario of `npm run bench` / `sqs-jobs bench`: it runs, reports its progress, and
 * returns a JSON-able result that the suite prints as a table and writes to bench/results/.
 */

/** The suite's options every scenario reads (each scenario documents which ones it uses). */
export interface BenchOptions {
  /** Jobs per measured run (throughput, cost, floor); default 5,000. */
  readonly jobs: number;
  /** HTTP requests in flight. */
  readonly concurrency: number;
  /** Jobs run first and not measured. */
  readonly warmup: number;
  /** The job type pushed (an app's own under sqs-jobs bench). */
  readonly type: string;
  /** Every job's payload, when one is given. */
  readonly payload?: Readonly<Record<string, unknown>>;
  /** The folder of the CDK app the embedded runtime runs (this repository under npm run bench). */
  readonly projectRoot: string;
  /** Set by --cpu-prof: function instances and emulators write CPU profiles here. */
  readonly cpuProfileDir?: string;
  /** The latency scenario's steady rate, jobs/s (default 20). */
  readonly rate?: number;
  /** How long the latency scenario sends at that rate, in seconds (default 60). */
  readonly latencySeconds?: number;
  /** Jobs per POST /jobs/batch request in throughput's batch mode (1–500, default 100). */
  readonly batch?: number;
  /** Throughput's batch mode submits fan-ins instead: n parents (1–499) and one child that dependsOn them. */
  readonly fanIn?: number;
}

/** A titled table printed after a scenario's main one (same row shape). */
export interface ExtraTable {
  readonly title: string;
  readonly rows: ReadonlyArray<Readonly<Record<string, string | number>>>;
}

/** How a scenario tells the suite how far it is (the suite draws one progress bar per scenario). */
export interface Progress {
  /** A new phase with `total` steps (e.g. "measuring POST /jobs", 5,000 jobs). */
  phase(label: string, total: number): void;
  /** `done` steps of the current phase are finished. */
  update(done: number): void;
  /** A line printed above the bar (the bar is redrawn below it). */
  log(line: string): void;
}

/** A figure held against the target, printed with ✓ or ✗ and kept in the JSON. */
export interface TargetCheck {
  readonly name: string;
  readonly measured: number;
  readonly unit: string;
  /** "≥ 200", "≤ 7" … */
  readonly target: string;
  readonly met: boolean;
}

export interface ScenarioResult {
  /** Rows printed as a table: the first row's keys are the columns. */
  readonly table: ReadonlyArray<Readonly<Record<string, string | number>>>;
  /** More tables, printed under the main one with their titles. */
  readonly tables?: readonly ExtraTable[];
  /** Lines printed under the table (notes, how to read it). */
  readonly notes?: readonly string[];
  readonly targets?: readonly TargetCheck[];
  /** Everything else worth keeping in the JSON file (raw figures, settings of the run). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Set when the scenario could not run here (e.g. no redis-server): the reason is printed. */
  readonly skipped?: string;
}

/** What scenarios that run after others may read from them (floor replays throughput's request mix). */
export type EarlierResults = ReadonlyMap<string, ScenarioResult>;

export interface Scenario {
  /** The name given on the command line and used for the JSON file: bench/results/<name>.json. */
  readonly name: string;
  /** One line for --help and the table's heading. */
  readonly summary: string;
  /** Scenarios this one reads the results of; the suite runs them first when both are asked for. */
  readonly after?: readonly string[];
  run(options: BenchOptions, progress: Progress, earlier: EarlierResults): Promise<ScenarioResult>;
}

/** A target check: `measured` against `limit`, where `atLeast` says which side passes. */
export function target(
  name: string,
  measured: number,
  unit: string,
  limit: number,
  atLeast: boolean,
): TargetCheck {
  return {
    name,
    measured,
    unit,
    target: `${atLeast ? '≥' : '≤'} ${limit}`,
    met: atLeast ? measured >= limit : measured <= limit,
  };
}

/**
 * Thrown by a scenario that ran but missed a requirement of its own (seed: a job never completed).
 * The suite reports it as failed, prints the message, and keeps `details` in the JSON file.
 */
export class ScenarioFailedError extends Error {
  override readonly name = 'ScenarioFailedError';
  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}
