import { describe, expect, it } from 'vitest';
import { failedWork } from '../../bench/figures.ts';

describe('failedWork: a figure measured on failed work fails the bench', () => {
  it('passes a figure whose calls all succeeded', () => {
    expect(
      failedWork('sim', {
        metric: 'calls_per_second',
        value: 290,
        unit: 'calls/s',
        lambdaErrors: 0,
        failed: 0,
      }),
    ).toBeUndefined();
  });

  it('names the Lambda errors behind a throughput', () => {
    expect(
      failedWork('sim', { metric: 'calls_per_second', value: 290, unit: 'calls/s', lambdaErrors: 300 }),
    ).toBe('sim calls_per_second: 300 Lambda error(s)');
  });

  it('names failed scenarios', () => {
    expect(failedWork('sim', { metric: 'scenario_suite_seconds', value: 0.9, unit: 's', failed: 10 })).toBe(
      'sim scenario_suite_seconds: 10 failed',
    );
  });

  it('rejects a figure that is not a number (a ratio over an empty baseline)', () => {
    expect(failedWork('ivr', { metric: 'handler_p50_ratio', value: Number.NaN, unit: 'ratio' })).toBe(
      'ivr handler_p50_ratio: value NaN',
    );
  });
});
