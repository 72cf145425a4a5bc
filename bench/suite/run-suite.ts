import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import type { BenchOptions, ScenarioResult } from '../scenario.ts';
import { type Machine, type Outcome, outcomeOf, resultFile, summaryEntry, summaryFile } from './outcome.ts';
import { scenarioReport, suiteFooter } from './print.ts';
import { suiteProgress } from './progress.ts';
import type { Selected } from './select.ts';

export interface SuiteIo {
  /** The report, a line at a time. */
  readonly print: (line: string) => void;
  /** Where progress bars go (drawn only when it is a terminal). */
  readonly progress: NodeJS.WriteStream;
  /** bench/results, created if missing. */
  readonly resultsDir: string;
}

export function machine(): Machine {
  return { cpus: cpus().length, node: process.version };
}

/**
 * Runs the scenarios in order, each to the end: one that throws is reported as failed and the rest
 * still run (those that read its results fail in turn, saying so). Prints each report as it ends and
 * writes bench/results/<name>.json, then summary.json. Resolves with the scenarios that failed.
 */
export async function runSuite(selected: readonly Selected[], options: BenchOptions, io: SuiteIo) {
  await mkdir(io.resultsDir, { recursive: true });
  const host = machine();
  const optionsJson = { ...options } as Readonly<Record<string, unknown>>;
  const earlier = new Map<string, ScenarioResult>();
  const ended: { name: string; outcome: Outcome }[] = [];
  const suiteStarted = new Date();
  for (const { scenario, neededBy } of selected) {
    const progress = suiteProgress(scenario.name, io.progress);
    const startedAt = new Date();
    let result: ScenarioResult | undefined;
    let error: unknown;
    try {
      result = await scenario.run(options, progress, earlier);
    } catch (thrown) {
      error = thrown;
    } finally {
      progress.stop();
    }
    const outcome = outcomeOf(result, error);
    if (outcome.status !== 'failed') earlier.set(scenario.name, outcome.result);
    const finishedAt = new Date();
    for (const line of scenarioReport(scenario, outcome, neededBy)) io.print(line);
    if (outcome.status === 'failed' && error instanceof Error && error.stack)
      io.progress.write(`[${scenario.name}] ${error.stack}\n`);
    const file = resultFile(scenario, outcome, {
      startedAt,
      finishedAt,
      machine: host,
      options: optionsJson,
    });
    await writeFile(path.join(io.resultsDir, `${scenario.name}.json`), `${JSON.stringify(file, null, 2)}\n`);
    ended.push({ name: scenario.name, outcome });
  }
  const summary = summaryFile(
    ended.map(({ name, outcome }) => summaryEntry(name, outcome)),
    { startedAt: suiteStarted, finishedAt: new Date(), machine: host, options: optionsJson },
  );
  await writeFile(path.join(io.resultsDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  for (const line of suiteFooter(ended)) io.print(line);
  return ended.filter(({ outcome }) => outcome.status === 'failed').map(({ name }) => name);
}
