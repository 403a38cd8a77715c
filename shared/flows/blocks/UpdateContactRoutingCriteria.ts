/**
 * Set routing criteria (flow-control-actions-updateroutingcriteria; exports write the type
 * `UpdateContactRoutingCriteria`): proficiency / preferred-agent steps. Offline routing ignores them.
 */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { INTERACTIVE } from './params.ts';

export default defineBlock({
  type: 'UpdateContactRoutingCriteria',
  label: 'Set routing criteria',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-updateroutingcriteria'),
  parameters: z.object({ RoutingCriteria: z.record(z.string(), z.unknown()) }).strict(),
  flowTypes: INTERACTIVE,
  branches: { success: 'next' },
  run(rt) {
    rt.event('setting', 'routing criteria set (offline routing ignores proficiencies)');
    return { kind: 'success' };
  },
});
