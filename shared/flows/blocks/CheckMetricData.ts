/** Check queue status / staffing (flow-control-actions-checkmetricdata): compares one queue metric. */
import { z } from 'zod';
import { awsPage, defineBlock, NMC, NME } from './block.ts';
import { INTERACTIVE, text } from './params.ts';

const METRIC_KEYS: Record<string, string> = {
  NumberOfAgentsAvailable: 'Agents.Available.Count',
  NumberOfAgentsStaffed: 'Agents.Staffed.Count',
  NumberOfAgentsOnline: 'Agents.Online.Count',
  NumberOfContactsInQueue: 'Queue.Size',
  OldestContactInQueueAgeSeconds: 'Queue.OldestContactAge',
  EstimatedWaitTime: 'Queue.EstimatedWaitTime',
};

export default defineBlock({
  type: 'CheckMetricData',
  label: 'Check queue status / staffing',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-checkmetricdata'),
  parameters: z.object({ MetricType: text, QueueId: text.optional(), AgentId: text.optional() }).strict(),
  flowTypes: INTERACTIVE,
  branches: { success: 'conditions', errors: [NMC, NME] },
  describe: (p) => `Check ${String(p['MetricType'] ?? '')}`,
  run(rt, action) {
    const p = action.Parameters ?? {};
    const ref = rt.value(p['QueueId']);
    const queue = ref ? rt.queueByRef(ref) : rt.contact.workingQueue;
    if (!queue) return { kind: 'error', errorType: NME, detail: 'no queue' };
    const saved = rt.contact.workingQueue;
    rt.contact.workingQueue = queue;
    const type = rt.value(p['MetricType']) ?? '';
    const key = METRIC_KEYS[type];
    const value = key ? rt.metric(key) : undefined;
    rt.contact.workingQueue = saved;
    if (value === undefined) return { kind: 'error', errorType: NME, detail: `metric ${type}` };
    return { kind: 'value', value };
  },
});
