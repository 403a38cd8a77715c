/**
 * Integration-test harness: starts in-memory dynalite and a temporary s3rver once per test file, creates
 * the real tables and buckets, and points the SDK at them through the standard endpoint variables.
 */
import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedAws, startEmbeddedAws } from '#shared/local/embedded.ts';

export function useEmbeddedAws(): { readonly current: EmbeddedAws } {
  const ref: { current?: EmbeddedAws } = {};
  beforeAll(async () => {
    ref.current = await startEmbeddedAws();
  });
  afterAll(async () => {
    await ref.current?.close();
  });
  return {
    get current() {
      if (!ref.current) throw new Error('embedded AWS not started (use inside a test)');
      return ref.current;
    },
  };
}
