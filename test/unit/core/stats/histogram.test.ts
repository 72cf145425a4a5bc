import { describe, expect, it } from 'vitest';
import { percentile } from '../../../../src/core/cost.ts';
import { HISTOGRAM_RELATIVE_ERROR, Histogram } from '../../../../src/core/stats/histogram.ts';

/** A fixed pseudo-random sequence, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const random = seeded(42);
const samples = {
  'log-normal latencies (ms to minutes)': Array.from({ length: 5_000 }, () =>
    Math.round(
      Math.exp(4 + 2 * Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random())),
    ),
  ),
  'uniform 1–1000 ms': Array.from({ length: 2_000 }, () => 1 + Math.floor(random() * 1000)),
  'a constant': Array.from({ length: 100 }, () => 250),
  'mostly zeros': [
    ...Array.from({ length: 90 }, () => 0),
    ...Array.from({ length: 10 }, (_, i) => 100 * (i + 1)),
  ],
};

describe('log-bucket histogram', () => {
  for (const [name, values] of Object.entries(samples)) {
    it(`keeps p50, p95 and p99 within ${(HISTOGRAM_RELATIVE_ERROR * 100).toFixed(1)} % of the exact value: ${name}`, () => {
      const histogram = new Histogram();
      for (const v of values) histogram.add(v);
      for (const q of [50, 95, 99]) {
        const exact = percentile(values, q);
        const estimate = histogram.quantile(q / 100)!;
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(exact * HISTOGRAM_RELATIVE_ERROR + 1e-9);
      }
    });
  }

  it('merges to exactly the histogram of all the values', () => {
    const values = samples['log-normal latencies (ms to minutes)'];
    const whole = new Histogram();
    for (const v of values) whole.add(v);
    // Sixty one-minute pieces, stored and read back, as an hour of history would be.
    const merged = new Histogram();
    for (let i = 0; i < 60; i++) {
      const piece = new Histogram();
      for (const v of values.slice(i * 84, (i + 1) * 84)) piece.add(v);
      merged.merge(JSON.parse(JSON.stringify(piece.toData())));
    }
    expect(merged.toData()).toEqual(whole.toData());
    expect(merged.count).toBe(values.length);
    expect(merged.percentiles()).toEqual(whole.percentiles());
  });

  it('reports nothing for no samples, and 0 for values under a millisecond', () => {
    expect(new Histogram().percentiles()).toEqual({ p50: null, p95: null, p99: null });
    expect(new Histogram().add(0).add(0.4).add(-3).quantile(0.99)).toBe(0);
    expect(Histogram.from(undefined).count).toBe(0);
  });

  it('stores compactly: one count per bucket between the smallest and largest value', () => {
    const data = new Histogram().add(1000).add(2000).toData();
    // 1 s to 2 s spans log(2)/log(1.1) ≈ 7.3 buckets.
    expect(data.counts.length).toBeLessThanOrEqual(9);
    expect(data.counts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('keeps the exact sum through storing and merging', () => {
    const values = samples['log-normal latencies (ms to minutes)'];
    const merged = new Histogram();
    for (let i = 0; i < 60; i++) {
      const piece = new Histogram();
      for (const v of values.slice(i * 84, (i + 1) * 84)) piece.add(v);
      merged.merge(JSON.parse(JSON.stringify(piece.toData())));
    }
    expect(merged.sum).toBe(values.reduce((a, b) => a + b, 0));
    // Clock skew counts as 0, not as a negative time.
    expect(new Histogram().add(-5).add(0.5).add(10).sum).toBe(10.5);
  });

  it('estimates the sum of data stored before the sum was kept, within the relative error', () => {
    const values = samples['uniform 1–1000 ms'];
    const histogram = new Histogram();
    for (const v of values) histogram.add(v);
    const { sum: _kept, ...stored } = histogram.toData();
    const exact = values.reduce((a, b) => a + b, 0);
    expect(Math.abs(Histogram.from(stored).sum - exact)).toBeLessThanOrEqual(
      exact * HISTOGRAM_RELATIVE_ERROR,
    );
  });

  it('counts the values at or below fixed bounds, exactly for bounds away from the values', () => {
    const histogram = new Histogram().add(0).add(3).add(40).add(40).add(900).add(70_000);
    expect(histogram.countsAtOrBelow([1, 5, 10, 50, 1000, 60_000, 100_000])).toEqual([1, 2, 2, 4, 5, 5, 6]);
  });
});
