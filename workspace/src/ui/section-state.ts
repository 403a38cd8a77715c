/**
 * What every console section tells its readers (people with assistive technology through aria-busy, tests
 * through data-state): `loading` until its first data arrived, `busy` while an action of its own runs,
 * `ready`, or `error`. A test waits for every section to be ready before it clicks: a section that answers
 * later grows and moves the ones below it, so a click aimed before would land beside its button.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export type SectionState = 'loading' | 'busy' | 'ready' | 'error';

export const isBusy = (s: SectionState) => s === 'loading' || s === 'busy';

/**
 * Loads that can overlap (a reload after an action, a poll, a second click) answer in any order: only the
 * answer of the latest request started is applied, so a slow, stale answer never overwrites a newer one.
 * `latest()` starts a request and returns its "am I still the latest?" check.
 */
export function useLatest(): () => () => boolean {
  const seq = useRef(0);
  return () => {
    const mine = ++seq.current;
    return () => mine === seq.current;
  };
}

export interface SectionLoad<T> {
  state: SectionState;
  /** Ask again without marking the section busy (a poll; the first load). `fetch` overrides the default. */
  load(fetch?: () => Promise<T>): Promise<void>;
  /** A reader's request (a form): the section is busy until the answer, then as `load`. */
  reload(fetch?: () => Promise<T>): Promise<void>;
  /**
   * An action of the section's own (pause, add, remove): busy meanwhile, a load already in flight is dropped
   * (it started before the change), `report` gets the action's message or its error's, then a reload.
   */
  act(fn: () => Promise<string>, report: (message: string) => void): Promise<void>;
}

/**
 * The load/stale-guard/data-state cycle every console section shares. `fetch` is the section's data
 * (loaded on mount, then every `pollMs` if given); without it the section is on demand (a lookup form): it
 * starts ready and a failed request leaves it ready with the error shown, since nothing on it went stale.
 * Answers after unmount or overtaken by a newer request are dropped (`useLatest`).
 */
export function useSectionLoad<T>(options: {
  fetch?: () => Promise<T>;
  apply: (value: T) => void;
  onError: (message: string) => void;
  pollMs?: number;
}): SectionLoad<T> {
  const onDemand = options.fetch === undefined;
  const [state, setState] = useState<SectionState>(onDemand ? 'ready' : 'loading');
  const latest = useLatest();
  const mounted = useRef(true);
  const opts = useRef(options);
  opts.current = options;
  const load = async (fetch = opts.current.fetch) => {
    if (!fetch) return;
    const current = latest();
    try {
      const value = await fetch();
      if (!mounted.current || !current()) return;
      opts.current.apply(value);
      setState('ready');
    } catch (e) {
      if (!mounted.current || !current()) return;
      opts.current.onError((e as Error).message);
      setState(onDemand ? 'ready' : 'error');
    }
  };
  const reload = (fetch?: () => Promise<T>) => {
    setState((s) => (s === 'loading' ? s : 'busy'));
    return load(fetch);
  };
  const act = async (fn: () => Promise<string>, report: (message: string) => void) => {
    setState('busy');
    latest();
    try {
      report(await fn());
    } catch (e) {
      report((e as Error).message);
    }
    if (onDemand) setState('ready');
    else await load();
  };
  useEffect(() => {
    mounted.current = true;
    if (onDemand) return;
    void load();
    const timer = options.pollMs ? setInterval(() => void load(), options.pollMs) : undefined;
    return () => {
      mounted.current = false;
      if (timer) clearInterval(timer);
    };
  }, [options.pollMs]);
  return { state, load, reload, act };
}
