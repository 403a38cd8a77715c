/** Transfer to callback queue (interactions-createcallbackcontact): a callback to the callback number. */
import { z } from 'zod';
import { awsPage, defineBlock, NME } from './block.ts';
import { INTERACTIVE, numeric, text } from './params.ts';

export default defineBlock({
  type: 'CreateCallbackContact',
  label: 'Transfer to callback queue',
  category: 'interaction',
  docs: awsPage('interactions-createcallbackcontact'),
  parameters: z
    .object({
      QueueId: text.optional(),
      AgentId: text.optional(),
      InitialCallDelaySeconds: numeric,
      MaximumConnectionAttempts: numeric,
      RetryDelaySeconds: numeric,
      ContactFlowId: text.optional(),
    })
    .strict(),
  flowTypes: INTERACTIVE,
  branches: { success: 'next' },
  run(rt, action) {
    const queue = rt.queueByRef(rt.value(action.Parameters?.['QueueId'])) ?? rt.contact.workingQueue;
    const number = rt.contact.callbackNumber ?? rt.from;
    if (!queue) return { kind: 'error', errorType: NME, detail: 'no queue for the callback' };
    rt.setOutcome({ type: 'callback', queue, number });
    rt.event('callback', `callback to ${number} created in ${queue}`);
    return { kind: 'success' };
  },
});
