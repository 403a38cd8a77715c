/**
 * Get customer input (participant-actions-getparticipantinput): one DTMF digit that selects a condition, or
 * — with `StoreInput: "True"` — stored digits in `$.StoredCustomerInput`. Stored input continues through
 * NextAction and has no conditions and no InputTimeLimitExceeded branch: the reference lists
 * InputTimeLimitExceeded and NoMatchingCondition only "if StoreInput is False" (fixes a Santral false
 * positive on designer exports).
 */
import { z } from 'zod';
import { toE164 } from '#shared/domain/phone.ts';
import { HANG_UP } from '../../simulator/types.ts';
import { awsPage, CallerHungUpError, defineBlock, NMC, NME } from './block.ts';
import { promptLabel } from './MessageParticipant.ts';
import { atMostOnePrompt, bool, INTERACTIVE, numeric, ONE_PROMPT, promptShape, truthy } from './params.ts';

const DEFAULT_INPUT_SECONDS = 5;

export const storesInput = (p: Record<string, unknown>) => truthy(p['StoreInput']);

export default defineBlock({
  type: 'GetParticipantInput',
  label: 'Get customer input',
  category: 'participant',
  docs: awsPage('participant-actions-getparticipantinput'),
  parameters: z
    .object({
      ...promptShape,
      InputTimeLimitSeconds: numeric.optional(),
      StoreInput: bool.optional(),
      DTMFConfiguration: z
        .object({
          InputTerminationSequence: z.string().optional(),
          DisableCancelKey: bool.optional(),
          InterdigitTimeLimitSeconds: numeric.optional(),
        })
        .strict()
        .optional(),
      InputValidation: z
        .object({
          PhoneNumberValidation: z
            .object({ NumberFormat: z.enum(['Local', 'E164']), CountryCode: z.string().optional() })
            .strict()
            .optional(),
          CustomValidation: z.object({ MaximumLength: numeric }).strict().optional(),
        })
        .strict()
        .optional(),
      InputEncryption: z.object({ EncryptionKeyId: z.string(), Key: z.string() }).strict().optional(),
    })
    .strict()
    .refine(atMostOnePrompt, ONE_PROMPT),
  flowTypes: INTERACTIVE,
  branches: {
    success: 'conditions',
    errors: ['InputTimeLimitExceeded', NMC, 'InvalidPhoneNumber', NME],
    houseErrors: ['InputTimeLimitExceeded', NMC, NME],
  },
  describe: (p) =>
    `${storesInput(p) ? 'Store customer input' : 'Get customer input'} ${promptLabel(p) ?? ''}`.trim(),
  async run(rt, action, run) {
    const p = action.Parameters ?? {};
    const prompt = rt.promptText(p) ?? '';
    if (prompt) rt.say(prompt, run.role);
    const store = truthy(rt.value(p['StoreInput']));
    const validation = (p['InputValidation'] ?? {}) as {
      PhoneNumberValidation?: { NumberFormat?: string; CountryCode?: string };
      CustomValidation?: { MaximumLength?: unknown };
    };
    const timeoutSeconds =
      Number(rt.value(p['InputTimeLimitSeconds']) ?? DEFAULT_INPUT_SECONDS) || DEFAULT_INPUT_SECONDS;
    const maxLength = store ? Number(rt.value(validation.CustomValidation?.MaximumLength) ?? '') || 20 : 1;
    const keys = await rt.world.keypad.read({
      mode: store ? 'digits' : 'digit',
      maxLength,
      timeoutSeconds,
      prompt,
      flow: run.flow.name,
      action: action.Identifier,
    });
    if (keys === HANG_UP) throw new CallerHungUpError();
    if (keys === undefined || keys === '') {
      rt.advance(timeoutSeconds, 'main');
      rt.event('input', `no input within ${timeoutSeconds} s`);
      // Stored input has no timeout branch of its own: the catch-all NoMatchingError takes it.
      return { kind: 'error', errorType: 'InputTimeLimitExceeded' };
    }
    rt.advance(1, 'main');
    rt.event('input', `caller presses ${keys}`);
    if (!store) return { kind: 'value', value: keys };
    let stored = keys;
    if (validation.PhoneNumberValidation) {
      const format = validation.PhoneNumberValidation.NumberFormat ?? 'Local';
      const country = (validation.PhoneNumberValidation.CountryCode ?? 'US') as Parameters<typeof toE164>[1];
      const e164 = format === 'E164' ? toE164(`+${keys}`) : toE164(keys, country);
      if (!e164) return { kind: 'error', errorType: 'InvalidPhoneNumber' };
      stored = e164;
    }
    rt.contact.storedInput = stored;
    return { kind: 'success' };
  },
});
