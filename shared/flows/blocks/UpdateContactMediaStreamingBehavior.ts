/** Start/stop media streaming (contact-actions-updatecontactmediastreamingbehavior) to Kinesis Video. Stand-in: done. */
import { z } from 'zod';
import { awsPage } from './block.ts';
import { ALL } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'UpdateContactMediaStreamingBehavior',
  label: 'Start / stop media streaming',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontactmediastreamingbehavior'),
  service: 'Kinesis Video Streams (live media streaming)',
  parameters: z
    .object({
      MediaStreamingState: z.enum(['Enabled', 'Disabled']),
      MediaStreamType: z.enum(['Audio', 'Video']).optional(),
      Participants: z
        .array(
          z
            .object({
              ParticipantType: z.enum(['Customer', 'Agent']),
              MediaDirections: z.array(z.enum(['To', 'From'])),
            })
            .strict(),
        )
        .optional(),
    })
    .strict(),
  flowTypes: ALL,
  describe: (p) => `Media streaming ${String(p['MediaStreamingState'] ?? '')}`,
});
