/**
 * Set voice (contact-actions-updatecontacttexttospeechvoice). The reference lists engines in lower case;
 * the designer writes "Neural"/"Standard"/"Generative" and Connect accepts them — matched case-insensitively.
 */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL, looseEnum, text } from './params.ts';

export default defineBlock({
  type: 'UpdateContactTextToSpeechVoice',
  label: 'Set voice',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontacttexttospeechvoice'),
  parameters: z
    .object({
      TextToSpeechVoice: text,
      TextToSpeechEngine: looseEnum(['standard', 'neural', 'generative', 'long-form']).optional(),
      TextToSpeechStyle: z.string().optional(),
    })
    .strict(),
  flowTypes: ALL,
  branches: { success: 'next' },
  describe: (p) => `Voice ${String(p['TextToSpeechVoice'] ?? '')}`,
  run(rt, action) {
    const voice = rt.value(action.Parameters?.['TextToSpeechVoice']);
    if (voice) {
      rt.contact.voice = voice;
      rt.event('setting', `voice: ${voice}`);
    }
    return { kind: 'success' };
  },
});
