/** Small factories for Connect events and Lambda contexts, shared by the inbound unit and integration tests. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface EventOptions {
  contactId?: string;
  address?: string | null;
  parameters?: Record<string, unknown>;
  attributes?: Record<string, string>;
}

export function contactFlowEvent(options: EventOptions = {}) {
  const contactId = options.contactId ?? randomUUID();
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        ContactId: contactId,
        InitialContactId: contactId,
        PreviousContactId: contactId,
        Channel: 'VOICE',
        InitiationMethod: 'INBOUND',
        InstanceARN: 'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        CustomerEndpoint:
          options.address === null
            ? null
            : { Address: options.address ?? '+12065550100', Type: 'TELEPHONE_NUMBER' },
        SystemEndpoint: { Address: '+12065550000', Type: 'TELEPHONE_NUMBER' },
        Attributes: options.attributes ?? {},
        Queue: null,
        LanguageCode: 'en-US',
        MediaStreams: { Customer: { Audio: null } },
        SomeFieldConnectAddsLater: { nested: true },
      },
      Parameters: options.parameters ?? {},
    },
  };
}

export function lambdaContext(remainingMs = 8_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'santral-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:santral-test',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/santral-test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Capture everything written to stdout and stderr (Powertools Logger and EMF metrics write there) while `fn` runs. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write.bind(s));
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof stream.write;
  }
  try {
    const result = await fn();
    return { result, output: chunks.join('') };
  } finally {
    streams.forEach((s, i) => {
      s.write = originals[i]!;
    });
  }
}
