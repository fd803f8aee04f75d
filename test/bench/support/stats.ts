/** The p-th percentile (nearest rank) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Growth per second between the mean of the points in the first and in the second half of [from, to]. Unlike a
 * slope over a few points, it is not fooled by a sawtooth shorter than a half (committed offsets trail by up to a
 * commit interval, so the lag read from them rises and falls every second).
 */
export function halfMeanGrowth(points: ReadonlyArray<{ x: number; y: number }>, from: number, to: number): number {
  const mid = (from + to) / 2;
  const mean = (ys: number[]) => (ys.length ? ys.reduce((s, y) => s + y, 0) / ys.length : NaN);
  const first = mean(points.filter((p) => p.x >= from && p.x < mid).map((p) => p.y));
  const second = mean(points.filter((p) => p.x >= mid && p.x <= to).map((p) => p.y));
  if (Number.isNaN(first) || Number.isNaN(second) || to <= from) return 0;
  return (second - first) / ((to - from) / 2);
}
