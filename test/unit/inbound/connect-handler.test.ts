import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { connectHandler } from '#shared/middleware/connect-handler.ts';
import { flowString } from '#shared/middleware/contact-flow-event.ts';
import { redactingReplacer } from '#shared/middleware/redact.ts';
import { captureOutput, contactFlowEvent, lambdaContext } from './fixtures.ts';

const params = z.looseObject({ value: flowString });

function handlerWith(run: Parameters<typeof connectHandler<typeof params>>[0]['run'], budgetMs = 200) {
  return connectHandler({
    name: 'test',
    parameters: params,
    budgetMs,
    statusKey: 'status',
    safeDefault: { status: 'error' },
    invalidInput: { status: 'invalid' },
    run,
  });
}

describe('connectHandler', () => {
  it('passes the parsed contact to run and flattens its result', async () => {
    const handler = handlerWith(async (inv) => ({
      status: 'ok',
      contact: inv.contactId,
      value: inv.parameters.value,
      count: 3,
      nested: { flag: true },
    }));
    const out = await handler(
      contactFlowEvent({ contactId: 'c-1', parameters: { value: 'x' } }),
      lambdaContext(),
    );
    expect(out).toEqual({ status: 'ok', contact: 'c-1', value: 'x', count: '3', nested_flag: 'true' });
  });

  it('answers the safe default when run throws', async () => {
    const handler = handlerWith(async () => {
      throw new Error('DynamoDB down');
    });
    expect(await handler(contactFlowEvent(), lambdaContext())).toEqual({ status: 'error' });
  });

  it('answers the safe default within budget when a dependency hangs, and aborts it', async () => {
    let aborted = false;
    const handler = handlerWith(
      (inv) =>
        new Promise((resolve) => {
          inv.signal.addEventListener('abort', () => {
            aborted = true;
          });
          setTimeout(() => resolve({ status: 'ok' }), 5_000).unref();
        }),
      50,
    );
    expect(await handler(contactFlowEvent(), lambdaContext())).toEqual({ status: 'error' });
    expect(aborted).toBe(true);
  });

  it('shortens the budget to Lambda’s own remaining time', async () => {
    const handler = handlerWith(() => new Promise(() => undefined), 60_000);
    expect(await handler(contactFlowEvent(), lambdaContext(300))).toEqual({ status: 'error' });
  });

  it('answers invalidInput for an event that is not a ContactFlowEvent', async () => {
    const handler = handlerWith(async () => ({ status: 'ok' }));
    expect(await handler({ hello: 'world' }, lambdaContext())).toEqual({ status: 'invalid' });
  });

  it('accepts unknown fields anywhere in the event', async () => {
    const handler = handlerWith(async () => ({ status: 'ok' }));
    const event = { ...contactFlowEvent(), Extra: 1 };
    expect(await handler(event, lambdaContext())).toEqual({ status: 'ok' });
  });

  it('answers the safe default when the result cannot be flattened', async () => {
    const handler = handlerWith(async () => ({ status: 'ok', 'bad key!': 'x' }));
    expect(await handler(contactFlowEvent(), lambdaContext())).toEqual({ status: 'error' });
  });

  it('emits a SafeDefault metric (EMF) on a fault', async () => {
    const handler = handlerWith(async () => {
      throw new Error('boom');
    });
    const { output } = await captureOutput(() => handler(contactFlowEvent(), lambdaContext()));
    const emf = output
      .split('\n')
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(emf.some((m) => m['SafeDefault'] === 1 && m['Fault'] === 1)).toBe(true);
  });

  it('logs with the ContactId as correlation id and never a full phone number', async () => {
    const number = '+12065550123';
    const handler = handlerWith(async (inv) => {
      inv.logger.info(`caller ${inv.customerAddress} pressed 1`, {
        caller: inv.customerAddress,
        raw: '(206) 555-0123',
      });
      throw new Error(`lookup failed for ${number}`);
    });
    const { output } = await captureOutput(() =>
      handler(contactFlowEvent({ contactId: 'contact-42', address: number }), lambdaContext()),
    );
    const lines = output.split('\n').filter((l) => l.includes('"level"'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(output).not.toContain('2065550123');
    expect(output).not.toContain('555-0123');
    expect(output).toContain('+1206***0123');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first['correlation_id']).toBe('contact-42');
  });

  it('keeps UUIDs, ARNs and ISO timestamps readable while redacting', () => {
    const s = JSON.stringify(
      {
        id: '0f8fad5b-d9cb-469f-a165-70867728950e',
        at: '2026-11-23T10:00:00.000Z',
        day: '2026-11-23',
        n: '+905321234567',
      },
      redactingReplacer,
    );
    expect(s).toContain('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(s).toContain('2026-11-23T10:00:00.000Z');
    expect(s).toContain('"2026-11-23"');
    expect(s).not.toContain('5321234567');
  });

  it('redacts a number after a colon (tel: URIs) but keeps account ids in ARNs', () => {
    const arn = 'arn:aws:lambda:us-east-1:111122223333:function:santral-route';
    const s = JSON.stringify({ uri: 'tel:+12065550123', arn }, redactingReplacer);
    expect(s).not.toContain('2065550123');
    expect(s).toContain(arn);
  });
});
