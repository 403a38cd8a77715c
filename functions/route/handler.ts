/**
 * route: intent, language, tier, repeat caller → target queue (ARN for the flow's dynamic
 * Set working queue), priority, callback offer and a reason code (contracts.md › route). Live queue
 * metrics refine the decision; when Connect cannot give them, the rules route alone (`routeStatus=fallback`).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ConnectClient } from '@aws-sdk/client-connect';
import { z } from 'zod';
import { ConnectQueueMetrics } from '#shared/adapters/connect/queue-metrics.ts';
import { decideRoute, type QueueMetricsSnapshot } from '#shared/domain/routing.ts';
import { withinBudget } from '#shared/middleware/budget.ts';
import { connectHandler } from '#shared/middleware/connect-handler.ts';
import { flowString } from '#shared/middleware/contact-flow-event.ts';
import {
  readInboundSettings,
  readQueueArns,
  tryReadInboundSettings,
} from '#shared/middleware/inbound-settings.ts';

const METRICS_BUDGET_MS = 800;
const queueMetrics = new ConnectQueueMetrics(new ConnectClient({ maxAttempts: 1 }));
const fallbackQueue = tryReadInboundSettings()?.routing?.defaultQueue ?? 'General';

export const handler = connectHandler({
  name: 'route',
  parameters: z.looseObject({
    intent: flowString.optional(),
    language: flowString.optional(),
    tier: flowString.optional(),
    repeatCaller: flowString.optional(),
    lastAgent: flowString.optional(),
  }),
  budgetMs: 2000,
  statusKey: 'routeStatus',
  safeDefault: {
    routeStatus: 'error',
    queueName: fallbackQueue,
    queueArn: (() => {
      try {
        return readQueueArns()[fallbackQueue] ?? '';
      } catch {
        return '';
      }
    })(),
    priority: 5,
    offerCallback: false,
    reason: 'error',
    expectedWaitSeconds: -1,
  },
  run: async ({ parameters: p, signal, now, logger, metrics }) => {
    const settings = readInboundSettings();
    if (!settings.routing) throw new Error('route: SANTRAL_INBOUND has no routing rules');
    const routing = { ...settings, rules: settings.routing, queueArns: readQueueArns() };
    const request = {
      intent: p.intent ?? '',
      language: p.language ?? '',
      tier: p.tier ?? 'standard',
      repeatCaller: p.repeatCaller === 'true',
      lastAgent: p.lastAgent ?? '',
    };
    const rulesOnly = decideRoute(request, routing, now, undefined);
    let live: QueueMetricsSnapshot | undefined;
    if (rulesOnly.queueArn) {
      const arn = rulesOnly.queueArn;
      // Metrics get part of the budget: a slow Connect API means routing by rules, not the error branch.
      live = await withinBudget(METRICS_BUDGET_MS, (s) =>
        queueMetrics.current(arn, AbortSignal.any([signal, s])),
      ).catch((error: unknown) => {
        logger.warn('queue metrics unavailable; routing by rules alone', { error });
        metrics.addMetric('MetricsFallback', MetricUnit.Count, 1);
        return undefined;
      });
    }
    return { ...decideRoute(request, routing, now, live) };
  },
});
