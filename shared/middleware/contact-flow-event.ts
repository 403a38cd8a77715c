/**
 * zod schema for the event Connect sends a Lambda from an InvokeLambdaFunction block
 * (reference: connect.md › Lambda contract). Open to unknown fields everywhere: Connect adds fields over
 * time and a new one must never send a caller down the error branch.
 */
import { z } from 'zod';

const endpoint = z.looseObject({ Address: z.string().optional(), Type: z.string().optional() }).nullish();

export const contactFlowEventSchema = z.looseObject({
  Name: z.literal('ContactFlowEvent').optional(),
  Details: z.looseObject({
    ContactData: z.looseObject({
      ContactId: z.string().min(1).max(256),
      InitialContactId: z.string().optional(),
      PreviousContactId: z.string().optional(),
      Channel: z.string().optional(),
      InitiationMethod: z.string().optional(),
      InstanceARN: z.string().optional(),
      CustomerEndpoint: endpoint,
      SystemEndpoint: endpoint,
      Attributes: z.record(z.string(), z.string()).nullish(),
      Queue: z.looseObject({ ARN: z.string().optional(), Name: z.string().optional() }).nullish(),
      LanguageCode: z.string().optional(),
    }),
    Parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

export type ContactFlowEvent = z.infer<typeof contactFlowEventSchema>;

/** Parameters arrive as strings from the flow, but a hand-built test event may carry numbers or booleans. */
export const flowString = z.preprocess(
  (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
  z.string().max(4096),
);
