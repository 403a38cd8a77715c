/**
 * What the deployed supervisor-api reads from its environment and how it explains a failed live view:
 * the settings slice (shared/operator/supervisor-settings.ts) and its validation, the table names
 * (tablesFromEnvironment), the queue ids from QUEUE_ARNS (no ListQueues), and the live view's errors
 * (shared/operator/upstream-errors.ts).
 */
import {
  AccessDeniedException,
  ConnectClient,
  GetCurrentMetricDataCommand,
  InternalServiceException,
  InvalidParameterException,
  ListQueuesCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  ConnectLiveQueueMetrics,
  LiveQueueMetricsError,
  queueIdsFromArns,
} from '#shared/adapters/connect/live-queue-metrics.ts';
import { ApiError } from '#shared/agent-api/types.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { ErasureFunctionError } from '#shared/operator/erasure.ts';
import { tablesFromEnvironment } from '#shared/operator/resources.ts';
import {
  readSupervisorSettings,
  SUPERVISOR_API_ENV,
  supervisorSettingsFor,
} from '#shared/operator/supervisor-settings.ts';
import { upstreamUnavailable } from '#shared/operator/upstream-errors.ts';

const ARN = 'arn:aws:connect:us-east-1:111122223333:instance/inst-1';

describe('supervisor settings', () => {
  const config = loadStageConfig('dev');

  it('is the slice the routes use: main zone, queue names, routing profiles → queues, kpi, cost', () => {
    const s = supervisorSettingsFor(config);
    expect(s.timeZone).toBe(config.hours[0]!.timeZone);
    expect(s.queues).toEqual(config.queues.map((q) => q.name));
    expect(s.routingProfiles).toEqual(
      config.routingProfiles.map((rp) => ({ name: rp.name, queues: rp.queues.map((q) => q.queue) })),
    );
    expect(s.kpi).toEqual(config.kpi);
    expect(s.cost).toEqual(config.cost);
    expect(readSupervisorSettings({ [SUPERVISOR_API_ENV]: JSON.stringify(s) })).toEqual(s);
  });

  it('names the variable when it is missing, not JSON, or has a bad field', () => {
    expect(() => readSupervisorSettings({})).toThrow('SANTRAL_SUPERVISOR_API is not set');
    expect(() => readSupervisorSettings({ [SUPERVISOR_API_ENV]: '{oops' })).toThrow(
      'SANTRAL_SUPERVISOR_API is not JSON',
    );
    const bad = { ...supervisorSettingsFor(config), kpi: { serviceLevelSeconds: 0, fcrDays: 7 } };
    expect(() => readSupervisorSettings({ [SUPERVISOR_API_ENV]: JSON.stringify(bad) })).toThrow(
      /^SANTRAL_SUPERVISOR_API: kpi\.serviceLevelSeconds: /,
    );
  });

  it('table names from the environment; a missing one names its variable and table', () => {
    expect(tablesFromEnvironment(['dnc', 'agents'], { DNC_TABLE: 'd', AGENTS_TABLE: 'a' })).toEqual({
      dnc: 'd',
      agents: 'a',
    });
    expect(() => tablesFromEnvironment(['dnc', 'agents'], { DNC_TABLE: 'd' })).toThrow(
      'AGENTS_TABLE (the agents table) not set',
    );
  });
});

describe('live queue ids known at synth', () => {
  it('QUEUE_ARNS → ids; a value that is not a queue ARN is named', () => {
    expect(queueIdsFromArns({ Support: `${ARN}/queue/q-1` })).toEqual(new Map([['Support', 'q-1']]));
    expect(() => queueIdsFromArns({ Support: 'q-1' })).toThrow(
      'queue Support: "q-1" is not a Connect queue ARN',
    );
  });

  it('with known ids the adapter asks GetCurrentMetricData by id and never ListQueues', async () => {
    const client = new ConnectClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [] });
    const adapter = new ConnectLiveQueueMetrics(client, 'inst-1', new Map([['Support', 'q-1']]));
    await adapter.current(['Support']);
    expect(mock.commandCalls(ListQueuesCommand)).toHaveLength(0);
    expect(mock.commandCalls(GetCurrentMetricDataCommand)[0]!.args[0].input.Filters?.Queues).toEqual(['q-1']);
    await expect(adapter.current(['Support', 'Billing'])).rejects.toThrow(
      'queue(s) Billing not found in Connect instance inst-1',
    );
  });
});

describe('upstreamUnavailable', () => {
  const meta = { $metadata: {}, message: 'raw SDK text with arn:aws:connect:…' };
  const cases: [string, unknown, number, RegExp][] = [
    ['throttled', new ThrottlingException(meta), 503, /: throttled \(Connect allows/],
    ['access denied', new AccessDeniedException(meta), 502, /: access denied \(the supervisor-api role/],
    ['not found', new ResourceNotFoundException(meta), 502, /: the instance or a queue was not found/],
    [
      'refused',
      new InvalidParameterException(meta),
      502,
      /: the request was refused \(InvalidParameterException\)/,
    ],
    ['service fault', new InternalServiceException(meta), 503, /internal error \(InternalServiceException\)/],
    [
      'no answer',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      503,
      /: no answer in time/,
    ],
  ];
  for (const [what, error, status, message] of cases) {
    it(`Connect ${what} → ${status} upstream_unavailable, without the SDK's message`, () => {
      const e = upstreamUnavailable(error, 'connect');
      expect(e).toBeInstanceOf(ApiError);
      expect(e).toMatchObject({ status, code: 'upstream_unavailable' });
      expect(e!.message).toMatch(
        /^Amazon Connect's current metrics \(GetCurrentMetricData\) could not be read: /,
      );
      expect(e!.message).toMatch(message);
      expect(e!.message).not.toContain('raw SDK text');
    });
  }

  it('a queue the instance lacks (the adapter’s own error) is passed on with its name', () => {
    const e = upstreamUnavailable(
      new LiveQueueMetricsError('queue(s) Billing not found in Connect instance i'),
      'connect',
    );
    expect(e).toMatchObject({
      status: 502,
      message: expect.stringMatching(/could not be read: queue\(s\) Billing/),
    });
  });

  it('the agents table’s errors say which read failed; a programming error is not an upstream failure', () => {
    const e = upstreamUnavailable(
      Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException', $metadata: {} }),
      'agents',
    );
    expect(e).toMatchObject({
      status: 503,
      message: expect.stringMatching(
        /^the agents' current states \(agents table\) could not be read: throttled/,
      ),
    });
    expect(upstreamUnavailable(new TypeError('undefined is not a function'), 'connect')).toBeUndefined();
  });

  it('erasure: the function’s own failure → 502 without its error text; no answer in time → 503, ask again', () => {
    const failed = upstreamUnavailable(
      new ErasureFunctionError('Santral-dev-erasure', 'CampaignStoreError: failed for +12065550100'),
      'erasure',
    );
    expect(failed).toMatchObject({ status: 502, code: 'upstream_unavailable' });
    expect(failed!.message).toBe(
      'the erasure function did not finish the request: it failed (its logs say why) — nothing is half-done that a re-run cannot finish (erasure is safe to repeat)',
    );
    const late = upstreamUnavailable(
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
      'erasure',
    );
    expect(late).toMatchObject({ status: 503 });
    expect(late!.message).toMatch(
      /no answer in time; it may still be running: ask again .*`santral erase --deployed`/,
    );
  });
});
