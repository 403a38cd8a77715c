/**
 * Transfer to phone number (participant-actions-transferparticipanttothirdparty). The reference names the
 * ring time `ThirdPartyConnectionTimeoutSeconds`; console exports write `ThirdPartyConnectionTimeLimitSeconds`
 * — both are accepted. With `ContinueFlowExecution` the flow goes on after the third party hangs up.
 */
import { z } from 'zod';
import { toE164 } from '#shared/domain/phone.ts';
import { awsPage, defineBlock, NME } from './block.ts';
import { bool, numeric, ROUTING, short, truthy } from './params.ts';

export default defineBlock({
  type: 'TransferParticipantToThirdParty',
  label: 'Transfer to phone number',
  category: 'participant',
  docs: awsPage('participant-actions-transferparticipanttothirdparty'),
  parameters: z
    .object({
      ThirdPartyPhoneNumber: z.string().optional(),
      ThirdPartyConnectionTimeLimitSeconds: numeric.optional(),
      ThirdPartyConnectionTimeoutSeconds: numeric.optional(),
      ContinueFlowExecution: bool.optional(),
      ThirdPartyDTMFDigits: z.string().optional(),
      CallerId: z.object({ Number: z.string().optional(), Name: z.string().optional() }).strict().optional(),
      VoiceConnector: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
  flowTypes: ROUTING,
  branches: {
    success: 'handoff',
    errors: ['CallFailed', 'ConnectionTimeLimitExceeded', NME],
    houseErrors: ['CallFailed', 'ConnectionTimeLimitExceeded', NME],
  },
  describe: (p) => `Transfer to ${short(String(p['ThirdPartyPhoneNumber'] ?? 'voice connector'))}`,
  run(rt, action) {
    const p = action.Parameters ?? {};
    const raw = rt.value(p['ThirdPartyPhoneNumber']) ?? '';
    const number = toE164(raw);
    const status = number ? (rt.world.thirdParty?.(number).status ?? 'connected') : 'CallFailed';
    if (status !== 'connected' || !number) {
      rt.event('transfer', `transfer to ${raw || '(no number)'} failed: ${status}`);
      return { kind: 'error', errorType: status };
    }
    rt.setOutcome({ type: 'transferred', number });
    rt.event('transfer', `transferred to ${number}`);
    if (truthy(rt.value(p['ContinueFlowExecution']))) return { kind: 'success' };
    return { kind: 'exit', exit: { kind: 'transferred' } };
  },
});
