/**
 * ivr-lookup: who is calling? Caller number → E.164 → customer profile, repeat-caller status, last
 * agent and internal-DNC status, in one read (contracts.md › ivr-lookup; route notes the contact). Any fault →
 * `lookupStatus=error` and the flow continues as for an unknown caller.
 */
import type { CountryCode } from 'libphonenumber-js';
import * as z from 'zod/mini';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { type CallerDirectory, describeCaller } from '#shared/domain/customers.ts';
import { isE164, toE164 } from '#shared/domain/phone.ts';
import { connectHandler } from '#shared/middleware/connect-handler.ts';
import { readInboundSettings, tryReadInboundSettings } from '#shared/middleware/inbound-settings.ts';

/** The handler over any caller directory (the benchmark injects an in-memory one). */
export const createIvrLookupHandler = (directory: Pick<CallerDirectory, 'lookupCaller'>) =>
  connectHandler({
    name: 'ivr-lookup',
    parameters: z.looseObject({}),
    budgetMs: 2000,
    statusKey: 'lookupStatus',
    safeDefault: {
      lookupStatus: 'error',
      customerKnown: false,
      tier: 'standard',
      preferredLanguage: tryReadInboundSettings()?.defaultLanguage ?? 'en-US',
      repeatCaller: false,
      // Fails closed: when the list cannot be read, treat the caller as not to be contacted.
      onDncList: true,
    },
    run: async ({ contactId, customerAddress, signal, now }) => {
      const settings = readInboundSettings();
      // Connect sends E.164 already; anything else (national format, "anonymous") goes through libphonenumber.
      const e164 = !customerAddress
        ? undefined
        : isE164(customerAddress)
          ? customerAddress
          : toE164(customerAddress, settings.defaultCountry as CountryCode);
      const record = e164 ? await directory.lookupCaller(e164, undefined, signal) : undefined;
      return { ...describeCaller(record, { contactId, now }, settings) };
    },
  });

export const handler = createIvrLookupHandler(new DynamoCustomerStore(createDocumentClient()));
