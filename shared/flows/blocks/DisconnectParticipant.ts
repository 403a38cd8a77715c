/** Disconnect / hang up (participant-actions-disconnectparticipant): ends the call; Transitions {}. */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL } from './params.ts';

export default defineBlock({
  type: 'DisconnectParticipant',
  label: 'Disconnect / hang up',
  category: 'participant',
  docs: awsPage('participant-actions-disconnectparticipant'),
  parameters: z.object({}).strict(),
  // The designer offers Disconnect in every flow type; in whispers and holds it ends the call too.
  flowTypes: ALL,
  branches: { success: 'terminal', errors: [] },
  run(rt) {
    rt.event('disconnect', 'flow disconnects the call');
    return { kind: 'exit', exit: { kind: 'disconnect' } };
  },
});
