/**
 * What a simulated call leaves behind: the prompts heard, the Lambdas called, the path of actions and
 * branches, and the timed events the transcript is written from. The simulated clock lives here too
 * (seconds since the call started), since every event carries it.
 */
import type { CallEvent, CallEventKind, LambdaCall, PathStep } from './types.ts';

export class TraceRecorder {
  elapsed = 0;
  readonly prompts: string[] = [];
  readonly lambdas: LambdaCall[] = [];
  readonly path: PathStep[] = [];
  readonly events: CallEvent[] = [];

  constructor(private readonly onEvent?: (e: CallEvent) => void) {}

  event(kind: CallEventKind, text: string, to?: 'caller' | 'agent'): void {
    this.push({ seconds: this.elapsed, kind, text, ...(to ? { to } : {}) });
  }

  push(e: CallEvent): void {
    this.events.push(e);
    this.onEvent?.(e);
  }

  step(step: PathStep): void {
    this.path.push(step);
  }
}
