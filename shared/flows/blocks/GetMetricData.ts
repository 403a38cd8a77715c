/** Get queue metrics (flow-control-actions-getmetricdata): loads `$.Metrics.*` for a queue (default: working queue). */
import { z } from 'zod';
import { localArn } from '../../simulator/local-arns.ts';
import { awsPage, defineBlock, NME } from './block.ts';
import { INTERACTIVE, text } from './params.ts';

export default defineBlock({
  type: 'GetMetricData',
  label: 'Get queue metrics',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-getmetricdata'),
  parameters: z
    .object({
      QueueId: text.optional(),
      AgentId: text.optional(),
      QueueChannel: text.optional(),
      MetricsType: z.string().optional(),
    })
    .strict(),
  flowTypes: INTERACTIVE,
  branches: { success: 'next' },
  run(rt, action) {
    const working = rt.contact.workingQueue;
    const ref =
      rt.value(action.Parameters?.['QueueId']) ?? (working ? localArn('Queue', working) : undefined);
    return rt.queueByRef(ref) ? { kind: 'success' } : { kind: 'error', errorType: NME, detail: 'no queue' };
  },
});
