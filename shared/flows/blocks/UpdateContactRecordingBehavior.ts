/**
 * Set recording and analytics behavior (contact-actions-updatecontactrecordingbehavior). `AnalyticsBehavior`
 * carries Contact Lens settings the designer writes (Enabled, AnalyticsLanguage, ChannelConfiguration …);
 * Connect allows the block in inbound, queue, transfer and whisper flows ("Supported flow types" of the
 * block), so whispers are not a finding.
 */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { INTERACTIVE, WHISPERS } from './params.ts';

export const recordingParameters = z
  .object({
    RecordingBehavior: z
      .object({
        RecordedParticipants: z.array(z.enum(['Agent', 'Customer'])),
        ScreenRecordedParticipants: z.array(z.enum(['Agent'])).optional(),
        IVRRecordingBehavior: z.enum(['Enabled', 'Disabled']).optional(),
      })
      .strict()
      .optional(),
    AnalyticsBehavior: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const recordingFlowTypes = [...INTERACTIVE, ...WHISPERS];

export default defineBlock({
  type: 'UpdateContactRecordingBehavior',
  label: 'Set recording and analytics behavior',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontactrecordingbehavior'),
  parameters: recordingParameters,
  flowTypes: recordingFlowTypes,
  branches: { success: 'next', errors: [] },
  run(rt) {
    rt.event('setting', 'recording behaviour updated');
    return { kind: 'success' };
  },
});
