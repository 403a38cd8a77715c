/**
 * Every file of ../shared/corpus/aws-samples (payloads exactly as AWS published them, see its SOURCES.md)
 * through the path it belongs to: Lambda events through every flow handler, the agent event through the
 * Kinesis consumers (see test/integration/agents), S3 events through the recording indexer, survey flows
 * through the flow catalog. A file nobody routes fails the first test, so a new sample cannot be forgotten.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConnectClient, GetCurrentMetricDataCommand } from '@aws-sdk/client-connect';
import type { Context, S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_FUNCTIONS } from '#shared/middleware/inbound-settings.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { captureOutput, lambdaContext } from '../../unit/inbound/fixtures.ts';
import { handlerEnv } from '../../unit/inbound/settings.ts';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/aws-samples');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
const read = (f: string) => JSON.parse(readFileSync(resolve(CORPUS, f), 'utf8'));
const lambdaEvents = files.filter((f) => f.startsWith('lambda-event.'));
const s3Events = files.filter((f) => f.startsWith('s3-event.'));

// Connect has no emulator: the routing Lambda's live queue metrics are mocked.
const connect = mockClient(ConnectClient);

type FlowHandler = (event: unknown, context: Context) => Promise<Record<string, string>>;

describe('AWS-published payloads through their paths', () => {
  useEmbeddedAws();
  const handlers = new Map<string, FlowHandler>();
  const saved = { ...process.env };
  beforeAll(async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [] });
    for (const fn of INBOUND_FUNCTIONS) {
      // Each handler reads its settings at module load; ERROR level so an invalid-input answer is visible.
      Object.assign(process.env, handlerEnv(fn), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
      const mod = (await import(`../../../functions/${fn}/handler.ts`)) as { handler: FlowHandler };
      handlers.set(fn, mod.handler);
    }
  });
  afterAll(() => {
    process.env = saved;
    connect.restore();
  });

  it('routes every corpus file somewhere', () => {
    const routed = files.filter(
      (f) =>
        lambdaEvents.includes(f) ||
        s3Events.includes(f) ||
        f.startsWith('agent-event.') ||
        f.startsWith('survey.'),
    );
    expect(routed).toEqual(files);
    expect(lambdaEvents.length).toBeGreaterThanOrEqual(5);
    expect(INBOUND_FUNCTIONS.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of lambdaEvents) {
    it(`${file}: every flow handler accepts the event (no invalid-input answer)`, async () => {
      for (const fn of INBOUND_FUNCTIONS) {
        const { result, output } = await captureOutput(() => handlers.get(fn)!(read(file), lambdaContext()));
        const invalid = output
          .split('\n')
          .filter(
            (l) => l.includes('"kind":"InvalidInput"') && l.includes('invalid ContactFlowEvent: event.'),
          );
        expect({ fn, invalid }).toEqual({ fn, invalid: [] });
        // The handlers' invalid-input answers carry reason bad-event (a domain "invalid", e.g. a survey
        // without answers, is a different reason).
        expect({ fn, reason: result['reason'] }).not.toEqual({ fn, reason: 'bad-event' });
      }
    });
  }

  it('a null InitialContactId and a Name AWS has not used yet still reach the domain', async () => {
    const event = read('lambda-event.powertools-min.json');
    event.Name = 'SomethingNew';
    event.Details.ContactData.InitialContactId = null;
    for (const fn of INBOUND_FUNCTIONS) {
      const { output } = await captureOutput(() => handlers.get(fn)!(event, lambdaContext()));
      expect({ fn, invalid: output.includes('invalid ContactFlowEvent: event.') }).toEqual({
        fn,
        invalid: false,
      });
    }
  });

  for (const file of s3Events) {
    it(`${file}: the recording indexer takes the S3 event without failing`, async () => {
      const { handler } = await import('#functions/recording-indexer/handler.ts');
      const event = read(file) as S3Event;
      const out = await handler(event);
      expect(out).toHaveLength(event.Records.length);
      // Not a Connect recording key (AWS's generic samples): recorded as such, not an error.
      for (const r of out) expect(r.outcome).toEqual(expect.any(String));
    });
  }
});
