/**
 * A time budget below the flow's InvokeLambdaFunction timeout (1–8 s, reference: connect.md). Connect
 * plays silence while it waits and retries on error; an answer within budget — even the safe default —
 * beats the flow's error branch. The signal is handed to the SDK (`abortSignal`) so dependencies stop too.
 */

export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  constructor(readonly budgetMs: number) {
    super(`dependencies did not answer within the ${budgetMs} ms budget`);
  }
}

/** Milliseconds kept back from Lambda's own deadline for flattening, logging and metrics. */
export const DEADLINE_RESERVE_MS = 150;

/** The budget to use: the configured one, shortened when Lambda's own deadline is closer. */
export function effectiveBudget(budgetMs: number, remainingMs?: number): number {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return budgetMs;
  return Math.max(1, Math.min(budgetMs, remainingMs - DEADLINE_RESERVE_MS));
}

/**
 * Run `work` and settle within `budgetMs`: either its result, or a `BudgetExceededError` while the work
 * is told to stop through the signal. The work's late outcome is ignored.
 */
export async function withinBudget<T>(
  budgetMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new BudgetExceededError(budgetMs);
      controller.abort(error);
      reject(error);
    }, budgetMs);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
