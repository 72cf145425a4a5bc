import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../scenario.ts';
import { cost } from './cost.ts';
import { floor } from './floor.ts';
import { latency } from './latency.ts';
import { seed } from './seed.ts';
import { throughput } from './throughput.ts';

/** The suite's scenarios in run order, and why any are missing. */
export interface Registry {
  readonly scenarios: readonly Scenario[];
  /** E.g. that hotkeys is not in the published package. */
  readonly notes: readonly string[];
}

/** Scenarios that need the repository (test helpers, dev dependencies): absent from the package. */
const REPOSITORY_ONLY = ['hotkeys', 'bullmq'] as const;

/** Every scenario, in the order `npm run bench` runs them. */
export async function loadRegistry(): Promise<Registry> {
  const notes: string[] = [];
  const optional = new Map<string, Scenario>();
  for (const name of REPOSITORY_ONLY) {
    const loaded = await loadOptional(name);
    if (typeof loaded === 'string') notes.push(loaded);
    else optional.set(name, loaded);
  }
  const pick = (name: string) => {
    const scenario = optional.get(name);
    return scenario ? [scenario] : [];
  };
  return {
    scenarios: [throughput, floor, latency, cost, ...pick('hotkeys'), seed, ...pick('bullmq')],
    notes,
  };
}

/**
 * `./<name>` loaded by a dynamic import, so the build can leave the file out of the package: absent
 * → a note and no scenario; present but failing to load → a scenario that fails with that error
 * when run (a broken file is reported, not silently dropped).
 */
async function loadOptional(name: string): Promise<Scenario | string> {
  // The sources' .ts next to this file, or the package's .js.
  const here = fileURLToPath(import.meta.url);
  const file = new URL(`./${name}${here.slice(here.lastIndexOf('.'))}`, import.meta.url);
  if (!existsSync(file))
    return `${name}: not in this installation (it needs the sqs-jobs repository's test helpers and dev dependencies).`;
  try {
    const module = (await import(file.href)) as Readonly<Record<string, unknown>>;
    const scenario = module[name];
    if (!isScenario(scenario)) throw new Error(`${fileURLToPath(file)} exports no scenario named "${name}"`);
    return scenario;
  } catch (error) {
    return {
      name,
      summary: '(could not be loaded)',
      run: () => Promise.reject(error instanceof Error ? error : new Error(String(error))),
    };
  }
}

function isScenario(value: unknown): value is Scenario {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Scenario).name === 'string' &&
    typeof (value as Scenario).run === 'function'
  );
}
