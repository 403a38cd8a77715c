/**
 * callback: validates the number the caller keyed in (dialable, allowed country and type — the
 * toll-fraud guard — and not on the internal DNC list), keeps at most one pending callback per number
 * and queue, and records the request (contracts.md › callback).
 */
import * as z from 'zod/mini';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { checkCallbackNumber } from '#shared/domain/callback.ts';
import { connectHandler } from '#shared/middleware/connect-handler.ts';
import { flowString } from '#shared/middleware/contact-flow-event.ts';
import { readInboundSettings } from '#shared/middleware/inbound-settings.ts';

const db = createDocumentClient();
const callbacks = new DynamoCallbackStore(db);
const dnc = new DynamoInternalDncStore(db);

export const handler = connectHandler({
  name: 'callback',
  parameters: z.looseObject({ callbackNumber: flowString, queue: flowString }),
  budgetMs: 2000,
  statusKey: 'callbackStatus',
  safeDefault: { callbackStatus: 'error', callbackNumber: '' },
  invalidInput: { callbackStatus: 'invalid', callbackNumber: '', reason: 'bad-event' },
  run: async ({ contactId, parameters, signal, now }) => {
    const settings = readInboundSettings();
    if (!settings.transferGuard) throw new Error('callback: SANTRAL_INBOUND has no transferGuard');
    const queueName = parameters.queue ?? '';
    if (!settings.queueNames.includes(queueName)) {
      return { callbackStatus: 'invalid', callbackNumber: '', reason: 'unknown-queue' };
    }
    const check = checkCallbackNumber(
      parameters.callbackNumber,
      settings.transferGuard,
      settings.defaultCountry,
    );
    if (check.status !== 'ok')
      return { callbackStatus: check.status, callbackNumber: '', reason: check.reason };
    // Fails closed: a DNC store fault is an exception → callbackStatus=error, never a callback past DNC.
    if (await dnc.get(check.e164))
      return { callbackStatus: 'blocked', callbackNumber: '', reason: 'internal-dnc' };
    const outcome = await callbacks.requestCallback(
      { e164: check.e164, queueName, contactId, requestedAt: now.toISOString() },
      signal,
    );
    return {
      callbackStatus: outcome === 'created' ? 'ok' : 'duplicate',
      callbackNumber: check.e164,
      reason: outcome === 'created' ? 'queued' : 'already-pending',
    };
  },
});
