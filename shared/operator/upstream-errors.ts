/**
 * When a service a supervisor route depends on fails, the supervisor sees why — not a bare 500.
 *
 * The live queue view: Amazon Connect's
 * GetCurrentMetricData errors (https://docs.aws.amazon.com/connect/latest/APIReference/API_GetCurrentMetricData.html#API_GetCurrentMetricData_Errors:
 * ThrottlingException 429, ResourceNotFoundException 404, InvalidParameterException / InvalidRequestException 400,
 * InternalServiceException 500; AccessDeniedException from IAM), the adapter's LiveQueueMetricsError (a configured
 * queue the instance lacks) and the agents table's DynamoDB errors become `upstream_unavailable`: 503 when a
 * later refresh may succeed (throttled, timed out, the service's own fault), 502 when the stage must be fixed
 * (access denied, not found, refused).
 *
 * Erasure requests: the erasure function's own failure (ErasureFunctionError) is a 502 — its error text stays in
 * its logs, it may name the person; no answer inside the 25 s the API can wait (the function goes on running)
 * is a 503 saying to ask again (erasure is safe to repeat) or to use the CLI, which waits 15 minutes.
 *
 * Matched by the SDK exception's `name`; the SDK's message is never passed on (it can carry ARNs and request
 * ids). Anything else is a fault and stays one (500, logged by name).
 */
import { LiveQueueMetricsError } from '#shared/adapters/connect/live-queue-metrics.ts';
import { ApiError } from '#shared/agent-api/types.ts';
import { ErasureFunctionError } from './erasure.ts';

/** What failed: Connect's current metrics, the agents table's states, the erasure function. */
export type UpstreamPart = 'connect' | 'agents' | 'erasure';

const THROTTLED = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const NOT_FOUND = new Set(['ResourceNotFoundException']);
const REFUSED = new Set(['InvalidParameterException', 'InvalidRequestException', 'ValidationException']);
const SERVICE_FAULT = new Set(['InternalServiceException', 'InternalServerError', 'ServiceUnavailable']);
const TIMED_OUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

const WHAT: Record<UpstreamPart, string> = {
  connect: "Amazon Connect's current metrics (GetCurrentMetricData) could not be read",
  agents: "the agents' current states (agents table) could not be read",
  erasure: 'the erasure function did not finish the request',
};

const RETRY: Record<UpstreamPart, string> = {
  connect: 'the view retries on its next refresh',
  agents: 'the view retries on its next refresh',
  erasure:
    'it may still be running: ask again in a minute (erasure is safe to repeat) or run `santral erase --deployed`, which waits up to 15 minutes',
};

const DENIED_WHY: Record<UpstreamPart, string> = {
  connect:
    "access denied (the supervisor-api role may call connect:GetCurrentMetricData on this stage's instance and queues only: is the stack deployed from this config?)",
  agents: 'access denied (the supervisor-api role may scan and query the agents table only)',
  erasure: "access denied (the supervisor-api role may invoke this stage's erasure function only)",
};

const NOT_FOUND_WHY: Record<UpstreamPart, string> = {
  connect: 'the instance or a queue was not found (is the stage deployed with this config?)',
  agents: 'the agents table was not found (is the stage deployed?)',
  erasure: 'the erasure function was not found (is the stage deployed?)',
};

function isAwsError(e: unknown): e is Error & { $metadata?: unknown; code?: unknown } {
  return e instanceof Error && ('$metadata' in e || 'code' in e || TIMED_OUT.has(e.name));
}

/** The refusal for a failed upstream call, or undefined when the error is not an upstream failure. */
export function upstreamUnavailable(error: unknown, part: UpstreamPart): ApiError | undefined {
  const what = WHAT[part];
  if (error instanceof LiveQueueMetricsError)
    return new ApiError(502, 'upstream_unavailable', `${what}: ${error.message}`, { cause: error });
  if (error instanceof ErasureFunctionError)
    return new ApiError(
      502,
      'upstream_unavailable',
      `${what}: it failed (its logs say why) — nothing is half-done that a re-run cannot finish (erasure is safe to repeat)`,
      { cause: error },
    );
  if (!isAwsError(error)) return undefined;
  const name = error.name;
  const code = typeof error.code === 'string' ? error.code : '';
  const says = (status: 502 | 503, why: string) =>
    new ApiError(status, 'upstream_unavailable', `${what}: ${why}`, { cause: error });
  if (THROTTLED.has(name))
    return says(
      503,
      part === 'connect'
        ? `throttled (Connect allows GetCurrentMetricData 5 requests per second per account and Region); ${RETRY[part]}`
        : `throttled; ${RETRY[part]}`,
    );
  if (DENIED.has(name)) return says(502, DENIED_WHY[part]);
  if (NOT_FOUND.has(name)) return says(502, NOT_FOUND_WHY[part]);
  if (REFUSED.has(name)) return says(502, `the request was refused (${name})`);
  if (SERVICE_FAULT.has(name))
    return says(503, `the service had an internal error (${name}); try again shortly`);
  if (TIMED_OUT.has(name) || NETWORK.has(code) || NETWORK.has(name))
    return says(503, `no answer in time; ${RETRY[part]}`);
  return says(502, `the service answered ${name || 'an error'}`);
}
