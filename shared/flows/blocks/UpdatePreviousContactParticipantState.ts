/**
 * Hold customer or agent (contact-actions-updatepreviouscontactparticipantstate): "supported only in inbound
 * contact flows and transfer flows".
 */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';

export default defineBlock({
  type: 'UpdatePreviousContactParticipantState',
  label: 'Hold customer or agent',
  category: 'contact',
  docs: awsPage('contact-actions-updatepreviouscontactparticipantstate'),
  parameters: z
    .object({ PreviousContactParticipantState: z.enum(['AgentOnHold', 'CustomerOnHold', 'OffHold']) })
    .strict(),
  flowTypes: ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER', 'MODULE'],
  branches: { success: 'next' },
  describe: (p) => `Previous participant: ${String(p['PreviousContactParticipantState'] ?? '')}`,
  run(rt, action) {
    rt.event(
      'setting',
      `previous participant state: ${String(action.Parameters?.['PreviousContactParticipantState'])}`,
    );
    return { kind: 'success' };
  },
});
