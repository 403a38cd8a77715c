/**
 * transfer: records a transfer's context on the interaction (from agent, reason, note, tags, warm or
 * cold) and returns what the receiving agent's whisper reads (contracts.md › transfer). External numbers
 * pass the toll-fraud guard first; a blocked number is `transferStatus=blocked` with the guard's reason.
 */
import * as z from 'zod/mini';
import { DynamoInteractionStore } from '#shared/adapters/dynamo/interaction-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { planTransfer } from '#shared/domain/transfer.ts';
import { connectHandler } from '#shared/middleware/connect-handler.ts';
import { flowString as text } from '#shared/middleware/contact-flow-event.ts';
import { readInboundSettings, readQueueArns } from '#shared/middleware/inbound-settings.ts';

const interactions = new DynamoInteractionStore(createDocumentClient());

export const handler = connectHandler({
  name: 'transfer',
  parameters: z.looseObject({
    reason: text,
    note: text,
    tags: text,
    mode: text,
    fromAgent: text,
    target: text,
  }),
  budgetMs: 2000,
  statusKey: 'transferStatus',
  // The caller still reaches the target; the receiving agent just gets no context.
  safeDefault: { transferStatus: 'error', whisperText: 'Transferred call.' },
  invalidInput: { transferStatus: 'invalid', reason: 'bad-event', whisperText: 'Transferred call.' },
  run: async ({ contactId, parameters, signal, now }) => {
    const settings = readInboundSettings();
    if (!settings.transferGuard) throw new Error('transfer: SANTRAL_INBOUND has no transferGuard');
    const plan = planTransfer(
      contactId,
      parameters,
      { guard: settings.transferGuard, queueArns: readQueueArns(), queueNames: settings.queueNames },
      now,
    );
    if (plan.status !== 'ok')
      return { transferStatus: plan.status, reason: plan.reason, whisperText: 'Transferred call.' };
    const record = await interactions.recordTransfer(plan.record, signal);
    const target = record.target;
    return {
      transferStatus: 'ok',
      transferId: record.transferId,
      transferMode: record.mode,
      whisperText: plan.whisperText,
      targetType: target.kind,
      targetQueueName:
        target.kind === 'queue' ? target.queueName : target.kind === 'agent' ? target.agentQueue : '',
      targetQueueArn:
        target.kind === 'queue' ? target.queueArn : target.kind === 'agent' ? (target.queueArn ?? '') : '',
      targetNumber: target.kind === 'external' ? target.e164 : '',
      reason: record.guardReason ?? target.kind,
    };
  },
});
