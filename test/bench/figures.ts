/** Shared shapes and statistics for benchmark suites. */
export interface Figure {
  metric: string;
  value: number;
  unit: string;
  /** For comparisons: the baseline measured in the same run, and value ÷ baseline (or as documented). */
  baseline?: number;
  ratio?: number;
  [extra: string]: unknown;
}

export interface BenchContext {
  /** Smaller inputs (used by the smoke test of the bench runner). */
  quick: boolean;
  progress(message: string): void;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** Time `fn` `n` times (after `warmup` runs); returns per-call durations in milliseconds. */
export async function sampleLatency(
  fn: () => Promise<unknown>,
  n: number,
  warmup = Math.min(50, n),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * Interleave two measured operations (A, B, A, B, …) so drift on a shared machine hits both equally;
 * returns both sample sets in milliseconds.
 */
export async function sampleInterleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  n: number,
  warmup = Math.min(50, n),
): Promise<{ a: number[]; b: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    await a();
    sa.push(performance.now() - t0);
    t0 = performance.now();
    await b();
    sb.push(performance.now() - t0);
  }
  return { a: sa, b: sb };
}

export const ratioFigure = (metric: string, value: number, baseline: number, unit: string): Figure => ({
  metric,
  value: baseline === 0 ? Number.NaN : value / baseline,
  unit: 'ratio',
  baseline,
  ratio: baseline === 0 ? Number.NaN : value / baseline,
  measured: value,
  measuredUnit: unit,
});
