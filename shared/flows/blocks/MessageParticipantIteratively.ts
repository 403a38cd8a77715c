/**
 * Loop prompts (participant-actions-messageparticipantiteratively): plays its messages in a loop while the
 * contact waits. Without `InterruptFrequencySeconds` it has no result at all — it loops until the contact
 * leaves the queue — so it needs no condition (a Santral false positive until issue 10; the reference:
 * "MessagesInterrupted … only if InterruptFrequencySeconds is set").
 */
import { z } from 'zod';
import { awsPage, CallerHungUpError, defineBlock } from './block.ts';
import { ALL, bool, numeric, ONE_PROMPT, onePrompt, promptShape } from './params.ts';

export default defineBlock({
  type: 'MessageParticipantIteratively',
  label: 'Loop prompts',
  category: 'participant',
  docs: awsPage('participant-actions-messageparticipantiteratively'),
  parameters: z
    .object({
      Messages: z
        .array(
          z
            .object({ ...promptShape, PromptId: z.string().optional() })
            .strict()
            .refine(
              (m) => onePrompt(m) || (m.PromptId === '' && onePrompt({ ...m, PromptId: 'x' })),
              ONE_PROMPT,
            ),
        )
        .min(1),
      InterruptFrequencySeconds: numeric.optional(),
      ContinueMessagingDuringInterrupt: bool.optional(),
    })
    .strict(),
  // Voice: queue and hold flows; the designer also offers it in inbound flows (chat wait messages).
  flowTypes: ALL,
  branches: { success: 'conditions', conditionOperands: ['MessagesInterrupted'] },
  describe: (p) => `Loop prompts (${Array.isArray(p['Messages']) ? p['Messages'].length : 0} messages)`,
  run(rt, action, run) {
    const p = action.Parameters ?? {};
    const messages = (p['Messages'] ?? []) as Record<string, unknown>[];
    const interrupt = Number(rt.value(p['InterruptFrequencySeconds']) ?? '0');
    for (const m of messages) {
      const text = rt.promptText(m);
      if (text) rt.say(text, run.role);
    }
    const q = rt.queue;
    if (run.role === 'queue') {
      if (q.holdLeft <= 0 && q.willBeAnswered()) return { kind: 'exit', exit: { kind: 'answered' } };
      if (interrupt > 0) {
        // An agent who becomes free before the next interruption answers then.
        if (q.willBeAnswered() && q.holdLeft <= interrupt)
          return { kind: 'exit', exit: { kind: 'answered' } };
        rt.advance(interrupt, run.role);
        if (q.holdLeft <= 0) throw new CallerHungUpError();
        return { kind: 'value', value: 'MessagesInterrupted' };
      }
      // Without interrupts the messages loop until an agent answers.
      if (q.willBeAnswered()) return { kind: 'exit', exit: { kind: 'answered' } };
      throw new CallerHungUpError();
    }
    if (interrupt > 0) return { kind: 'value', value: 'MessagesInterrupted' };
    // Outside a queue (hold flows, inbound chat waits) the loop plays until the contact leaves: the flow ends.
    return action.Transitions?.NextAction ? { kind: 'success' } : { kind: 'exit', exit: { kind: 'end' } };
  },
});
