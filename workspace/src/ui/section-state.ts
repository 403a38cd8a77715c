/**
 * What every console section tells its readers (people with assistive technology through aria-busy, tests
 * through data-state): `loading` until its first data arrived, `busy` while an action of its own runs,
 * `ready`, or `error`. A test waits for every section to be ready before it clicks: a section that answers
 * later grows and moves the ones below it, so a click aimed before would land beside its button.
 */
import { useRef } from 'preact/hooks';

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
