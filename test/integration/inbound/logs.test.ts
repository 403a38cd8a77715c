/**
 * No personal data in logs: run the real handlers with logging on (INFO), including faults whose error
 * messages carry the caller's number, capture everything written to stdout/stderr and look for the
 * number in every format it was given.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { inboundSettingsFor } from '#shared/middleware/inbound-settings.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { captureOutput, contactFlowEvent, lambdaContext } from '../../unit/inbound/fixtures.ts';
import { demoConfig, demoQueueArns } from '../../unit/inbound/settings.ts';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<Record<string, string>>;
const NUMBER = '+12065550777';
const DIGITS = '2065550777';

describe('inbound handler logs', () => {
  useEmbeddedAws();
  const handlers: Record<string, Handler> = {};

  beforeAll(async () => {
    const config = demoConfig();
    process.env['SANTRAL_INBOUND'] = JSON.stringify({
      ...inboundSettingsFor(config, 'transfer'),
      ...inboundSettingsFor(config, 'route'),
    });
    process.env['QUEUE_ARNS'] = JSON.stringify(demoQueueArns());
    process.env['POWERTOOLS_LOG_LEVEL'] = 'DEBUG';
    for (const name of ['ivr-lookup', 'opt-out', 'callback', 'transfer']) {
      handlers[name] = (await import(`../../../functions/${name}/handler.ts`)).handler as Handler;
    }
  });

  it('never contain the caller’s full number, on success or on faults that quote it', async () => {
    const { output } = await captureOutput(async () => {
      await handlers['ivr-lookup']!(contactFlowEvent({ address: NUMBER }), lambdaContext());
      await handlers['opt-out']!(contactFlowEvent({ address: `(206) 555-0777` }), lambdaContext());
      await handlers['callback']!(
        contactFlowEvent({ address: NUMBER, parameters: { callbackNumber: DIGITS, queue: 'Support' } }),
        lambdaContext(),
      );
      await handlers['transfer']!(
        contactFlowEvent({ parameters: { target: NUMBER, note: `call back on ${NUMBER}` } }),
        lambdaContext(),
      );
      const mock = mockClient(DynamoDBDocumentClient);
      mock.onAnyCommand().rejects(
        Object.assign(new Error(`conditional request failed for key DNC#${NUMBER} (${DIGITS})`), {
          name: 'InternalServerError',
        }),
      );
      try {
        await handlers['ivr-lookup']!(contactFlowEvent({ address: NUMBER }), lambdaContext());
        await handlers['opt-out']!(contactFlowEvent({ address: NUMBER }), lambdaContext());
      } finally {
        mock.restore();
      }
    });
    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.some((l) => l.includes('"level":"ERROR"'))).toBe(true);
    expect(output).not.toContain(DIGITS);
    expect(output).not.toContain('555-0777');
    expect(output).toContain('+1206***0777');
  });
});
