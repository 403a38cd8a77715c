/**
 * One section of the supervisor console: a titled panel that says whether its data is there
 * (`data-state`, `aria-busy`: section-state.ts), so readers and tests know when it may still move.
 */
import type { ComponentChildren } from 'preact';
import { isBusy, type SectionState } from './section-state.ts';

export function ConsolePanel({
  name,
  title,
  state,
  extraClass,
  children,
}: {
  /** `data-section`, and the title's id (`<name>-title`). */
  name: string;
  title: string;
  state: SectionState;
  extraClass?: string;
  children: ComponentChildren;
}) {
  return (
    <section
      aria-labelledby={`${name}-title`}
      class={extraClass ? `panel ${extraClass}` : 'panel'}
      data-section={name}
      data-state={state}
      aria-busy={isBusy(state)}
    >
      <h2 id={`${name}-title`}>{title}</h2>
      {children}
    </section>
  );
}
