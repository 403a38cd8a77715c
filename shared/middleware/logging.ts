/**
 * Logging and metrics for every handler, Connect-invoked or not (ARCHITECTURE › Examples 1: one logging
 * middleware for all). Handlers never build a Logger themselves: they take `createHandlerLogger(name)` and
 * wrap their function in `loggedHandler` (or `connectHandler` / `httpApiHandler`, which use the same
 * `invocationLogging` middleware). What every log line then carries:
 *
 * - redaction: phone numbers and names masked in every value at any depth, error messages, causes and
 *   stacks included (redact.ts);
 * - a correlation id per invocation, taken from the event where it has one (`correlationIdOf`), else the
 *   Lambda request id;
 * - Powertools' Lambda context keys, `cold_start` among them (true on a container's first invocation);
 * - the log level from the environment (`POWERTOOLS_LOG_LEVEL`, or `AWS_LAMBDA_LOG_LEVEL` under Lambda's
 *   advanced logging controls — Powertools reads both; default INFO).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { redactError, redactingReplacer, redactText } from './redact.ts';

export const METRICS_NAMESPACE = 'Santral';

export function createHandlerLogger(name: string): Logger {
  return new Logger({ serviceName: `santral-${name}`, jsonReplacerFn: redactingReplacer });
}

export function createHandlerMetrics(name: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName: `santral-${name}` });
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The correlation id an event carries, by event shape (AWS's documented payloads):
 * - Connect ContactFlowEvent: `Details.ContactData.ContactId`;
 * - API Gateway (REST and HTTP API): `requestContext.requestId`;
 * - S3 notification: `s3:<x-amz-request-id>` of the first record, else `s3:<bucket>/<key>` (redacted);
 * - Kinesis: `kinesis:<first sequence number>..<last>` of the batch (one number for one record);
 * - SQS: the first record's `messageId`;
 * - EventBridge (schedules included): the event `id`;
 * - Step Functions: `execution` — our state machines pass `$$.Execution.Id` under that name;
 * - CloudFormation custom resource: `RequestId`.
 * Undefined for anything else (the caller falls back to the Lambda request id).
 */
export function correlationIdOf(event: unknown): string | undefined {
  const e = record(event);
  if (!e) return undefined;
  const contactId = text(record(record(e['Details'])?.['ContactData'])?.['ContactId']);
  if (contactId) return contactId;
  const requestId = text(record(e['requestContext'])?.['requestId']);
  if (requestId) return requestId;
  const records = Array.isArray(e['Records']) ? e['Records'].map(record) : [];
  const first = records[0];
  if (first) {
    const source = first['eventSource'] ?? first['EventSource'];
    const s3 = record(first['s3']);
    if (source === 'aws:s3' || s3) {
      const elements = record(first['responseElements']);
      // `xAmzRequestId` is the Java events library's spelling (the Lambda developer guide's sample event).
      const id = text(elements?.['x-amz-request-id']) ?? text(elements?.['xAmzRequestId']);
      if (id) return `s3:${id}`;
      const bucket = text(record(s3?.['bucket'])?.['name']);
      const key = text(record(s3?.['object'])?.['key']);
      // The one free-text part of a correlation id (the logger keeps correlation ids as they are).
      if (key) return `s3:${bucket ? `${bucket}/` : ''}${redactText(key)}`;
    }
    const kinesis = record(first['kinesis']);
    if (source === 'aws:kinesis' || kinesis) {
      const firstSeq = text(kinesis?.['sequenceNumber']);
      const lastSeq = text(record(records.at(-1)?.['kinesis'])?.['sequenceNumber']);
      if (firstSeq) return `kinesis:${firstSeq}${lastSeq && lastSeq !== firstSeq ? `..${lastSeq}` : ''}`;
    }
    const messageId = text(first['messageId']);
    if (source === 'aws:sqs' && messageId) return messageId;
  }
  if (text(e['detail-type']) && text(e['source'])) {
    const id = text(e['id']);
    if (id) return id;
  }
  const execution = text(e['execution']);
  if (execution) return execution;
  if (text(e['RequestType']) && text(e['StackId'])) return text(e['RequestId']);
  return undefined;
}

/**
 * The middleware every handler's chain starts with: Lambda context and cold start on the logger, the
 * invocation's correlation id, and — for an error no later middleware answered — its message, cause and
 * stack redacted in place (the runtime prints it outside our logger) and one `invocation failed` line.
 * Keys appended during the invocation are dropped after it (Powertools' `resetKeys`).
 */
export function invocationLogging<E, R>(
  logger: Logger,
  options: { correlationId?: (event: E) => string | undefined } = {},
): MiddlewareObj<E, R, Error, Context> {
  const correlationOf = options.correlationId ?? correlationIdOf;
  return {
    before: (request) => {
      if (request.context) logger.addContext(request.context);
      logger.setCorrelationId(correlationOf(request.event) ?? request.context?.awsRequestId);
    },
    after: () => {
      logger.resetKeys();
    },
    onError: (request) => {
      // Inner middlewares run first; one that answered (a safe default) has logged the fault itself.
      if (request.response === undefined) {
        redactError(request.error);
        logger.error('invocation failed', { error: request.error });
      }
      logger.resetKeys();
    },
  };
}

/** A handler as every non-Connect function exports it: the context is optional for local callers. */
export type LoggedHandler<E, R> = (event: E, context?: Context) => Promise<R>;

/**
 * Wrap a non-Connect handler in the shared logging chain (`invocationLogging`). The handler stays thin:
 * `export const handler = loggedHandler(logger, async (event: S3Event) => …)`.
 */
export function loggedHandler<E, R>(
  logger: Logger,
  base: (event: E, context: Context) => Promise<R>,
  options: { correlationId?: (event: E) => string | undefined } = {},
): LoggedHandler<E, R> {
  const chain = middy<E, R, Error, Context>().use(invocationLogging<E, R>(logger, options)).handler(base);
  // Lambda always passes a context; the sandbox and tests may call without one (no early timeout then).
  return (event, context) => chain(event, context ?? ({} as Context));
}
