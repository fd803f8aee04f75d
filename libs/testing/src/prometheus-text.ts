export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric in Prometheus' text exposition format (its `# HELP`/`# TYPE` lines skipped). */
export function parsePrometheus(text: string, metric: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric) || (line[metric.length] !== '{' && line[metric.length] !== ' ')) continue;
    const match = /^[^{\s]+(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ labels, value: Number(match[2]) });
  }
  return samples;
}

/** The sum of `metric`'s samples whose labels include every pair of `labels`; 0 when there are none. */
export function metricSum(text: string, metric: string, labels: Record<string, string> = {}): number {
  return parsePrometheus(text, metric)
    .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** `metric`'s samples summed by the value of one of their labels. */
export function metricByLabel(text: string, metric: string, label: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const { labels, value } of parsePrometheus(text, metric)) {
    const key = labels[label];
    if (key !== undefined) sums[key] = (sums[key] ?? 0) + value;
  }
  return sums;
}
