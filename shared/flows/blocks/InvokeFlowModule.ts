/**
 * Invoke module (flow-language-actions-invoke-flow-module): runs a flow module and continues at NextAction
 * when the module returns (EndFlowModuleExecution). `${Module:name}` names a module of contact-flows/
 * (wrapper type MODULE); infra deploys it as AWS::Connect::ContactFlowModule and puts its ARN here.
 * A module the simulator cannot resolve (another instance's ARN, a placeholder) is a stand-in that returns.
 */
import { z } from 'zod';
import { awsPage, defineBlock, NME } from './block.ts';
import { short, text } from './params.ts';

export default defineBlock({
  type: 'InvokeFlowModule',
  label: 'Invoke module',
  category: 'contact',
  docs: awsPage('flow-language-actions-invoke-flow-module'),
  parameters: z.object({ FlowModuleId: text }).strict(),
  // "This action is supported by all channels and only supports Inbound flow types."
  flowTypes: ['CONTACT_FLOW'],
  branches: { success: 'next' },
  standIn: {
    service: 'a flow module not in this simulation',
    default: 'Success',
    outcomes: ['Success', `error:${NME}`],
  },
  describe: (p) => `Invoke module ${short(String(p['FlowModuleId'] ?? ''))}`,
  async run(rt, action) {
    const ref = rt.value(action.Parameters?.['FlowModuleId']);
    const module = rt.flowByRef(ref);
    if (!module) {
      if (!rt.world.standInReferences) return { kind: 'error', errorType: NME, detail: 'unknown module' };
      const outcome = rt.standInOutcome('InvokeFlowModule', 'Success');
      rt.event('flow', `module ${rt.describeRef(ref ?? '')} (stand-in: not available here) → ${outcome}`);
      return outcome === 'Success'
        ? { kind: 'success' }
        : { kind: 'error', errorType: outcome.replace(/^error:/, '') };
    }
    rt.event('flow', `module ${module.name}`);
    const exit = await rt.runModule(module);
    if (typeof exit === 'string') return { kind: 'goto', flow: exit };
    if (exit.kind !== 'module-return' && exit.kind !== 'end') return { kind: 'exit', exit };
    rt.event('flow', `module ${module.name} returns`);
    return { kind: 'success' };
  },
});
