/**
 * Set whisper / queue / hold / disconnect / event flow (contact-actions-updatecontacteventhooks). One hook per
 * block in the designer; `EventHooksConfiguration` (e.g. `{ AgentWhisper: { DisableExecution: "false" } }`)
 * is what the designer writes next to it and Connect accepts. The designer offers these blocks in inbound,
 * queue, transfer, whisper and hold flows ("Set whisper flow … Supported flow types"), not only routing flows.
 */
import { z } from 'zod';
import type { FlowType } from '../model.ts';
import { awsPage, defineBlock, NME } from './block.ts';
import { HOLDS, INTERACTIVE, short, text, WHISPERS } from './params.ts';

export const EVENT_HOOKS = [
  'CustomerQueue',
  'CustomerHold',
  'CustomerWhisper',
  'AgentHold',
  'AgentWhisper',
  'CustomerRemaining',
  'DefaultAgentUI',
  'DisconnectAgentUI',
  'PauseContact',
  'ResumeContact',
] as const;

/** Which flow type each event hook must point at (a whisper hook given a queue flow fails at publish). */
export const EVENT_HOOK_FLOW_TYPES: Readonly<Record<string, readonly FlowType[]>> = {
  CustomerQueue: ['CUSTOMER_QUEUE'],
  CustomerHold: ['CUSTOMER_HOLD'],
  AgentHold: ['AGENT_HOLD'],
  CustomerWhisper: ['CUSTOMER_WHISPER'],
  AgentWhisper: ['AGENT_WHISPER'],
  CustomerRemaining: ['CONTACT_FLOW'],
};

/** Hooks that name a view or agent UI, not a flow to run. */
const UI_HOOKS = new Set(['DefaultAgentUI', 'DisconnectAgentUI']);

export default defineBlock({
  type: 'UpdateContactEventHooks',
  label: 'Set whisper / queue / hold / disconnect flow',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontacteventhooks'),
  parameters: z
    .object({
      EventHooks: z
        .partialRecord(z.enum(EVENT_HOOKS), text)
        .refine((h) => Object.keys(h).length >= 1, 'set at least one event hook'),
      EventHooksConfiguration: z
        .partialRecord(z.enum(EVENT_HOOKS), z.record(z.string(), z.unknown()))
        .optional(),
    })
    .strict(),
  flowTypes: [...INTERACTIVE, ...WHISPERS, ...HOLDS],
  branches: { success: 'next' },
  describe: (p) =>
    `Set ${Object.entries((p['EventHooks'] as Record<string, string>) ?? {})
      .map(([k, v]) => `${k} ${short(v, 30)}`)
      .join(', ')}`,
  run(rt, action) {
    const hooks = (action.Parameters?.['EventHooks'] ?? {}) as Record<string, unknown>;
    for (const [hook, ref] of Object.entries(hooks)) {
      const v = rt.value(ref);
      if (v === undefined) continue;
      const flow = rt.flowByRef(v);
      if (!flow && !UI_HOOKS.has(hook)) {
        if (!rt.world.standInReferences)
          return { kind: 'error', errorType: NME, detail: `unknown flow for ${hook}` };
        rt.event('setting', `${hook} flow: ${rt.describeRef(v)} (stand-in: not available here, not run)`);
        continue;
      }
      rt.contact.hooks[hook] = v;
      rt.event('setting', `${hook} flow: ${flow?.name ?? v}`);
    }
    return { kind: 'success' };
  },
});
