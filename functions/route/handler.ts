/**
 * route: intent, language, tier, repeat caller → target queue (ARN for the flow's dynamic Set working
 * queue), priority, callback offer and a reason code (contracts.md › route). Live queue metrics refine the
 * decision; when Connect cannot give them, the rules route alone (`routeStatus=fallback`). While Connect's
 * metrics API answers, the contact is noted on the caller's activity (repeat-caller detection), so the
 * lookup the caller waited on earlier stayed a single read.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ConnectClient } from '@aws-sdk/client-connect';
import type { CountryCode } from 'libphonenumber-js';
import * as z from 'zod/mini';
import { ConnectQueueMetrics } from '#shared/adapters/connect/queue-metrics.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import type { CallerDirectory } from '#shared/domain/customers.ts';
import { toE164 } from '#shared/domain/phone.ts';
import { type QueueMetrics, routeRequestFrom, routeWithLiveMetrics } from '#shared/domain/routing.ts';
import { connectHandler } from '#shared/middleware/connect-handler.ts';
import { flowString as text } from '#shared/middleware/contact-flow-event.ts';
import { defaultQueueTarget, readRoutingSettings } from '#shared/middleware/inbound-settings.ts';

export interface RouteDependencies {
  callers: Required<Pick<CallerDirectory, 'noteContact'>>;
  queueMetrics: QueueMetrics;
}

/** The handler over any caller directory and metrics source (the benchmark injects in-memory ones). */
export const createRouteHandler = ({ callers, queueMetrics }: RouteDependencies) =>
  connectHandler({
    name: 'route',
    parameters: z.looseObject({
      intent: text,
      language: text,
      tier: text,
      repeatCaller: text,
      lastAgent: text,
    }),
    budgetMs: 2000,
    statusKey: 'routeStatus',
    safeDefault: {
      routeStatus: 'error',
      ...defaultQueueTarget(),
      priority: 5,
      offerCallback: false,
      reason: 'error',
      expectedWaitSeconds: -1,
      queueHoursText: '',
    },
    run: async ({ parameters, contactId, customerAddress, signal, now, logger, metrics }) => {
      const settings = readRoutingSettings();
      const e164 = customerAddress
        ? toE164(customerAddress, settings.defaultCountry as CountryCode)
        : undefined;
      // Noting the contact never blocks routing: a failure costs one repeat-caller flag, not the caller's route.
      const noted = e164
        ? callers.noteContact(e164, { contactId, at: now }, signal).catch((error: unknown) => {
            logger.warn('could not note the contact on the caller activity', { error });
            metrics.addMetric('NoteContactFailed', MetricUnit.Count, 1);
          })
        : undefined;
      const request = routeRequestFrom(parameters);
      const { decision, metricsError } = await routeWithLiveMetrics(
        request,
        settings,
        now,
        queueMetrics,
        signal,
      );
      if (metricsError !== undefined) {
        logger.warn('queue metrics unavailable; routing by rules alone', { error: metricsError });
        metrics.addMetric('MetricsFallback', MetricUnit.Count, 1);
      }
      await noted;
      return { ...decision };
    },
  });

export const handler = createRouteHandler({
  callers: new DynamoCustomerStore(createDocumentClient()),
  queueMetrics: new ConnectQueueMetrics(new ConnectClient({ maxAttempts: 1 }), { timeoutMs: 800 }),
});
