import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import type { CustomerProfile } from '#shared/domain/customers.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { contactFlowEvent, lambdaContext } from '../../unit/inbound/fixtures.ts';
import { handlerEnv } from '../../unit/inbound/settings.ts';

type Handler = typeof import('#functions/ivr-lookup/handler.ts')['handler'];

const customer = (over: Partial<CustomerProfile> = {}): CustomerProfile => ({
  customerId: 'cust-1',
  firstName: 'Ayşe',
  lastName: 'Yılmaz',
  tier: 'VIP',
  preferredLanguage: 'tr-TR',
  phoneNumbers: ['+12065550101', '+905321234567'],
  openCaseId: 'case-7',
  ...over,
});

describe('ivr-lookup handler against embedded DynamoDB', () => {
  useEmbeddedAws();
  let handler: Handler;
  const store = () => new DynamoCustomerStore(createDocumentClient());
  const lookup = (address: string | null, contactId?: string) =>
    handler(contactFlowEvent({ address, ...(contactId ? { contactId } : {}) }), lambdaContext());

  beforeAll(async () => {
    Object.assign(process.env, handlerEnv('ivr-lookup'));
    ({ handler } = await import('#functions/ivr-lookup/handler.ts'));
    await store().putCustomer(customer());
  });

  it('finds a customer by any of their numbers, in national or E.164 form', async () => {
    for (const address of ['+12065550101', '+905321234567', '(206) 555-0101']) {
      expect(await lookup(address)).toMatchObject({
        lookupStatus: 'ok',
        customerKnown: 'true',
        customerId: 'cust-1',
        firstName: 'Ayşe',
        tier: 'VIP',
        preferredLanguage: 'tr-TR',
        openCaseId: 'case-7',
        onDncList: 'false',
      });
    }
  });

  it('answers an unknown caller with defaults, all values strings', async () => {
    const out = await lookup('+12065550177');
    expect(out).toMatchObject({
      lookupStatus: 'ok',
      customerKnown: 'false',
      tier: 'standard',
      preferredLanguage: 'en-US',
    });
    for (const v of Object.values(out)) expect(typeof v).toBe('string');
  });

  it('answers a withheld caller id as an unknown caller', async () => {
    expect(await lookup('anonymous')).toMatchObject({ lookupStatus: 'ok', customerKnown: 'false' });
    expect(await lookup(null)).toMatchObject({ lookupStatus: 'ok', customerKnown: 'false' });
  });

  it('flags a repeat caller once an earlier contact was noted, and not for the noted contact itself', async () => {
    // route notes each contact (while Connect's metrics API answers); the lookup itself is one read.
    const first = await lookup('+12065550150', 'contact-a');
    expect(first).toMatchObject({ repeatCaller: 'false', lastContactAt: '' });
    await store().noteContact('+12065550150', { contactId: 'contact-a', at: new Date() });
    expect((await lookup('+12065550150', 'contact-a')).repeatCaller).toBe('false');
    const second = await lookup('+12065550150', 'contact-b');
    expect(second.repeatCaller).toBe('true');
    expect(Date.parse(second.lastContactAt!)).not.toBeNaN();
  });

  it('passes on the last agent of a repeat caller (sticky routing)', async () => {
    await store().noteContact('+12065550101', { contactId: 'contact-1', at: new Date() });
    await store().recordAgentContact('+12065550101', {
      contactId: 'contact-1',
      agent: 'jane',
      at: new Date(),
    });
    expect(await lookup('+12065550101', 'contact-2')).toMatchObject({
      repeatCaller: 'true',
      lastAgent: 'jane',
    });
  });

  it('reads in a single request and writes nothing', async () => {
    const sent: string[] = [];
    const original = DynamoDBDocumentClient.prototype.send;
    DynamoDBDocumentClient.prototype.send = function (this: DynamoDBDocumentClient, ...args: unknown[]) {
      sent.push((args[0] as object).constructor.name);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      await lookup('+12065550101', 'contact-3');
    } finally {
      DynamoDBDocumentClient.prototype.send = original;
    }
    expect(sent).toEqual(['BatchGetItemCommand']);
  });

  it('reports a number on the internal DNC list', async () => {
    await new DynamoInternalDncStore(createDocumentClient()).add({
      e164: '+12065550160',
      source: 'agent',
      addedAt: new Date().toISOString(),
      addedBy: 'agent.jane',
    });
    expect((await lookup('+12065550160')).onDncList).toBe('true');
  });

  it('unlinks a number the customer no longer has', async () => {
    await store().putCustomer(
      customer({ customerId: 'cust-2', phoneNumbers: ['+12065550170', '+12065550171'] }),
    );
    await store().putCustomer(customer({ customerId: 'cust-2', phoneNumbers: ['+12065550171'] }));
    expect((await lookup('+12065550170')).customerKnown).toBe('false');
    expect((await lookup('+12065550171')).customerId).toBe('cust-2');
  });

  it('answers lookupStatus=error for a malformed customer item', async () => {
    await createDocumentClient().send(
      new PutCommand({
        TableName: tableName('customers'),
        Item: { pk: 'PHONE#+12065550180', sk: 'CALLER', customerId: 'cust-x', tier: 42 },
      }),
    );
    expect(await lookup('+12065550180')).toMatchObject({
      lookupStatus: 'error',
      customerKnown: 'false',
      onDncList: 'true',
    });
  });
});
