import type { Scenario } from '../scenario.ts';

/** A name on the command line that is not a scenario of the suite. */
export class UnknownScenarioError extends Error {
  override readonly name = 'UnknownScenarioError';
  constructor(
    readonly unknown: readonly string[],
    readonly known: readonly string[],
  ) {
    super(
      `Unknown scenario${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. The scenarios are: ${known.join(', ')}.`,
    );
  }
}

/** A scenario of the run, and whether it runs only because another reads its results. */
export interface Selected {
  readonly scenario: Scenario;
  /** The asked-for scenarios that read this one's results, when it was not asked for itself. */
  readonly neededBy?: readonly string[];
}

/**
 * The scenarios to run, in the registry's order: every one when `names` is empty, else the named
 * ones plus (transitively) those they read results from (`after`), so `floor` alone still has a
 * throughput run to replay. A dependency the registry lists later still runs first.
 */
export function selectScenarios(registry: readonly Scenario[], names: readonly string[]): Selected[] {
  const byName = new Map(registry.map((scenario) => [scenario.name, scenario]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0)
    throw new UnknownScenarioError(
      unknown,
      registry.map((s) => s.name),
    );
  const asked = new Set(names.length === 0 ? byName.keys() : names);
  const neededBy = new Map<string, string[]>();
  const chosen = new Set<string>();
  const visit = (name: string, by: string | undefined) => {
    if (by !== undefined && !asked.has(name)) neededBy.set(name, [...(neededBy.get(name) ?? []), by]);
    if (chosen.has(name)) return;
    chosen.add(name);
    for (const dependency of byName.get(name)?.after ?? [])
      if (byName.has(dependency)) visit(dependency, name);
  };
  for (const name of asked) visit(name, undefined);

  const ordered: Scenario[] = [];
  const placed = new Set<string>();
  const place = (scenario: Scenario, path: readonly string[]) => {
    if (placed.has(scenario.name) || path.includes(scenario.name)) return;
    for (const dependency of scenario.after ?? []) {
      const before = byName.get(dependency);
      if (before && chosen.has(dependency)) place(before, [...path, scenario.name]);
    }
    placed.add(scenario.name);
    ordered.push(scenario);
  };
  for (const scenario of registry) if (chosen.has(scenario.name)) place(scenario, []);
  return ordered.map((scenario) => {
    const by = neededBy.get(scenario.name);
    const rank = (name: string) => registry.findIndex((s) => s.name === name);
    return by ? { scenario, neededBy: [...new Set(by)].sort((a, b) => rank(a) - rank(b)) } : { scenario };
  });
}
