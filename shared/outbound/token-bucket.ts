/**
 * A token bucket for Connect's StartOutboundVoiceContact: 2 requests/s per account and region by default,
 * shared with other Connect APIs (outbound-compliance.md), so the dialer never asks faster than
 * `requestsPerSecond`, and backs off with full jitter when Connect throttles anyway.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly clock: Clock = systemClock,
    private readonly burst = 1,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Wait until a token is available, then take it. */
  async take(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}

/** Full-jitter exponential backoff (AWS Architecture Blog): random in [0, min(cap, base·2^attempt)). */
export function jitteredBackoffMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 200,
  capMs = 5000,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
