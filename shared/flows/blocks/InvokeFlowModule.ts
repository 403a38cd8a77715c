/**
 * Invoke module (flow-language-actions-invoke-flow-module): runs a flow module and continues at NextAction
 * when the module returns (EndFlowModuleExecution). `${Module:name}` names a module of contact-flows/
 * (wrapper type MODULE); infra deploys it as AWS::Connect::ContactFlowModule and puts its ARN here.
 * A module the simulator cannot resolve (another instance's ARN, a placeholder) is a stand-in that returns.
 *
 * Inputs and outputs (the module's Settings, read by shared/flows/module-settings.ts, which states what AWS
 * documents and what is Santral's reading): values travel as contact attributes of the parameter's name. On
 * entry each declared input is checked — a required one missing, or a value not of its Type, takes the
 * error branch (NoMatchingError: "if no other Error matches") without entering the module; on return the
 * declared outputs are read from the contact's attributes and named in the trace, where the invoking flow
 * reads them ($.Attributes.<output>); an output of the wrong Type is reported as an event.
 */
import { z } from 'zod';
import { parameterValueProblem, readModuleInterface } from '../module-settings.ts';
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
    const { iface } = readModuleInterface(module.content.Settings);
    const attr = (name: string) => rt.contact.attributes[name];
    const inputProblems = iface.inputs.flatMap((p) => parameterValueProblem(p, attr(p.name)) ?? []);
    if (inputProblems.length > 0) {
      rt.event('flow', `module ${module.name} not entered: ${inputProblems.join('; ')}`);
      return { kind: 'error', errorType: NME, detail: inputProblems.join('; ') };
    }
    const inputs = iface.inputs
      .filter((p) => attr(p.name) !== undefined)
      .map((p) => `${p.name}=${attr(p.name)}`);
    rt.event('flow', `module ${module.name}${inputs.length ? ` with ${inputs.join(', ')}` : ''}`);
    const exit = await rt.runModule(module);
    if (typeof exit === 'string') return { kind: 'goto', flow: exit };
    if (exit.kind !== 'module-return' && exit.kind !== 'end') return { kind: 'exit', exit };
    const outputs = iface.outputs.map((p) => `${p.name}=${attr(p.name) ?? '(not set)'}`);
    rt.event('flow', `module ${module.name} returns${outputs.length ? ` ${outputs.join(', ')}` : ''}`);
    for (const p of iface.outputs) {
      const problem = parameterValueProblem(p, attr(p.name));
      if (problem) rt.event('flow', `module ${module.name}: output ${problem}`);
    }
    return { kind: 'success' };
  },
});
