/**
 * Lambda calls as Amazon Connect makes them (reference: connect.md › Lambda contract):
 * - the block's InvocationTimeLimitSeconds (1–8) is the budget for ALL attempts;
 * - throttles, 5xx and function errors are retried, up to 3 retries, while budget remains;
 * - a timeout ends the call at once (no budget left to retry);
 * - STRING_MAP responses must be a flat object of string values; JSON responses may nest; both < 32 KB;
 * - any failure takes the block's error branch; the handler's own outcome data is never inspected here.
 *
 * `InProcessLambdaInvoker` runs the real handlers (`functions/<name>/handler.ts`, export `handler`) in
 * this process with a Lambda-shaped context; `FaultInjectingInvoker` breaks chosen functions on purpose.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '#shared/config/load.ts';
import { atSimulatedTime } from './simulated-clock.ts';
import type { ConnectContactFlowEvent, LambdaInvocation, LambdaInvoker } from './types.ts';

/** Connect's limit on a Lambda response (connect.md: "under 32 KB"). */
export const MAX_RESPONSE_BYTES = 32 * 1024;
/** Connect retries a failed synchronous invocation up to 3 times within the block's time limit. */
export const MAX_RETRIES = 3;

export class LambdaTimeoutError extends Error {
  override name = 'LambdaTimeoutError';
  constructor(functionName: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`${functionName} did not answer within ${timeoutMs} ms`, options);
  }
}

export class LambdaNotFoundError extends Error {
  override name = 'LambdaNotFoundError';
  constructor(functionName: string, file: string) {
    super(`no handler for Lambda "${functionName}" (expected ${file} exporting "handler")`);
  }
}

export class InvalidLambdaResponseError extends Error {
  override name = 'InvalidLambdaResponseError';
}

export class LambdaThrottledError extends Error {
  override name = 'TooManyRequestsException';
}

export type ResponseType = 'STRING_MAP' | 'JSON';

/** Check a response against Connect's rules; returns the problem, or undefined when it is acceptable. */
export function responseProblem(response: unknown, type: ResponseType): string | undefined {
  if (typeof response !== 'object' || response === null || Array.isArray(response))
    return `expected an object, got ${response === null ? 'null' : Array.isArray(response) ? 'an array' : typeof response}`;
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(response), 'utf8');
  } catch (err) {
    return `not serialisable: ${(err as Error).message}`;
  }
  if (size >= MAX_RESPONSE_BYTES)
    return `response is ${size} bytes; Connect accepts under ${MAX_RESPONSE_BYTES}`;
  if (type === 'STRING_MAP') {
    for (const [k, v] of Object.entries(response)) {
      if (typeof v !== 'string')
        return `STRING_MAP value "${k}" is ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}, not a string`;
    }
  }
  return undefined;
}

export type InvokeOutcome =
  | { ok: true; result: Record<string, unknown>; attempts: number }
  | { ok: false; error: string; attempts: number };

/** One InvokeLambdaFunction block, with Connect's budget, retries and response validation. */
export async function invokeLikeConnect(
  invoker: LambdaInvoker,
  functionName: string,
  event: ConnectContactFlowEvent,
  options: { timeoutSeconds: number; responseType: ResponseType; at?: Date },
): Promise<InvokeOutcome> {
  const budgetMs = options.timeoutSeconds * 1000;
  // performance.now(): the handlers' Date may be shifted to the simulated time (simulated-clock.ts).
  const deadline = performance.now() + budgetMs;
  let lastError = 'not invoked';
  for (let attempt = 1; attempt <= 1 + MAX_RETRIES; attempt++) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) break;
    let response: unknown;
    try {
      response = await withTimeout(
        invoker.invoke({
          functionName,
          event,
          timeoutMs: remaining,
          attempt,
          ...(options.at ? { at: options.at } : {}),
        }),
        remaining,
        functionName,
      );
    } catch (err) {
      const e = err as Error;
      lastError = `${e.name}: ${e.message}`;
      if (err instanceof LambdaTimeoutError || err instanceof LambdaNotFoundError)
        return { ok: false, error: lastError, attempts: attempt };
      continue; // throttles, 5xx and function errors: Connect retries while budget remains
    }
    const problem = responseProblem(response, options.responseType);
    if (problem) return { ok: false, error: `InvalidResponse: ${problem}`, attempts: attempt };
    return { ok: true, result: response as Record<string, unknown>, attempts: attempt };
  }
  return { ok: false, error: lastError, attempts: 1 + MAX_RETRIES };
}

function withTimeout<T>(promise: Promise<T>, ms: number, functionName: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LambdaTimeoutError(functionName, ms)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** Runs `functions/<name>/handler.ts` in this process, as Lambda would (module scope once, then per call). */
export class InProcessLambdaInvoker implements LambdaInvoker {
  private readonly handlers = new Map<string, Promise<Handler>>();

  constructor(
    private readonly functionsDir = join(REPO_ROOT, 'functions'),
    /** Replace a handler (e.g. one wired to in-memory stores for the benchmark). */
    private readonly overrides: Record<string, Handler> = {},
    /**
     * Each function's own environment (as infra sets it per function), applied before its module loads
     * and before each call: all handlers share this process's `process.env`.
     */
    private readonly environmentFor?: (functionName: string) => Record<string, string>,
  ) {}

  async invoke({ functionName, event, timeoutMs, at }: LambdaInvocation): Promise<unknown> {
    this.applyEnvironment(functionName);
    const handler = await this.load(functionName);
    const deadline = performance.now() + timeoutMs;
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
      memoryLimitInMB: '256',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
      done: () => {},
      fail: () => {},
      succeed: () => {},
    };
    return at ? atSimulatedTime(at, () => handler(event, context)) : handler(event, context);
  }

  private applyEnvironment(name: string): void {
    const env = this.environmentFor?.(name);
    if (!env) return;
    // process.env writes go through setenv(3): only write what differs from the current value.
    for (const [k, v] of Object.entries(env)) if (process.env[k] !== v) process.env[k] = v;
  }

  private load(name: string): Promise<Handler> {
    const override = this.overrides[name];
    if (override) return Promise.resolve(override);
    let loaded = this.handlers.get(name);
    if (!loaded) {
      const file = join(this.functionsDir, name, 'handler.ts');
      loaded = (async () => {
        if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) throw new LambdaNotFoundError(name, file);
        const mod = (await import(pathToFileURL(file).href)) as { handler?: Handler };
        if (typeof mod.handler !== 'function') throw new LambdaNotFoundError(name, file);
        return mod.handler;
      })();
      this.handlers.set(name, loaded);
    }
    return loaded;
  }
}

export type Fault = 'error' | 'throttle' | 'timeout' | 'invalid-response';

/**
 * Breaks chosen Lambdas: `faults` maps a function name (or "*" for all) to a fault; `times` limits how many
 * attempts fail (then the real handler answers), which is how retries are exercised.
 */
export class FaultInjectingInvoker implements LambdaInvoker {
  readonly attempts = new Map<string, number>();

  constructor(
    private readonly inner: LambdaInvoker,
    private readonly faults: Record<string, Fault>,
    private readonly times = Number.POSITIVE_INFINITY,
  ) {}

  async invoke(invocation: LambdaInvocation): Promise<unknown> {
    const fault = this.faults[invocation.functionName] ?? this.faults['*'];
    const n = (this.attempts.get(invocation.functionName) ?? 0) + 1;
    this.attempts.set(invocation.functionName, n);
    if (!fault || n > this.times) return this.inner.invoke(invocation);
    switch (fault) {
      case 'error':
        throw new Error(`injected failure in ${invocation.functionName}`);
      case 'throttle':
        throw new LambdaThrottledError(`injected throttle of ${invocation.functionName}`);
      case 'timeout':
        // The block's whole budget is spent; simulated without waiting it out.
        throw new LambdaTimeoutError(invocation.functionName, invocation.timeoutMs);
      case 'invalid-response':
        return { nested: { not: 'a string map' } };
    }
  }
}
