/**
 * Logger and metrics for the inbound handlers: Powertools Logger with every string value redacted for
 * phone numbers, and Powertools Metrics (CloudWatch EMF on stdout) in the `Santral` namespace.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { redactingReplacer } from './redact.ts';

export const METRICS_NAMESPACE = 'Santral';

export function createHandlerLogger(name: string): Logger {
  return new Logger({ serviceName: `santral-${name}`, jsonReplacerFn: redactingReplacer });
}

export function createHandlerMetrics(name: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName: `santral-${name}` });
}
