/**
 * Transfer to queue from a queue flow (contact-actions-dequeuecontactandtransfertoqueue): moves the waiting
 * contact to another queue. Allowed in customer-queue flows only (the reference's restriction).
 */
import { awsPage, defineBlock, NME } from './block.ts';
import { queueOrAgent, short } from './params.ts';

export default defineBlock({
  type: 'DequeueContactAndTransferToQueue',
  label: 'Transfer to queue (from queue)',
  category: 'contact',
  docs: awsPage('contact-actions-dequeuecontactandtransfertoqueue'),
  parameters: queueOrAgent,
  flowTypes: ['CUSTOMER_QUEUE'],
  branches: { success: 'handoff', errors: ['QueueAtCapacity', NME], houseErrors: ['QueueAtCapacity', NME] },
  describe: (p) => `Move to queue ${short(String(p['QueueId'] ?? p['AgentId'] ?? ''))}`,
  run(rt, action) {
    const queue = rt.queueByRef(rt.value(action.Parameters?.['QueueId'] ?? action.Parameters?.['AgentId']));
    if (!queue) return { kind: 'error', errorType: NME, detail: 'unknown queue' };
    if (rt.queue.state(queue)?.atCapacity) return { kind: 'error', errorType: 'QueueAtCapacity' };
    rt.contact.workingQueue = queue;
    rt.setOutcome({ type: 'queued', queue, priority: rt.contact.priority });
    rt.event('queue', `moved to queue ${queue}`);
    rt.queue.requeued();
    return { kind: 'exit', exit: { kind: 'queued' } };
  },
});
