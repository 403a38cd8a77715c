/**
 * The handlers' clock inside the simulator. A real Lambda reads the wall clock; a simulated call at
 * "Tuesday 11:00 New York" must have its handlers (route's hours check, ivr-lookup's repeat-caller
 * window, the survey timestamp) see that time too, without any "simulation mode" in handler code. So,
 * while a handler runs in-process, the global `Date` is shifted to the simulated instant (time still
 * advances). Timers (setTimeout) are untouched, so budgets and timeouts behave as in Lambda. Calls run
 * one at a time; nesting restores the outer offset.
 */
const RealDate = globalThis.Date;
let offsetMs = 0;

class SimulatedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string | number | Date]));
  }
  static override now(): number {
    return RealDate.now() + offsetMs;
  }
}

/** Run `fn` with the global clock reading `at` (then advancing in real time). */
export async function atSimulatedTime<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  const previousOffset = offsetMs;
  const previousDate = globalThis.Date;
  offsetMs = at.getTime() - RealDate.now();
  globalThis.Date = SimulatedDate as DateConstructor;
  try {
    return await fn();
  } finally {
    offsetMs = previousOffset;
    globalThis.Date = previousDate;
  }
}
