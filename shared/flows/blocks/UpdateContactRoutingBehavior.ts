/** Change routing priority / age (contact-actions-updatecontactroutingbehavior). */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { INTERACTIVE, numeric } from './params.ts';

export default defineBlock({
  type: 'UpdateContactRoutingBehavior',
  label: 'Change routing priority / age',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontactroutingbehavior'),
  parameters: z
    .object({
      QueuePriority: numeric.optional(),
      QueueTimeAdjustmentSeconds: numeric.optional(),
      RoutingCriteria: z.unknown().optional(),
    })
    .strict(),
  flowTypes: INTERACTIVE,
  branches: { success: 'next', errors: [] },
  describe: (p) =>
    p['QueuePriority'] !== undefined ? `Priority ${String(p['QueuePriority'])}` : 'Routing age',
  run(rt, action) {
    const priority = Number(rt.value(action.Parameters?.['QueuePriority']));
    if (Number.isInteger(priority) && priority >= 1) {
      rt.contact.priority = priority;
      rt.event('setting', `queue priority: ${priority}`);
    }
    return { kind: 'success' };
  },
});
