/** Play prompt: says Text, SSML, a prompt or an S3 audio file (participant-actions-messageparticipant). */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL, ONE_PROMPT, onePrompt, promptShape, short } from './params.ts';

export const promptLabel = (p: Record<string, unknown>): string | undefined => {
  if (typeof p['Text'] === 'string') return `“${short(p['Text'])}”`;
  if (typeof p['SSML'] === 'string')
    return `“${short(
      p['SSML']
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )}”`;
  if (typeof p['PromptId'] === 'string') return `prompt ${short(p['PromptId'])}`;
  const media = p['Media'] as { Uri?: unknown } | undefined;
  if (typeof media?.Uri === 'string') return `audio ${short(media.Uri)}`;
  return undefined;
};

export default defineBlock({
  type: 'MessageParticipant',
  label: 'Play prompt',
  category: 'participant',
  docs: awsPage('participant-actions-messageparticipant'),
  parameters: z.object(promptShape).strict().refine(onePrompt, ONE_PROMPT),
  flowTypes: ALL,
  branches: { success: 'next' },
  describe: (p) => `Play prompt ${promptLabel(p) ?? ''}`.trim(),
  run(rt, action, run) {
    const text = rt.promptText(action.Parameters ?? {});
    if (text === undefined) return { kind: 'error', errorType: 'NoMatchingError', detail: 'no prompt' };
    rt.say(text, run.role);
    return { kind: 'success' };
  },
});
