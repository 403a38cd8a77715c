/**
 * survey: stores CSAT (1–5) and NPS (0–10) on the interaction; out-of-range input is
 * `surveyStatus=invalid` and nothing is stored; safe under Connect's retries (contracts.md › survey).
 */
import * as z from 'zod/mini';
import { DynamoInteractionStore } from '#shared/adapters/dynamo/interaction-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { parseSurveyAnswers } from '#shared/domain/survey.ts';
import { connectHandler } from '#shared/middleware/connect-handler.ts';
import { flowString } from '#shared/middleware/contact-flow-event.ts';

const interactions = new DynamoInteractionStore(createDocumentClient());

export const handler = connectHandler({
  name: 'survey',
  parameters: z.looseObject({ csat: flowString, nps: flowString }),
  budgetMs: 2000,
  statusKey: 'surveyStatus',
  safeDefault: { surveyStatus: 'error' },
  invalidInput: { surveyStatus: 'invalid', reason: 'bad-event' },
  run: async ({ contactId, parameters, signal, now }) => {
    const parsed = parseSurveyAnswers(parameters);
    if (parsed.status === 'invalid') return { surveyStatus: 'invalid', reason: parsed.reason };
    await interactions.saveSurvey(contactId, parsed.answers, now, signal);
    return { surveyStatus: 'ok' };
  },
});
