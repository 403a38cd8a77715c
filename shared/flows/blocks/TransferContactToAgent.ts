/**
 * Transfer to agent (contact-actions-transfercontacttoagent, beta in the reference): routes to the agent set
 * as working queue by UpdateContactTargetQueue { AgentId }. Simulated as queuing to the working queue.
 */
import { z } from 'zod';
import { awsPage, defineBlock, NME } from './block.ts';

export default defineBlock({
  type: 'TransferContactToAgent',
  label: 'Transfer to agent',
  category: 'contact',
  docs: awsPage('contact-actions-transfercontacttoagent'),
  parameters: z.object({}).strict(),
  flowTypes: ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER', 'MODULE'],
  branches: { success: 'handoff', errors: ['AgentNotAvailable', NME], houseErrors: [NME] },
  run(rt) {
    const queue = rt.contact.workingQueue;
    if (!queue) return { kind: 'error', errorType: NME, detail: 'no agent set' };
    rt.setOutcome({ type: 'queued', queue, priority: rt.contact.priority });
    rt.event('queue', `transferred to agent queue ${queue}`);
    return { kind: 'exit', exit: { kind: 'queued' } };
  },
});
