import { describe, expect, it } from 'vitest';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import type { CustomerProfile } from '#shared/domain/customers.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const profile = (over: Partial<CustomerProfile> = {}): CustomerProfile => ({
  customerId: 'c-1',
  firstName: 'Deniz',
  tier: 'standard',
  preferredLanguage: 'en-US',
  phoneNumbers: ['+12065550601'],
  ...over,
});

describe('inbound DynamoDB stores', () => {
  useEmbeddedAws();
  const customers = () => new DynamoCustomerStore(createDocumentClient());
  const callbacks = () => new DynamoCallbackStore(createDocumentClient());

  describe('DynamoCustomerStore', () => {
    it('keeps a number’s contact activity when the customer profile is rewritten', async () => {
      await customers().putCustomer(profile());
      await customers().noteContact('+12065550601', {
        contactId: 'k-1',
        at: new Date('2026-11-20T10:00:00Z'),
      });
      await customers().putCustomer(profile({ tier: 'VIP', openCaseId: 'case-3' }));
      const record = await customers().lookupCaller('+12065550601');
      expect(record.profile).toMatchObject({ tier: 'VIP', openCaseId: 'case-3' });
      expect(record.activity?.lastContactId).toBe('k-1');
    });

    it('clears an open case that the profile no longer has', async () => {
      await customers().putCustomer(
        profile({ customerId: 'c-2', phoneNumbers: ['+12065550602'], openCaseId: 'case-9' }),
      );
      await customers().putCustomer(profile({ customerId: 'c-2', phoneNumbers: ['+12065550602'] }));
      expect((await customers().lookupCaller('+12065550602')).profile?.openCaseId).toBeUndefined();
    });

    it('moves a number to the customer who was written last', async () => {
      await customers().putCustomer(profile({ customerId: 'c-3', phoneNumbers: ['+12065550603'] }));
      await customers().putCustomer(profile({ customerId: 'c-4', phoneNumbers: ['+12065550603'] }));
      expect((await customers().lookupCaller('+12065550603')).profile?.customerId).toBe('c-4');
      // Unlinking on c-3's next write must not take the number away from c-4.
      await customers().putCustomer(profile({ customerId: 'c-3', phoneNumbers: [] }));
      expect((await customers().lookupCaller('+12065550603')).profile?.customerId).toBe('c-4');
    });

    it('keeps the newest agent when contact records arrive out of order', async () => {
      await customers().recordAgentContact('+12065550604', {
        contactId: 'a',
        agent: 'new',
        at: new Date('2026-11-21T10:00:00Z'),
      });
      await customers().recordAgentContact('+12065550604', {
        contactId: 'b',
        agent: 'old',
        at: new Date('2026-11-20T10:00:00Z'),
      });
      expect((await customers().lookupCaller('+12065550604')).activity?.lastAgent).toBe('new');
    });

    it('reads the full profile back and rejects a number that is not E.164', async () => {
      await customers().putCustomer(
        profile({ customerId: 'c-5', phoneNumbers: ['+12065550605'], lastName: 'Kaya' }),
      );
      expect(await customers().getCustomer('c-5')).toMatchObject({
        lastName: 'Kaya',
        phoneNumbers: ['+12065550605'],
      });
      await expect(customers().putCustomer(profile({ phoneNumbers: ['2065550605'] }))).rejects.toThrow(
        /phoneNumbers\[0\]/,
      );
    });
  });

  describe('DynamoCallbackStore', () => {
    const request = (contactId: string, requestedAt: string) => ({
      e164: '+12065550701',
      queueName: 'Support',
      contactId,
      requestedAt,
    });

    it('lets a new request through once the pending one is older than 24 hours', async () => {
      expect(await callbacks().requestCallback(request('x-1', '2026-11-20T10:00:00.000Z'))).toBe('created');
      expect(await callbacks().requestCallback(request('x-2', '2026-11-21T09:00:00.000Z'))).toBe('duplicate');
      expect(await callbacks().requestCallback(request('x-3', '2026-11-21T10:00:01.000Z'))).toBe('created');
    });

    it('lets a new request through once the pending one is completed', async () => {
      const r = { ...request('y-1', '2026-11-22T10:00:00.000Z'), e164: '+12065550702' };
      await callbacks().requestCallback(r);
      expect(await callbacks().requestCallback({ ...r, contactId: 'y-2' })).toBe('duplicate');
      await callbacks().completeCallback('+12065550702', 'Support');
      expect(await callbacks().requestCallback({ ...r, contactId: 'y-3' })).toBe('created');
    });
  });
});
