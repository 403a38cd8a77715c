/** Set working queue (contact-actions-updatecontacttargetqueue): a queue or an agent (their personal queue). */
import { awsPage, defineBlock, NME } from './block.ts';
import { queueOrAgent, ROUTING, short } from './params.ts';

export default defineBlock({
  type: 'UpdateContactTargetQueue',
  label: 'Set working queue',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontacttargetqueue'),
  parameters: queueOrAgent,
  flowTypes: ROUTING,
  branches: { success: 'next' },
  describe: (p) => `Working queue ${short(String(p['QueueId'] ?? p['AgentId'] ?? ''))}`,
  run(rt, action) {
    const ref = rt.value(action.Parameters?.['QueueId'] ?? action.Parameters?.['AgentId']);
    const queue = rt.queueByRef(ref);
    if (!queue) return { kind: 'error', errorType: NME, detail: `unknown queue ${ref}` };
    rt.contact.workingQueue = queue;
    rt.event('setting', `working queue: ${queue}`);
    return { kind: 'success' };
  },
});
