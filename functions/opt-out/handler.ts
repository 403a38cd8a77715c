/**
 * opt-out: puts the caller on the internal DNC list immediately (source `ivr`, time, ContactId);
 * idempotent, and nothing later can undo it (contracts.md › opt-out; FCC revocation rule).
 */
import * as z from 'zod/mini';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { optOutRequest } from '#shared/domain/opt-out.ts';
import { connectHandler } from '#shared/middleware/connect-handler.ts';

const dnc = new DynamoInternalDncStore(createDocumentClient());

export const handler = connectHandler({
  name: 'opt-out',
  parameters: z.looseObject({}),
  budgetMs: 2000,
  statusKey: 'optOutStatus',
  safeDefault: { optOutStatus: 'error' },
  run: async ({ contactId, customerAddress, now }) => {
    const request = optOutRequest(customerAddress, contactId, now);
    // No number to list (withheld caller id): the flow tells the caller to ask an agent or use the web form.
    if (request.status === 'invalid') return { optOutStatus: 'error', reason: request.reason };
    const result = await dnc.add(request.entry);
    return { optOutStatus: 'ok', reason: result.outcome };
  },
});
