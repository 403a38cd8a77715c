/**
 * Get customer input with a Lex bot (participant-actions-connectparticipantwithlexbot): the intent the
 * caller expresses selects a condition. Lex V1 bots (`LexBot { Name, Region, Alias }`) are still in the
 * reference next to `LexV2Bot { AliasArn }` ("Provide either LexBot or LexV2Bot"). Offline, the intent
 * comes from the world (`lexIntent`, scenarios' `says`); a stand-in with no intent takes NoMatchingError.
 */
import { z } from 'zod';
import { awsPage, defineBlock, NMC, NME } from './block.ts';
import { promptLabel } from './MessageParticipant.ts';
import { INTERACTIVE, numeric, promptShape, short, stringMap, text } from './params.ts';

export default defineBlock({
  type: 'ConnectParticipantWithLexBot',
  label: 'Get customer input (Lex)',
  category: 'participant',
  docs: awsPage('participant-actions-connectparticipantwithlexbot'),
  parameters: z
    .object({
      ...promptShape,
      LexV2Bot: z.object({ AliasArn: text }).strict().optional(),
      LexBot: z.object({ Name: text, Region: text, Alias: text }).strict().optional(),
      LexSessionAttributes: stringMap.optional(),
      LexInitilizationData: z.object({ InitialMessage: z.string() }).strict().optional(),
      LexTimeoutSeconds: z.record(z.string(), numeric).optional(),
    })
    .strict()
    .refine((p) => (p.LexV2Bot ? 1 : 0) + (p.LexBot ? 1 : 0) === 1, 'give either LexV2Bot or LexBot'),
  flowTypes: INTERACTIVE,
  branches: { success: 'conditions', errors: [NMC, 'InputTimeLimitExceeded', NME] },
  standIn: { service: 'Amazon Lex', default: `error:${NME}`, outcomes: ['<intent name>', `error:${NME}`] },
  describe: (p) => {
    const bot =
      (p['LexV2Bot'] as { AliasArn?: string })?.AliasArn ?? (p['LexBot'] as { Name?: string })?.Name;
    return `Lex bot ${short(String(bot ?? ''))} ${promptLabel(p) ?? ''}`.trim();
  },
  run(rt, action, run) {
    const text = rt.promptText(action.Parameters ?? {});
    if (text) rt.say(text, run.role);
    const intent = rt.world.lexIntent?.({ flow: run.flow.name, action: action.Identifier });
    if (intent === undefined) return { kind: 'error', errorType: NME, detail: 'no Lex intent' };
    rt.contact.lex = { intent };
    rt.event('input', `caller says something meaning "${intent}"`);
    return { kind: 'value', value: intent };
  },
});
