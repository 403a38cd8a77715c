/**
 * Transfer to flow (flow-control-actions-transfertoflow): the contact leaves this flow for another one
 * ("a valid flow type (Inbound, Transfer to Agent, or Transfer to Queue)"). A target the simulator cannot
 * resolve (another account's ARN, a placeholder) ends the simulated call as transferred to that flow.
 */
import { z } from 'zod';
import type { FlowType } from '../model.ts';
import { awsPage, defineBlock, NME } from './block.ts';
import { ROUTING, short, text } from './params.ts';

/** TransferToFlow targets: "a valid flow type (Inbound, Transfer to Agent, or Transfer to Queue)". */
export const TRANSFER_TO_FLOW_TYPES: readonly FlowType[] = [
  'CONTACT_FLOW',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
];

export default defineBlock({
  type: 'TransferToFlow',
  label: 'Transfer to flow',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-transfertoflow'),
  parameters: z.object({ ContactFlowId: text }).strict(),
  flowTypes: ROUTING,
  branches: { success: 'handoff' },
  standIn: {
    service: 'a flow not in this simulation',
    default: 'Success',
    outcomes: ['Success', `error:${NME}`],
  },
  describe: (p) => `Transfer to flow ${short(String(p['ContactFlowId'] ?? ''))}`,
  run(rt, action) {
    const ref = rt.value(action.Parameters?.['ContactFlowId']);
    const target = rt.flowByRef(ref);
    if (target) return { kind: 'goto', flow: target.name };
    if (!rt.world.standInReferences) return { kind: 'error', errorType: NME, detail: 'unknown flow' };
    const outcome = rt.standInOutcome('TransferToFlow', 'Success');
    if (outcome !== 'Success') return { kind: 'error', errorType: outcome.replace(/^error:/, '') };
    const name = rt.describeRef(ref ?? '');
    rt.setOutcome({ type: 'transferred', flow: name });
    rt.event('flow', `transfer to flow ${name} (stand-in: not available here; the simulated call ends)`);
    return { kind: 'exit', exit: { kind: 'transferred' } };
  },
});
