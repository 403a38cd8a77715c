/**
 * When the live queue view cannot be read, the supervisor sees why — not a bare 500. Amazon Connect's
 * GetCurrentMetricData errors (https://docs.aws.amazon.com/connect/latest/APIReference/API_GetCurrentMetricData.html#API_GetCurrentMetricData_Errors:
 * ThrottlingException 429, ResourceNotFoundException 404, InvalidParameterException / InvalidRequestException 400,
 * InternalServiceException 500; AccessDeniedException from IAM), the adapter's LiveQueueMetricsError (a configured
 * queue the instance lacks) and the agents table's DynamoDB errors become `upstream_unavailable`: 503 when a
 * later refresh may succeed (throttled, timed out, the service's own fault), 502 when the stage must be fixed
 * (access denied, not found, refused). Matched by the SDK exception's `name`; the SDK's message is never passed
 * on (it can carry ARNs and request ids). Anything else is a fault and stays one (500, logged by name).
 */
import { LiveQueueMetricsError } from '#shared/adapters/connect/live-queue-metrics.ts';
import { ApiError } from '#shared/agent-api/types.ts';

/** Which read failed: Connect's current metrics or the agents table's states. */
export type LiveViewPart = 'connect' | 'agents';

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

const WHAT: Record<LiveViewPart, string> = {
  connect: "Amazon Connect's current metrics (GetCurrentMetricData) could not be read",
  agents: "the agents' current states (agents table) could not be read",
};

function isAwsError(e: unknown): e is Error & { $metadata?: unknown; code?: unknown } {
  return e instanceof Error && ('$metadata' in e || 'code' in e || TIMED_OUT.has(e.name));
}

/** The refusal for a failed live-view read, or undefined when the error is not an upstream failure. */
export function liveViewUnavailable(error: unknown, part: LiveViewPart): ApiError | undefined {
  const what = WHAT[part];
  if (error instanceof LiveQueueMetricsError)
    return new ApiError(502, 'upstream_unavailable', `${what}: ${error.message}`, { cause: error });
  if (!isAwsError(error)) return undefined;
  const name = error.name;
  const code = typeof error.code === 'string' ? error.code : '';
  const says = (status: 502 | 503, why: string) =>
    new ApiError(status, 'upstream_unavailable', `${what}: ${why}`, { cause: error });
  if (THROTTLED.has(name))
    return says(
      503,
      part === 'connect'
        ? 'throttled (Connect allows GetCurrentMetricData 5 requests per second per account and Region); the view retries on its next refresh'
        : 'throttled; the view retries on its next refresh',
    );
  if (DENIED.has(name))
    return says(
      502,
      part === 'connect'
        ? "access denied (the supervisor-api role may call connect:GetCurrentMetricData on this stage's instance and queues only: is the stack deployed from this config?)"
        : 'access denied (the supervisor-api role may scan and query the agents table only)',
    );
  if (NOT_FOUND.has(name))
    return says(
      502,
      part === 'connect'
        ? 'the instance or a queue was not found (is the stage deployed with this config?)'
        : 'the agents table was not found (is the stage deployed?)',
    );
  if (REFUSED.has(name)) return says(502, `the request was refused (${name})`);
  if (SERVICE_FAULT.has(name))
    return says(503, `the service had an internal error (${name}); try again shortly`);
  if (TIMED_OUT.has(name) || NETWORK.has(code) || NETWORK.has(name))
    return says(503, 'no answer in time; the view retries on its next refresh');
  return says(502, `the service answered ${name || 'an error'}`);
}
