import { describe, expect, it } from 'vitest';
import { nextStepAfter } from '#shared/outbound/retry-policy.ts';
import { type Clock, jitteredBackoffMs, TokenBucket } from '#shared/outbound/token-bucket.ts';

function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe('token bucket', () => {
  it('never lets more than `rate` requests through per second', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(2, clock);
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      await bucket.take();
      times.push(clock.t);
    }
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(1000);
    expect(times.at(-1)).toBe(4000);
  });

  it('backs off with full jitter under an exponential cap', () => {
    expect(jitteredBackoffMs(0, () => 0.999)).toBeLessThan(200);
    expect(jitteredBackoffMs(3, () => 0.5)).toBe(800);
    expect(jitteredBackoffMs(20, () => 0.999)).toBeLessThan(5000);
    expect(jitteredBackoffMs(4, () => 0)).toBe(0);
  });
});

describe('retry policy', () => {
  const policy = { maxAttempts: 3, retryDelayMinutes: 60 };
  const now = new Date('2025-06-10T18:00:00Z');
  it('retries no-answer outcomes after the delay until maxAttempts', () => {
    expect(nextStepAfter('AMD_UNANSWERED', 1, policy, now)).toEqual({
      action: 'retry',
      at: new Date('2025-06-10T19:00:00Z'),
      reason: 'AMD_UNANSWERED',
    });
    expect(nextStepAfter('VOICEMAIL_BEEP', 3, policy, now)).toEqual({
      action: 'done',
      reason: 'maxAttempts',
    });
  });
  it('stops on a human answer and marks SIT invalid-number tones invalid', () => {
    expect(nextStepAfter('HUMAN_ANSWERED', 1, policy, now).action).toBe('done');
    expect(nextStepAfter('SIT_TONE_INVALID_NUMBER', 1, policy, now).action).toBe('invalid');
  });
});
