/** Set contact attributes, flow scope (flow-control-actions-updateflowattributes): `$.FlowAttributes.<key>`. */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL } from './params.ts';

export default defineBlock({
  type: 'UpdateFlowAttributes',
  label: 'Set flow attributes',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-updateflowattributes'),
  parameters: z
    .object({
      FlowAttributes: z.record(
        z.string(),
        z
          .object({ Value: z.string(), EncryptionKeyId: z.string().optional(), Key: z.string().optional() })
          .strict(),
      ),
    })
    .strict(),
  flowTypes: ALL,
  branches: { success: 'next' },
  describe: (p) => `Set flow ${Object.keys((p['FlowAttributes'] as object) ?? {}).join(', ')}`,
  run(rt, action) {
    const attrs = (action.Parameters?.['FlowAttributes'] ?? {}) as Record<string, { Value?: unknown }>;
    for (const [k, v] of Object.entries(attrs)) {
      const value = rt.value(v?.Value);
      if (value === undefined) delete rt.contact.flowAttributes[k];
      else rt.contact.flowAttributes[k] = value;
    }
    return { kind: 'success' };
  },
});
