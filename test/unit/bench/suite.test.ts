import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type BenchOptions, type Scenario, ScenarioFailedError, target } from '../../../bench/scenario.ts';
import { optionProblems, payloadOption } from '../../../bench/suite/cli-options.ts';
import type { ResultFile, SummaryFile } from '../../../bench/suite/outcome.ts';
import { scenarioReport, targetLine } from '../../../bench/suite/print.ts';
import { runSuite } from '../../../bench/suite/run-suite.ts';
import { selectScenarios, UnknownScenarioError } from '../../../bench/suite/select.ts';
import { formatNumber, formatTable } from '../../../bench/suite/table.ts';

const scenario = (name: string, after?: string[], run?: Scenario['run']): Scenario => ({
  name,
  summary: `the ${name} scenario`,
  ...(after ? { after } : {}),
  run: run ?? (async () => ({ table: [{ figure: name, value: 1 }], data: {} })),
});

const registry = [
  scenario('throughput'),
  scenario('floor', ['throughput']),
  scenario('latency'),
  scenario('cost', ['throughput']),
  scenario('seed'),
];
const names = (selected: ReturnType<typeof selectScenarios>) => selected.map((s) => s.scenario.name);

describe('choosing the scenarios of a run', () => {
  it('runs every scenario in the registry order when none is named', () => {
    expect(names(selectScenarios(registry, []))).toEqual(['throughput', 'floor', 'latency', 'cost', 'seed']);
  });

  it('runs the named ones in the registry order, whatever order they were named in', () => {
    expect(names(selectScenarios(registry, ['seed', 'latency']))).toEqual(['latency', 'seed']);
  });

  it('runs first, and says so, a scenario whose results a named one reads', () => {
    const selected = selectScenarios(registry, ['cost', 'floor']);
    expect(names(selected)).toEqual(['throughput', 'floor', 'cost']);
    expect(selected[0]?.neededBy).toEqual(['floor', 'cost']);
    expect(selected[1]?.neededBy).toBeUndefined();
  });

  it('runs a dependency first even when the registry lists it later', () => {
    const late = [scenario('reader', ['writer']), scenario('writer')];
    expect(names(selectScenarios(late, ['reader']))).toEqual(['writer', 'reader']);
  });

  it('refuses an unknown name, listing the scenarios there are', () => {
    expect(() => selectScenarios(registry, ['throughput', 'nope'])).toThrow(UnknownScenarioError);
    expect(() => selectScenarios(registry, ['nope'])).toThrow(
      'Unknown scenario: nope. The scenarios are: throughput, floor, latency, cost, seed.',
    );
  });
});

describe('tables', () => {
  it('aligns columns: numbers to the right, text to the left, under a rule', () => {
    const lines = formatTable([
      { mode: 'POST /jobs', 'jobs/s': 231.4, p50: 12 },
      { mode: 'producer', 'jobs/s': 1520, p50: 3 },
    ]);
    expect(lines).toEqual([
      '  mode        jobs/s  p50',
      '  ──────────  ──────  ───',
      '  POST /jobs     231   12',
      '  producer     1,520    3',
    ]);
  });

  it('shows fewer decimals the larger a number, and small ratios with two significant digits', () => {
    expect(formatNumber(0.1133)).toBe('0.113');
    expect(formatNumber(1.4167)).toBe('1.42');
    expect(formatNumber(37.47)).toBe('37.5');
    expect(formatNumber(5000)).toBe('5,000');
    expect(formatNumber(0.0067)).toBe('0.0067');
    expect(formatNumber(0)).toBe('0');
  });

  it('prints nothing for no rows and an empty cell for a missing value', () => {
    expect(formatTable([])).toEqual([]);
    expect(formatTable([{ a: 'x', b: 'y' }, { a: 'z' }], '')[3]).toBe('z');
  });
});

describe('targets', () => {
  it('passes at the limit on either side', () => {
    expect(target('jobs/s', 200, 'jobs/s', 200, true)).toMatchObject({ met: true, target: '≥ 200' });
    expect(target('jobs/s', 199.9, 'jobs/s', 200, true).met).toBe(false);
    expect(target('cost', 7, '$/M jobs', 7, false)).toMatchObject({ met: true, target: '≤ 7' });
    expect(target('cost', 7.01, '$/M jobs', 7, false).met).toBe(false);
  });

  it('prints a met target with ✓ and a missed one with ✗, with its unit', () => {
    expect(targetLine(target('completed jobs/s', 231.4, 'jobs/s', 200, true))).toBe(
      '  ✓ completed jobs/s: 231 jobs/s (target ≥ 200 jobs/s)',
    );
    expect(targetLine(target('p99', 312, 'ms', 250, false))).toBe('  ✗ p99: 312 ms (target ≤ 250 ms)');
  });

  it('reports a scenario as its heading, table, extra tables, notes and targets', () => {
    const lines = scenarioReport(scenario('latency'), {
      status: 'ran',
      result: {
        table: [{ measure: 'submit → started', 'p50 ms': 31 }],
        tables: [{ title: 'More', rows: [{ x: 1 }] }],
        notes: ['a note'],
        targets: [target('p50', 31, 'ms', 50, false)],
        data: {},
      },
    });
    expect(lines[0]).toBe('━━ latency — the latency scenario');
    expect(lines).toContain('  More');
    expect(lines).toContain('  a note');
    expect(lines).toContain('  ✓ p50: 31 ms (target ≤ 50 ms)');
  });
});

describe('options', () => {
  const base = { jobs: 10, concurrency: 1, warmup: 0, type: 'noop', latencySeconds: 1, rate: 1 };

  it('keeps --batch 1–500 and --fan-in 1–499, never both', () => {
    expect(optionProblems({ ...base, batch: 500 })).toEqual([]);
    expect(optionProblems({ ...base, batch: 501 })).toEqual(['--batch is 1–500.']);
    expect(optionProblems({ ...base, fanIn: 500 })).toEqual(['--fan-in is 1–499.']);
    expect(optionProblems({ ...base, batch: 10, fanIn: 3 })).toEqual([
      '--fan-in submits its own batches: not with --batch.',
    ]);
  });

  it('takes a payload that is a JSON object, nothing else', () => {
    expect(payloadOption('{"to":"ada@example.com"}')).toEqual({ to: 'ada@example.com' });
    expect(() => payloadOption('[1]')).toThrow('a payload is a JSON object.');
    expect(() => payloadOption('{')).toThrow('not JSON.');
  });
});

describe('a suite run', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const options: BenchOptions = { jobs: 10, concurrency: 2, warmup: 0, type: 'noop', projectRoot: '/app' };

  it('writes one result file per scenario and a summary of every target; a failure does not stop the rest', async () => {
    const resultsDir = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    dirs.push(resultsDir);
    const seen: string[] = [];
    const selected = selectScenarios(
      [
        scenario('throughput', undefined, async (_options, progress) => {
          progress.phase('measuring', 10);
          progress.update(10);
          return {
            table: [{ mode: 'POST /jobs', 'jobs/s': 250 }],
            targets: [target('completed jobs/s', 250, 'jobs/s', 200, true)],
            data: { modes: 3 },
          };
        }),
        scenario('floor', ['throughput'], async (_options, _progress, earlier) => {
          seen.push(...earlier.keys());
          throw new ScenarioFailedError('2 jobs missing', { missing: ['a', 'b'] });
        }),
        scenario('bullmq', undefined, async () => ({ table: [], data: {}, skipped: 'no redis-server' })),
      ],
      [],
    );
    const printed: string[] = [];
    const progress = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    const failed = await runSuite(selected, options, {
      print: (line) => printed.push(line),
      progress,
      resultsDir,
    });

    expect(failed).toEqual(['floor']);
    expect(seen).toEqual(['throughput']);
    const read = <T>(name: string) => JSON.parse(readFileSync(path.join(resultsDir, name), 'utf8')) as T;
    const throughput = read<ResultFile>('throughput.json');
    expect(Object.keys(throughput)).toEqual([
      'scenario',
      'summary',
      'status',
      'startedAt',
      'finishedAt',
      'machine',
      'options',
      'result',
    ]);
    expect(throughput).toMatchObject({
      scenario: 'throughput',
      status: 'ran',
      options: { jobs: 10, concurrency: 2 },
      result: { data: { modes: 3 } },
    });
    expect(throughput.machine.cpus).toBeGreaterThan(0);
    expect(throughput.machine.node).toBe(process.version);
    expect(read<ResultFile>('floor.json')).toMatchObject({
      status: 'failed',
      error: { message: '2 jobs missing', details: { missing: ['a', 'b'] } },
    });
    const summary = read<SummaryFile>('summary.json');
    expect(summary.targets).toEqual([
      {
        scenario: 'throughput',
        name: 'completed jobs/s',
        measured: 250,
        unit: 'jobs/s',
        target: '≥ 200',
        met: true,
      },
    ]);
    expect(summary.scenarios.map((entry) => [entry.scenario, entry.status])).toEqual([
      ['throughput', 'ran'],
      ['floor', 'failed'],
      ['bullmq', 'skipped'],
    ]);
    expect(printed).toContain('  ✗ failed: 2 jobs missing');
    expect(printed).toContain('  skipped: no redis-server');
  });
});

describe('the registry', () => {
  it('runs the scenarios in the suite order, hotkeys and bullmq included in the repository', async () => {
    const { loadRegistry } = await import('../../../bench/scenarios/index.ts');
    const { scenarios, notes } = await loadRegistry();
    expect(scenarios.map((s) => s.name)).toEqual([
      'throughput',
      'floor',
      'latency',
      'cost',
      'hotkeys',
      'seed',
      'bullmq',
    ]);
    expect(notes).toEqual([]);
    // floor and cost read throughput's results: asked alone, each still gets a throughput run first.
    expect(names(selectScenarios(scenarios, ['cost']))).toEqual(['throughput', 'cost']);
  });
});
