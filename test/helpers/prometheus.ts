import { spawnSync } from 'node:child_process';

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromHistogram {
  /** `le` → cumulative count, in the order served. */
  readonly buckets: ReadonlyArray<readonly [le: string, count: number]>;
  readonly sum: number | undefined;
  readonly count: number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;

/**
 * The sample lines of the text format, label values unescaped. A reader for the tests' questions
 * (parse-prometheus-text-format drops the labels of a labelled histogram); promtool judges the syntax.
 */
export function promSamples(text: string): PromSample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, name, value] of (match[2] ?? '').matchAll(LABEL))
        labels[name as string] = (value as string).replace(/\\(.)/g, (_, c: string) =>
          c === 'n' ? '\n' : c,
        );
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** One histogram series of a family: the samples whose labels (besides `le`) are exactly `labels`. */
export function promHistogram(
  samples: readonly PromSample[],
  family: string,
  labels: Readonly<Record<string, string>> = {},
): PromHistogram {
  const same = (s: PromSample, extra: readonly string[] = []) => {
    const keys = Object.keys(s.labels).filter((k) => !extra.includes(k));
    return keys.length === Object.keys(labels).length && keys.every((k) => s.labels[k] === labels[k]);
  };
  const find = (suffix: string) => samples.find((s) => s.name === `${family}${suffix}` && same(s))?.value;
  return {
    buckets: samples
      .filter((s) => s.name === `${family}_bucket` && same(s, ['le']))
      .map((s) => [s.labels.le as string, s.value] as const),
    sum: find('_sum'),
    count: find('_count'),
  };
}

export interface PromtoolResult {
  readonly status: number | null;
  /** What promtool printed: its errors and lint findings. */
  readonly output: string;
}

/** `promtool check metrics` with the text on stdin; null when promtool is not installed. */
export function promtoolCheckMetrics(text: string): PromtoolResult | null {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return null;
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
