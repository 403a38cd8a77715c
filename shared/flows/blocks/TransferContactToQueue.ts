/**
 * Transfer to queue (contact-actions-transfercontacttoqueue): puts the contact in the working queue. No
 * parameters: UpdateContactTargetQueue sets the queue first. QueueAtCapacity when the queue is full.
 */
import { z } from 'zod';
import { awsPage, defineBlock, NME } from './block.ts';
import { ROUTING } from './params.ts';

export default defineBlock({
  type: 'TransferContactToQueue',
  label: 'Transfer to queue',
  category: 'contact',
  docs: awsPage('contact-actions-transfercontacttoqueue'),
  parameters: z.object({}).strict(),
  flowTypes: [...ROUTING, 'CUSTOMER_QUEUE'],
  branches: { success: 'handoff', errors: ['QueueAtCapacity', NME], houseErrors: ['QueueAtCapacity', NME] },
  run(rt, _action, run) {
    const queue = rt.contact.workingQueue;
    if (!queue) return { kind: 'error', errorType: NME, detail: 'no working queue set' };
    if (rt.queue.state(queue)?.atCapacity) return { kind: 'error', errorType: 'QueueAtCapacity' };
    rt.setOutcome({ type: 'queued', queue, priority: rt.contact.priority });
    rt.event('queue', `queued to ${queue} at priority ${rt.contact.priority}`);
    if (run.role === 'queue') rt.queue.requeued();
    return { kind: 'exit', exit: { kind: 'queued' } };
  },
});
