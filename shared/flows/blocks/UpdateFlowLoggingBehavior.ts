/** Set logging behavior (flow-control-actions-updateflowloggingbehavior): CloudWatch flow logs on/off. */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL } from './params.ts';

export default defineBlock({
  type: 'UpdateFlowLoggingBehavior',
  label: 'Set logging behavior',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-updateflowloggingbehavior'),
  parameters: z.object({ FlowLoggingBehavior: z.enum(['Enabled', 'Disabled']) }).strict(),
  flowTypes: ALL,
  branches: { success: 'next', errors: [] },
  describe: (p) => `Logging ${String(p['FlowLoggingBehavior'] ?? '')}`,
  run: () => ({ kind: 'success' }),
});
