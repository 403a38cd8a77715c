/**
 * Distribute by percentage (flow-control-actions-distributebypercentage): a random 1–100 tested by
 * NumberLessThan conditions; the last share is NoMatchingCondition. Deterministic unless the world gives `random`.
 */
import { z } from 'zod';
import { awsPage, defineBlock, NMC } from './block.ts';
import { ALL } from './params.ts';

export default defineBlock({
  type: 'DistributeByPercentage',
  label: 'Distribute by percentage',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-distributebypercentage'),
  parameters: z.object({}).strict(),
  flowTypes: ALL,
  branches: { success: 'conditions', errors: [NMC] },
  run: (rt) => ({ kind: 'value', value: String(rt.random()) }),
});
