/** Shared shapes and statistics for benchmark suites. */
import type { EmbeddedAws } from '#shared/local/embedded.ts';

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  /** For comparisons: the baseline measured in the same run, and value ÷ baseline (or as documented). */
  baseline?: number;
  ratio?: number;
  /** Measured calls whose Lambda failed (error branch or safe default): any > 0 fails the bench. */
  lambdaErrors?: number;
  /** Measured calls or scenarios that did not end as expected: any > 0 fails the bench. */
  failed?: number;
  /**
   * The figure an issue asks for: value ≥ target, or value ≤ target when `targetIs: 'atMost'` (sizes,
   * latency ratios). Printed beside the figure with met/missed; a missed target does not fail the run
   * (shared machines make absolute figures noisy) — failed work does.
   */
  target?: number;
  targetIs?: 'atLeast' | 'atMost';
  [extra: string]: unknown;
}

export interface BenchContext {
  /** Smaller inputs (used by the smoke test of the bench runner). */
  quick: boolean;
  progress(message: string): void;
  /**
   * The process's one pair of emulators (DynamoDB + S3), started by the runner before the first suite and
   * closed after the last; tables are emptied between suites. Suites never start their own: handlers
   * create their SDK clients once at module scope from AWS_ENDPOINT_URL_* (as in a Lambda container), and
   * a module imported by one suite stays cached for the next, so an emulator closed after one suite would
   * leave every later call of that handler failing against a dead port.
   */
  aws: EmbeddedAws;
}

/** Why a run's figures make the bench fail: work that failed is not a measurement. */
export function failedWork(suite: string, figure: Figure): string | undefined {
  const problems = [
    ...(figure.lambdaErrors ? [`${figure.lambdaErrors} Lambda error(s)`] : []),
    ...(figure.failed ? [`${figure.failed} failed`] : []),
    ...(Number.isFinite(figure.value) ? [] : [`value ${figure.value}`]),
  ];
  return problems.length > 0 ? `${suite} ${figure.metric}: ${problems.join(', ')}` : undefined;
}

/** `met` / `missed` for a figure with a target, else undefined. */
export function targetStatus(figure: Figure): 'met' | 'missed' | undefined {
  if (figure.target === undefined) return undefined;
  const met = figure.targetIs === 'atMost' ? figure.value <= figure.target : figure.value >= figure.target;
  return met ? 'met' : 'missed';
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
