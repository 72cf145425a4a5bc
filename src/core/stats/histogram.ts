import type { HistogramData, Percentiles } from '../stats.ts';

export type { HistogramData } from '../stats.ts';

/**
 * A latency histogram with log-scale buckets (DDSketch's idea): bucket i holds values in
 * (γ^(i-1), γ^i] and reports 2γ^i / (γ + 1), so any quantile is within (γ - 1) / (γ + 1) ≈ 4.8 %
 * of a value in the sample. Two histograms merge by adding counts, which is what lets an hour of
 * percentiles come from sixty stored one-minute histograms instead of from the jobs themselves.
 * It also keeps the exact sum of the values, which Prometheus's `_sum` needs and buckets cannot give.
 */
export const HISTOGRAM_GAMMA = 1.1;
export const HISTOGRAM_RELATIVE_ERROR = (HISTOGRAM_GAMMA - 1) / (HISTOGRAM_GAMMA + 1);

const LOG_GAMMA = Math.log(HISTOGRAM_GAMMA);

/** The value a bucket reports: within HISTOGRAM_RELATIVE_ERROR of every value it holds. */
function bucketValue(index: number): number {
  return (2 * HISTOGRAM_GAMMA ** index) / (HISTOGRAM_GAMMA + 1);
}

export class Histogram {
  #zeros = 0;
  #sum = 0;
  readonly #buckets = new Map<number, number>();

  static from(data: HistogramData | undefined): Histogram {
    const histogram = new Histogram();
    if (!data) return histogram;
    histogram.#zeros = data.zeros;
    let estimate = 0;
    data.counts.forEach((n, i) => {
      if (n <= 0) return;
      histogram.#buckets.set(data.offset + i, n);
      estimate += n * bucketValue(data.offset + i);
    });
    histogram.#sum = data.sum ?? estimate;
    return histogram;
  }

  /** Records one value (milliseconds); negative values (clock skew) count as 0. */
  add(value: number, times = 1): this {
    if (Number.isFinite(value) && value > 0) this.#sum += value * times;
    if (!Number.isFinite(value) || value < 1) {
      this.#zeros += times;
      return this;
    }
    const index = Math.ceil(Math.log(value) / LOG_GAMMA);
    this.#buckets.set(index, (this.#buckets.get(index) ?? 0) + times);
    return this;
  }

  merge(other: Histogram | HistogramData | undefined): this {
    const from = other instanceof Histogram ? other : Histogram.from(other);
    this.#zeros += from.#zeros;
    this.#sum += from.#sum;
    for (const [index, n] of from.#buckets) this.#buckets.set(index, (this.#buckets.get(index) ?? 0) + n);
    return this;
  }

  get sum(): number {
    return this.#sum;
  }

  /**
   * How many values are at or below each bound (ascending, same unit as the values), for a fixed
   * ladder such as Prometheus's `le`. A bucket counts under a bound when the value it reports does,
   * so a value within HISTOGRAM_RELATIVE_ERROR of a bound may land on either side of it.
   */
  countsAtOrBelow(bounds: readonly number[]): number[] {
    const reported = [...this.#buckets].map(([index, n]) => [bucketValue(index), n] as const);
    return bounds.map((bound) =>
      reported.reduce((below, [value, n]) => (value <= bound ? below + n : below), this.#zeros),
    );
  }

  get count(): number {
    let n = this.#zeros;
    for (const c of this.#buckets.values()) n += c;
    return n;
  }

  /** The value at quantile q (0–1) by nearest rank; null for an empty histogram. */
  quantile(q: number): number | null {
    const total = this.count;
    if (total === 0) return null;
    const rank = Math.min(total, Math.max(1, Math.ceil(q * total)));
    if (rank <= this.#zeros) return 0;
    let seen = this.#zeros;
    for (const index of [...this.#buckets.keys()].sort((a, b) => a - b)) {
      seen += this.#buckets.get(index) ?? 0;
      if (seen >= rank) return bucketValue(index);
    }
    return null;
  }

  percentiles(): Percentiles {
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    return {
      p50: round(this.quantile(0.5)),
      p95: round(this.quantile(0.95)),
      p99: round(this.quantile(0.99)),
    };
  }

  toData(): HistogramData {
    const indexes = [...this.#buckets.keys()];
    if (indexes.length === 0) return { zeros: this.#zeros, offset: 0, counts: [], sum: this.#sum };
    const offset = Math.min(...indexes);
    const counts = new Array<number>(Math.max(...indexes) - offset + 1).fill(0);
    for (const [index, n] of this.#buckets) counts[index - offset] = n;
    return { zeros: this.#zeros, offset, counts, sum: this.#sum };
  }
}
