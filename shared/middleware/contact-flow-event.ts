/**
 * zod schema for the event Connect sends a Lambda from an InvokeLambdaFunction block
 * (reference: connect.md › Lambda contract). Open to unknown fields everywhere: Connect adds fields over
 * time and a new one must never send a caller down the error branch.
 *
 * Written with `zod/mini` (tree-shakable): the classic `zod` build adds ~450 KB to every handler bundle,
 * which shows up directly in cold-start import time (test/bench/suites/ivr.ts › cold_import_ratio).
 */
import * as z from 'zod/mini';

const endpoint = z.nullish(z.looseObject({ Address: z.optional(z.string()), Type: z.optional(z.string()) }));

/**
 * `Name` is "ContactFlowEvent" in AWS's documented examples, but other published events carry another
 * ("ContactFlowExecution" in aws-lambda-go's test event) and nothing of ours depends on it: any string, or
 * none. Ids other than ContactId may be null (a field Connect leaves empty must never send a caller down
 * the error branch); a missing InitialContactId is read as the ContactId.
 */
export const contactFlowEventSchema = z.looseObject({
  Name: z.nullish(z.string()),
  Details: z.looseObject({
    ContactData: z.looseObject({
      ContactId: z.string().check(z.minLength(1), z.maxLength(256)),
      InitialContactId: z.nullish(z.string()),
      CustomerEndpoint: endpoint,
      Attributes: z.nullish(z.record(z.string(), z.string())),
    }),
    Parameters: z.nullish(z.record(z.string(), z.unknown())),
  }),
});

export type ContactFlowEvent = z.infer<typeof contactFlowEventSchema>;

const flowStringValue = z.pipe(
  z.union([z.string().check(z.maxLength(4096)), z.number(), z.boolean()]),
  z.transform((v) => (v === '' ? undefined : String(v))),
);

/**
 * A block parameter: a string from the flow (a hand-built test event may carry a number or a boolean,
 * taken as its string form). Absent or empty → undefined. Already optional; `.optional()` is kept for
 * code written against the earlier classic-zod version of this schema.
 */
export const flowString = Object.assign(z.optional(flowStringValue), {
  optional: () => z.optional(flowStringValue),
});
