import { describe, expect, it } from 'vitest';
import { createAutosaver, type SaveStatus } from '../../../workspace/src/ui/autosave.ts';

/** Manual timers: `run()` fires every due callback, so a test decides when "later" is. */
function manualTimers() {
  let next = 0;
  const due = new Map<number, () => void>();
  return {
    setTimer: (fn: () => void) => {
      due.set(++next, fn);
      return next;
    },
    clearTimer: (h: unknown) => void due.delete(h as number),
    async run() {
      const fns = [...due.values()];
      due.clear();
      for (const fn of fns) fn();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('note autosave', () => {
  it('saves the latest text once the typing pauses, not every keystroke', async () => {
    const timers = manualTimers();
    const saved: string[] = [];
    const s = createAutosaver({ save: async (t) => void saved.push(t), onStatus: () => {}, ...timers });
    s.update('H');
    s.update('He');
    s.update('Hello');
    await timers.run();
    expect(saved).toEqual(['Hello']);
  });

  it('retries a failed save with the same text until it succeeds, and reports it', async () => {
    const timers = manualTimers();
    const statuses: SaveStatus[] = [];
    let attempts = 0;
    const s = createAutosaver({
      save: async () => {
        attempts++;
        if (attempts === 1) throw new Error('connection reset');
      },
      onStatus: (x) => statuses.push(x),
      ...timers,
    });
    s.update('call back after 5');
    await timers.run(); // first attempt fails
    await timers.run(); // the retry
    expect(attempts).toBe(2);
    expect(statuses).toEqual(['saving', 'retrying', 'saving', 'saved']);
  });

  it('does not retry a refused text', async () => {
    const timers = manualTimers();
    const statuses: SaveStatus[] = [];
    let attempts = 0;
    const s = createAutosaver({
      save: async () => {
        attempts++;
        throw new Error('400');
      },
      retryable: () => false,
      onStatus: (x) => statuses.push(x),
      ...timers,
    });
    s.update('x');
    await timers.run();
    await timers.run();
    expect(attempts).toBe(1);
    expect(statuses.at(-1)).toBe('failed');
  });

  it('flush saves pending text at once and a second flush saves nothing new', async () => {
    const timers = manualTimers();
    const saved: string[] = [];
    const s = createAutosaver({ save: async (t) => void saved.push(t), onStatus: () => {}, ...timers });
    s.update('final words');
    await s.flush();
    await s.flush();
    expect(saved).toEqual(['final words']);
  });
});
