/**
 * The one logging chain every handler uses (shared/middleware/logging.ts, redact.ts): redaction of numbers
 * and names at any depth, the correlation id each event shape carries, cold start, level from the
 * environment, a failure logged once and rethrown redacted — and a guard that no handler builds its own Logger.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { correlationIdOf, createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';
import { maskName, redactingReplacer, redactText } from '#shared/middleware/redact.ts';
import { captureOutput, contactFlowEvent, lambdaContext } from '../inbound/fixtures.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const CORPUS = resolve(REPO, '../shared/corpus/aws-samples');
const corpus = (f: string) => JSON.parse(readFileSync(resolve(CORPUS, f), 'utf8'));
const SEQ_1 = '49590338271490256608559692538361571095921575989136588898';
const SEQ_2 = '49590338271490256608559692540925702759324208523137515618';

/** The JSON log lines Powertools wrote (EMF metric documents have no `level`). */
const logLines = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => 'level' in l);

describe('redaction', () => {
  it('masks a person name under a name field, as a string or a DynamoDB attribute value', () => {
    expect(redactingReplacer('firstName', 'Ayşe')).toBe('A***');
    expect(redactingReplacer('LastName', 'Yılmaz')).toBe('Y***');
    expect(redactingReplacer('customer_name', 'Cem Kaya')).toBe('C***');
    expect(redactingReplacer('customerName', { S: 'Cem Kaya' })).toEqual({ S: 'C***' });
    // `name` alone is a queue, a campaign, an error class.
    expect(redactingReplacer('name', 'Support')).toBe('Support');
  });

  it('masks numbers and quoted name fields inside free text (error messages)', () => {
    const out = redactText('put failed for {"firstName":"Ayşe","phone":"+12065550100"} and lastName=Yılmaz');
    expect(out).toBe('put failed for {"firstName":"A***","phone":"+1206***0100"} and lastName=Y***');
  });

  it('masks a number glued to an underscore in a file name, keeps timestamps, ids and sequence numbers', () => {
    expect(redactText('CallRecordings/+12065550100_20261102T14:00_UTC.wav')).toBe(
      'CallRecordings/+1206***0100_20261102T14:00_UTC.wav',
    );
    expect(redactText(SEQ_1)).toBe(SEQ_1);
    expect(redactText('6c3d1f2e-8b1a-4c5d-9e0f-123456789012 2026-11-03T10:00:00Z')).toBe(
      '6c3d1f2e-8b1a-4c5d-9e0f-123456789012 2026-11-03T10:00:00Z',
    );
  });

  it('keeps the correlation id as it was built', () => {
    expect(redactingReplacer('correlation_id', `kinesis:${SEQ_1}..${SEQ_2}`)).toBe(
      `kinesis:${SEQ_1}..${SEQ_2}`,
    );
  });

  it('a name reduces to its initial, an empty one stays empty', () => {
    expect(maskName('  Ümit ')).toBe('Ü***');
    expect(maskName('')).toBe('');
  });
});

describe('correlationIdOf', () => {
  it('S3: the request id of AWS’s published notification (and of the Java sample’s spelling)', () => {
    expect(correlationIdOf(corpus('s3-event.object-created-put.json'))).toBe('s3:C3D13FE58DE4C810');
    expect(correlationIdOf(corpus('s3-event.lambda-devguide-sample.json'))).toBe('s3:AF2D7AB6002E898D');
  });

  it('S3 without a request id: bucket and key, the key redacted', () => {
    const event = corpus('s3-event.object-created-put.json');
    delete event.Records[0].responseElements;
    event.Records[0].s3.object.key = 'campaigns/h1/2065550100.csv';
    expect(correlationIdOf(event)).toBe('s3:mybucket/campaigns/h1/+2065***0100.csv');
  });

  it('Kinesis: the batch’s first and last sequence numbers', () => {
    const rec = (seq: string) => ({ eventSource: 'aws:kinesis', kinesis: { sequenceNumber: seq, data: '' } });
    expect(correlationIdOf({ Records: [rec(SEQ_1), rec(SEQ_2)] })).toBe(`kinesis:${SEQ_1}..${SEQ_2}`);
    expect(correlationIdOf({ Records: [rec(SEQ_1)] })).toBe(`kinesis:${SEQ_1}`);
  });

  it('Connect: the ContactId; API Gateway: the request id', () => {
    const connect = corpus('lambda-event.connect-admin-guide.json');
    expect(correlationIdOf(connect)).toBe(connect.Details.ContactData.ContactId);
    expect(correlationIdOf({ requestContext: { requestId: 'JKJaXmPLvHcESHA=' } })).toBe('JKJaXmPLvHcESHA=');
  });

  it('EventBridge schedule: the event id; Step Functions: the execution; CloudFormation: the RequestId', () => {
    // The "Scheduled Event" example of the EventBridge user guide.
    const scheduled = {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2015-10-08T16:53:06Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule'],
      detail: {},
    };
    expect(correlationIdOf(scheduled)).toBe('53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa');
    const execution = 'arn:aws:states:us-east-1:111122223333:execution:RegistryImport:run-1';
    expect(correlationIdOf({ action: 'commit', source: 'federal', staged: [], execution })).toBe(execution);
    expect(
      correlationIdOf({
        RequestType: 'Create',
        RequestId: 'unique id for this create request',
        StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/s/1',
      }),
    ).toBe('unique id for this create request');
  });

  it('anything else has none (the Lambda request id is used)', () => {
    expect(correlationIdOf({ phoneNumber: '+12065550100', requestedBy: 'dpo' })).toBeUndefined();
    expect(correlationIdOf(null)).toBeUndefined();
  });
});

describe('loggedHandler', () => {
  it('carries the correlation id and the cold start flag (true once per container)', async () => {
    // Lambda sets it in an on-demand environment; Powertools reports cold starts only there.
    process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] = 'on-demand';
    const logger = createHandlerLogger('unit-cold');
    const handler = loggedHandler(logger, async (_e: unknown) => {
      logger.info('work done');
      return 'ok';
    });
    const ctx = lambdaContext();
    const first = await captureOutput(() =>
      handler({ id: 'e-1', 'detail-type': 'Scheduled Event', source: 'aws.events' }, ctx),
    );
    const second = await captureOutput(() => handler({}, ctx));
    const [a] = logLines(first.output);
    const [b] = logLines(second.output);
    expect(a).toMatchObject({
      message: 'work done',
      correlation_id: 'e-1',
      cold_start: true,
      service: 'santral-unit-cold',
    });
    expect(b).toMatchObject({ message: 'work done', correlation_id: ctx.awsRequestId, cold_start: false });
  });

  it('takes the log level from the environment', async () => {
    const saved = process.env['POWERTOOLS_LOG_LEVEL'];
    try {
      process.env['POWERTOOLS_LOG_LEVEL'] = 'DEBUG';
      const debug = createHandlerLogger('unit-debug');
      process.env['POWERTOOLS_LOG_LEVEL'] = 'WARN';
      const warn = createHandlerLogger('unit-warn');
      const { output } = await captureOutput(async () => {
        for (const l of [debug, warn]) {
          l.debug('detail');
          l.info('progress');
          l.warn('odd');
        }
      });
      const lines = logLines(output).map((l) => `${l['service']}:${l['message']}`);
      expect(lines).toEqual([
        'santral-unit-debug:detail',
        'santral-unit-debug:progress',
        'santral-unit-debug:odd',
        'santral-unit-warn:odd',
      ]);
    } finally {
      if (saved === undefined) delete process.env['POWERTOOLS_LOG_LEVEL'];
      else process.env['POWERTOOLS_LOG_LEVEL'] = saved;
    }
  });

  it('a failure is logged once, redacted down its cause chain, and rethrown redacted', async () => {
    const logger = createHandlerLogger('unit-fail');
    const handler = loggedHandler(logger, async (_e: unknown) => {
      throw new Error('import of (206) 555-0100 failed', {
        cause: Object.assign(new Error('item {"firstName":"Ayşe","pk":"+12065550101"} rejected'), {
          Item: { lastName: { S: 'Yılmaz' }, phone: { S: '+12065550102' } },
        }),
      });
    });
    const ctx = lambdaContext();
    let thrown: unknown;
    const { output } = await captureOutput(() =>
      handler({ phoneNumber: '+12065550100' }, ctx).catch((e) => (thrown = e)),
    );
    expect((thrown as Error).message).toBe('import of (+2065***0100 failed');
    expect(((thrown as Error).cause as Error).message).toBe(
      'item {"firstName":"A***","pk":"+1206***0101"} rejected',
    );
    expect((thrown as Error).stack).not.toContain('555-0100');
    const lines = logLines(output);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      message: 'invocation failed',
      correlation_id: ctx.awsRequestId,
    });
    for (const secret of ['555-0100', '2065550101', '2065550102', 'Ayşe', 'Yılmaz'])
      expect(output).not.toContain(secret);
    expect(output).toContain('+1206***0102');
  });

  it('a Connect handler’s chain uses the same middleware (correlation = ContactId)', async () => {
    const { connectHandler } = await import('#shared/middleware/connect-handler.ts');
    process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] = 'on-demand';
    const logger = createHandlerLogger('unit-connect');
    const handler = connectHandler({
      name: 'unit-connect',
      parameters: (await import('zod/mini')).object({}),
      budgetMs: 1000,
      safeDefault: { status: 'error' },
      statusKey: 'status',
      logger,
      run: async () => ({ status: 'ok' }),
    });
    const event = contactFlowEvent();
    const { output } = await captureOutput(() => handler(event, lambdaContext()));
    expect(logLines(output)[0]).toMatchObject({
      message: 'answered',
      correlation_id: event.Details.ContactData.ContactId,
      cold_start: true,
    });
  });
});

describe('every handler logs through the shared chain', () => {
  const handlers = readdirSync(resolve(REPO, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it('finds the handlers', () => {
    expect(handlers).toEqual(
      expect.arrayContaining(['campaign-dialer', 'ctr-processor', 'dnc-import', 'route']),
    );
  });

  for (const fn of handlers) {
    it(`functions/${fn}/handler.ts builds no Logger of its own and uses a shared handler factory`, () => {
      const source = readFileSync(resolve(REPO, 'functions', fn, 'handler.ts'), 'utf8');
      // A type-only import is fine; a value import of the Logger class or `new Logger(` is not.
      expect(source).not.toMatch(
        /^import\s+\{[^}]*\bLogger\b[^}]*\}\s+from\s+'@aws-lambda-powertools\/logger'/m,
      );
      expect(source).not.toMatch(/\bnew\s+Logger\s*\(/);
      expect(source).not.toMatch(/console\.(log|info|warn|error|debug)\s*\(/);
      expect(source).toMatch(/\b(loggedHandler|connectHandler|httpApiHandler)\s*\(/);
    });
  }
});
