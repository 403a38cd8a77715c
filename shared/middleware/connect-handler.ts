/**
 * `connectHandler` — the one factory every Connect-invoked handler uses, so each handler file stays a
 * thin parse → domain → map. The middy chain, in order:
 *
 * 1. `invocationLogging` (logging.ts, the same for every handler): Powertools Logger context and cold
 *    start, the Connect ContactId as correlation id, the redacting logger (no full phone number or name
 *    ever reaches a log line).
 * 2. zod parsing of the ContactFlowEvent (open to unknown fields) and of the block's Parameters.
 * 3. The handler's `run` inside a time budget (`budgetMs`, shortened by Lambda's own deadline), with an
 *    AbortSignal for the SDK calls.
 * 4. Flattening to Connect's STRING_MAP (flat, strings only, checked keys, ≤ 32 KB).
 * 5. Any fault (dependency error, budget exceeded, malformed event, unflattenable response) → the
 *    handler's safe default plus a metric (EMF). The handler never throws to Connect: a throw sends the
 *    caller down the error branch after Connect's retries, in silence.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { safeParse } from 'zod/mini';
import type { $ZodType, output } from 'zod/v4/core';
import { BudgetExceededError, effectiveBudget, withinBudget } from './budget.ts';
import { type ContactFlowEvent, contactFlowEventSchema } from './contact-flow-event.ts';
import { createHandlerLogger, createHandlerMetrics, invocationLogging } from './logging.ts';
import { type StringMap, type StringMapInput, toStringMap } from './string-map.ts';

/** What a handler's `run` receives: the parsed event, narrowed to what handlers actually use. */
export interface ConnectInvocation<P> {
  contactId: string;
  initialContactId: string;
  /** The caller's address as Connect gave it (may be "anonymous" or national format); never log it. */
  customerAddress: string | undefined;
  attributes: Record<string, string>;
  parameters: P;
  event: ContactFlowEvent;
  /** Aborted when the budget runs out; pass it to every SDK call (`{ abortSignal: signal }`). */
  signal: AbortSignal;
  now: Date;
  logger: Logger;
  metrics: Metrics;
}

export interface ConnectHandlerOptions<S extends $ZodType> {
  /** The function's folder name under functions/ (service name in logs and metrics). */
  name: string;
  /** Schema of the block's `Parameters` (LambdaInvocationAttributes), zod or zod/mini; keep it open and string-based. */
  parameters: S;
  /** Answer within this many ms (below the flow block's InvocationTimeLimitSeconds). */
  budgetMs: number;
  /** Returned, flattened, on any fault. Must itself flatten. */
  safeDefault: StringMapInput;
  /** Returned when the event or its Parameters do not parse (defaults to `safeDefault`). */
  invalidInput?: StringMapInput;
  /** The response key logged as the invocation's outcome (e.g. `lookupStatus`); values are never logged otherwise. */
  statusKey: string;
  run: (invocation: ConnectInvocation<output<S>>) => Promise<StringMapInput>;
  logger?: Logger;
  metrics?: Metrics;
  clock?: () => Date;
}

export class InvalidContactFlowEventError extends Error {
  override readonly name = 'InvalidContactFlowEventError';
  constructor(
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid ContactFlowEvent: ${issues.join('; ')}`, options);
  }
}

/** Where a zod issue is and what was expected, without echoing the input value (it may be a number). */
const describeIssues = (
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  prefix: string,
) => error.issues.map((i) => `${[prefix, ...i.path.map(String)].join('.')}: ${i.message}`);

interface ParsedRequest<P> {
  event: ContactFlowEvent;
  parameters: P;
}

type Handler = middy.MiddyfiedHandler<unknown, StringMap, Error, Context>;

export function connectHandler<S extends $ZodType>(options: ConnectHandlerOptions<S>): Handler {
  const logger = options.logger ?? createHandlerLogger(options.name);
  const metrics = options.metrics ?? createHandlerMetrics(options.name);
  const clock = options.clock ?? (() => new Date());
  const safeDefault = toStringMap(options.safeDefault);
  const invalidInput = toStringMap(options.invalidInput ?? options.safeDefault);

  const parseEvent: MiddlewareObj<unknown, StringMap, Error, Context> = {
    before: (request) => {
      const event = contactFlowEventSchema.safeParse(request.event);
      if (!event.success) throw new InvalidContactFlowEventError(describeIssues(event.error, 'event'));
      const params = safeParse(options.parameters, event.data.Details.Parameters ?? {});
      if (!params.success) throw new InvalidContactFlowEventError(describeIssues(params.error, 'Parameters'));
      // The inner handler receives the parsed request in place of the raw event.
      request.event = { event: event.data, parameters: params.data } satisfies ParsedRequest<output<S>>;
    },
  };

  const safeDefaultOnError: MiddlewareObj<unknown, StringMap, Error, Context> = {
    onError: (request) => {
      const error = request.error;
      const kind =
        error instanceof InvalidContactFlowEventError
          ? 'InvalidInput'
          : error instanceof BudgetExceededError
            ? 'BudgetExceeded'
            : 'Fault';
      metrics.addMetric(kind, MetricUnit.Count, 1);
      metrics.addMetric('SafeDefault', MetricUnit.Count, 1);
      logger.error('answered with the safe default', { kind, error });
      request.response = kind === 'InvalidInput' ? invalidInput : safeDefault;
    },
  };

  const base = async (parsedEvent: unknown, context: Context): Promise<StringMap> => {
    const req = parsedEvent as ParsedRequest<output<S>>;
    const data = req.event.Details.ContactData;
    const budget = effectiveBudget(options.budgetMs, context?.getRemainingTimeInMillis?.());
    const result = await withinBudget(budget, (signal) =>
      options.run({
        contactId: data.ContactId,
        initialContactId: data.InitialContactId || data.ContactId,
        customerAddress: data.CustomerEndpoint?.Address,
        attributes: data.Attributes ?? {},
        parameters: req.parameters,
        event: req.event,
        signal,
        now: clock(),
        logger,
        metrics,
      }),
    );
    const response = toStringMap(result);
    logger.info('answered', { [options.statusKey]: response[options.statusKey] });
    return response;
  };

  // Publish EMF only when there is something to say: Powertools' logMetrics warns on every quiet invocation.
  let coldStart = true;
  const flushMetrics = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  const publishMetrics: MiddlewareObj<unknown, StringMap, Error, Context> = {
    before: () => {
      if (coldStart) {
        coldStart = false;
        metrics.captureColdStartMetric();
      }
    },
    after: flushMetrics,
    onError: flushMetrics,
  };

  return middy<unknown, StringMap, Error, Context>({ timeoutEarlyInMillis: 50 })
    .use(invocationLogging<unknown, StringMap>(logger))
    .use(publishMetrics)
    .use(parseEvent)
    .use(safeDefaultOnError)
    .handler(base);
}
