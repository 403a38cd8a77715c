/**
 * Autosave for one note: saves `delayMs` after the last keystroke, always under the same noteId, so a
 * retry after a lost answer overwrites instead of adding a second note (the API's PUT is idempotent per
 * noteId). A failed save is retried every `retryMs` until it succeeds or newer text supersedes it.
 */
export type SaveStatus = 'idle' | 'saving' | 'saved' | 'retrying' | 'failed';

export interface AutosaverOptions {
  save(text: string): Promise<void>;
  onStatus(status: SaveStatus): void;
  /** Whether a failed save is worth repeating (default: always); a refused text (4xx) is not. */
  retryable?(err: unknown): boolean;
  delayMs?: number;
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Autosaver {
  update(text: string): void;
  /** Save now (blur, leaving the contact); resolves when the latest text is saved or a retry is due. */
  flush(): Promise<void>;
  dispose(): void;
}

export function createAutosaver(options: AutosaverOptions): Autosaver {
  const delay = options.delayMs ?? 500;
  const retry = options.retryMs ?? 1000;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let pending: string | undefined;
  let saved: string | undefined;
  let timer: unknown;
  let inFlight: Promise<void> | undefined;
  let disposed = false;

  const schedule = (ms: number) => {
    if (timer !== undefined) clearTimer(timer);
    timer = setTimer(() => {
      timer = undefined;
      void run();
    }, ms);
  };

  async function run(): Promise<void> {
    if (disposed || inFlight || pending === undefined || pending === saved) return;
    const text = pending;
    options.onStatus('saving');
    inFlight = options.save(text).then(
      () => {
        saved = text;
        inFlight = undefined;
        if (pending !== saved) void run();
        else options.onStatus('saved');
      },
      (err: unknown) => {
        inFlight = undefined;
        if (disposed) return;
        if (options.retryable && !options.retryable(err)) return options.onStatus('failed');
        options.onStatus('retrying');
        schedule(retry);
      },
    );
    await inFlight;
  }

  return {
    update(text) {
      pending = text;
      schedule(delay);
    },
    async flush() {
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      if (inFlight) await inFlight;
      await run();
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimer(timer);
    },
  };
}
