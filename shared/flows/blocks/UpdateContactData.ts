/**
 * Set contact data (contact-actions-updatecontactdata): language, name, description, and the switches the
 * Voice ID, Q in Connect and Customer Profiles blocks of the designer write here (`IsVoiceIdStreamingEnabled`,
 * `VoiceAuthenticationThreshold`, `WisdomSessionArn`, `CustomerId` …) — all in the reference's parameter
 * object; rejecting them was a Santral false positive.
 */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL, bool, numeric, short } from './params.ts';

const s = z.string().optional();
export default defineBlock({
  type: 'UpdateContactData',
  label: 'Set contact data',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontactdata'),
  parameters: z
    .object({
      LanguageCode: s,
      Name: s,
      Description: s,
      TargetContact: z.enum(['Current', 'Related']).optional(),
      References: z.record(z.string(), z.unknown()).optional(),
      CustomerId: s,
      WisdomSessionArn: s,
      IsVoiceIdStreamingEnabled: bool.optional(),
      IsVoiceAuthenticationEnabled: bool.optional(),
      IsFraudDetectionEnabled: bool.optional(),
      VoiceAuthenticationThreshold: numeric.optional(),
      VoiceAuthenticationResponseTime: numeric.optional(),
      FraudDetectionThreshold: numeric.optional(),
      FraudDetectionWatchlistId: s,
      VoiceIdDomainId: s,
      QueuePriority: numeric.optional(),
      QueueTimeAdjustmentSeconds: numeric.optional(),
    })
    .strict(),
  flowTypes: ALL,
  branches: { success: 'next' },
  describe: (p) =>
    typeof p['LanguageCode'] === 'string' ? `Language ${short(p['LanguageCode'])}` : 'Set contact data',
  run(rt, action) {
    const lang = rt.value(action.Parameters?.['LanguageCode']);
    if (lang) {
      rt.contact.language = lang;
      rt.event('setting', `language: ${lang}`);
    }
    return { kind: 'success' };
  },
});
