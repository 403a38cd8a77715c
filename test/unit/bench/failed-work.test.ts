import { describe, expect, it } from 'vitest';
import { failedWork, targetStatus } from '../../bench/figures.ts';

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

describe('targetStatus: which side of its target a figure must be on', () => {
  it('a throughput meets a floor from above', () => {
    expect(
      targetStatus({ metric: 'actions_per_second', value: 59_000, unit: 'actions/s', target: 50_000 }),
    ).toBe('met');
    expect(targetStatus({ metric: 'lookup_floor_ratio', value: 0.49, unit: 'ratio', target: 0.5 })).toBe(
      'missed',
    );
  });

  it('a size or a latency ratio meets a ceiling from below (27 KB of a 150 KB budget is met)', () => {
    expect(
      targetStatus({ metric: 'app_js_gzip_kb', value: 27, unit: 'KB', target: 150, targetIs: 'atMost' }),
    ).toBe('met');
    expect(
      targetStatus({
        metric: 'screen_pop_ratio',
        value: 1.7,
        unit: 'ratio',
        target: 1.5,
        targetIs: 'atMost',
      }),
    ).toBe('missed');
  });

  it('says nothing for a figure without a target', () => {
    expect(targetStatus({ metric: 'bundle_bytes', value: 620_055, unit: 'bytes' })).toBeUndefined();
  });
});
