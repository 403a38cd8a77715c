/** Check contact attributes (flow-control-actions-compare): compares one value against the conditions in order. */
import { z } from 'zod';
import { awsPage, defineBlock, NMC } from './block.ts';
import { ALL, anyText, short } from './params.ts';

export default defineBlock({
  type: 'Compare',
  label: 'Check contact attributes',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-compare'),
  parameters: z.object({ ComparisonValue: anyText }).strict(),
  flowTypes: ALL,
  branches: { success: 'conditions', errors: [NMC] },
  describe: (p) => `Check ${short(String(p['ComparisonValue'] ?? ''))}`,
  run: (rt, action) => ({ kind: 'value', value: rt.value(action.Parameters?.['ComparisonValue']) ?? '' }),
});
