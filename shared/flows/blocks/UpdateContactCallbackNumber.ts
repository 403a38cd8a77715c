/** Set callback number (contact-actions-updatecontactcallbacknumber): `$.CustomerCallbackNumber`. */
import { z } from 'zod';
import { toE164 } from '#shared/domain/phone.ts';
import { awsPage, defineBlock, NME } from './block.ts';
import { INTERACTIVE, text } from './params.ts';

export default defineBlock({
  type: 'UpdateContactCallbackNumber',
  label: 'Set callback number',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontactcallbacknumber'),
  parameters: z.object({ CallbackNumber: text }).strict(),
  flowTypes: INTERACTIVE,
  branches: {
    success: 'next',
    errors: ['InvalidCallbackNumber', 'CallbackNumberNotDialable', NME],
    houseErrors: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'],
  },
  run(rt, action) {
    const e164 = toE164(rt.value(action.Parameters?.['CallbackNumber']) ?? '', 'US');
    if (!e164) return { kind: 'error', errorType: 'InvalidCallbackNumber' };
    rt.contact.callbackNumber = e164;
    return { kind: 'success' };
  },
});
