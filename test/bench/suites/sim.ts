/**
 * `npm run bench -- sim` — the flow simulator.
 * - actions_per_second: flow actions executed per second through inbound-main (VIP caller, presses 1,
 *   in hours: ~35 actions, 2 Lambdas, the customer-queue and whisper flows), with the handlers in-process
 *   on in-memory repositories: the real `ivr-lookup` and `route` handlers built by their factories
 *   (functions/<name>/handler.ts) with an in-memory caller directory instead of DynamoDB and Connect metrics
 *   from the simulator's stand-in. Target ≥ 50,000.
 * - calls_per_second: whole calls through inbound-main with every real handler on embedded DynamoDB.
 * - scenario_suite_seconds: the whole scenario suite (contact-flows/scenarios), hermetic, as `flows test` runs it.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectQueueMetrics } from '#shared/adapters/connect/queue-metrics.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import type { CallerDirectory, CallerRecord } from '#shared/domain/customers.ts';
import { DEMO_CUSTOMERS } from '#shared/local/demo-data.ts';
import { startEmbeddedAws } from '#shared/local/embedded.ts';
import { seedSandbox } from '#shared/local/sandbox.ts';
import { InProcessLambdaInvoker } from '#shared/simulator/lambda-invoker.ts';
import { loadScenarios } from '#shared/simulator/scenarios.ts';
import {
  createSimulatorContext,
  handlerEnvironment,
  prepareHandlerEnvironment,
  simulateCall,
} from '#shared/simulator/simulator.ts';
import { runScenarioSuite } from '#shared/simulator/suite.ts';
import { ScriptedKeypad } from '#shared/simulator/transcript.ts';
import type { BenchContext, Figure } from '../figures.ts';

/** CallerDirectory over a Map: the in-memory repository the benchmark injects. */
class InMemoryCallerDirectory implements CallerDirectory {
  private readonly records = new Map<string, CallerRecord>();
  constructor() {
    for (const c of DEMO_CUSTOMERS) {
      this.records.set(c.phone, {
        profile: {
          customerId: `demo-${c.phone.slice(-4)}`,
          firstName: c.firstName,
          tier: c.tier,
          preferredLanguage: c.preferredLanguage,
          ...(c.openCaseId ? { openCaseId: c.openCaseId } : {}),
        },
      });
    }
  }
  async lookupCaller(e164: string, contact?: { contactId: string; at: Date }): Promise<CallerRecord> {
    const record = this.records.get(e164) ?? {};
    if (contact) await this.noteContact(e164, contact);
    return record;
  }
  async noteContact(e164: string, contact: { contactId: string; at: Date }): Promise<void> {
    const record = this.records.get(e164) ?? {};
    const previous = record.activity?.lastContactAt;
    this.records.set(e164, {
      ...record,
      activity: {
        lastContactId: contact.contactId,
        lastContactAt: contact.at.toISOString(),
        ...(previous ? { previousContactAt: previous } : {}),
      },
    });
  }
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * The real ivr-lookup and route handlers (same factories as functions/), over the in-memory directory.
 * Imported after prepareHandlerEnvironment so their loggers pick up the simulator's quiet log level.
 */
async function inMemoryHandlers(directory: InMemoryCallerDirectory): Promise<Record<string, Handler>> {
  const { createIvrLookupHandler } = await import('#functions/ivr-lookup/handler.ts');
  const { createRouteHandler } = await import('#functions/route/handler.ts');
  const queueMetrics = new ConnectQueueMetrics(new ConnectClient({ maxAttempts: 1 }), { timeoutMs: 800 });
  return {
    'ivr-lookup': createIvrLookupHandler(directory) as unknown as Handler,
    route: createRouteHandler({ callers: directory, queueMetrics }) as unknown as Handler,
  };
}

const AT = new Date('2026-11-24T16:00:00Z'); // Tuesday 11:00 New York

export async function* run(ctx: BenchContext): AsyncGenerator<Figure> {
  const config = loadStageConfig('dev');
  // Quiet handlers (as in every simulator run) before the benchmark builds its own handler.
  prepareHandlerEnvironment(config);

  // actions_per_second — in-memory stores.
  {
    const lambdas = new InProcessLambdaInvoker(
      undefined,
      await inMemoryHandlers(new InMemoryCallerDirectory()),
      handlerEnvironment(config),
    );
    const sim = createSimulatorContext(config, { lambdas });
    const call = (i: number) =>
      simulateCall(sim, {
        from: DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length]!.phone,
        at: AT,
        keypad: new ScriptedKeypad('1'),
        callerStaysAfterAgent: false,
      });
    const warm = ctx.quick ? 20 : 200;
    for (let i = 0; i < warm; i++) await call(i);
    const n = ctx.quick ? 200 : 4000;
    ctx.progress(`${n} calls on in-memory stores`);
    let actions = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = await call(i);
      if (r.stopped || r.trace.outcome.type !== 'queued' || r.trace.lambdas.some((l) => l.error))
        throw new Error(`bench call ended ${JSON.stringify(r.trace.outcome)}`);
      actions += r.steps;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    yield {
      metric: 'actions_per_second',
      value: actions / seconds,
      unit: 'actions/s',
      calls: n,
      actionsPerCall: actions / n,
      // Per CPU-second of this process: steadier than wall time on a shared, loaded machine.
      actionsPerCpuSecond: actions / ((cpu.user + cpu.system) / 1e6),
      target: 50_000,
    };
  }

  // calls_per_second — every real handler on embedded DynamoDB.
  {
    const aws = await startEmbeddedAws();
    try {
      await seedSandbox({ history: false });
      const sim = createSimulatorContext(config);
      const call = (i: number) =>
        simulateCall(sim, {
          from: DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length]!.phone,
          at: AT,
          keypad: new ScriptedKeypad('1'),
          callerStaysAfterAgent: false,
        });
      for (let i = 0; i < (ctx.quick ? 5 : 30); i++) await call(i);
      const n = ctx.quick ? 30 : 300;
      ctx.progress(`${n} calls on embedded DynamoDB`);
      let lambdaErrors = 0;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const r = await call(i);
        lambdaErrors += r.trace.lambdas.filter(
          (l) => l.error || (l.result as Record<string, string>)?.['lookupStatus'] === 'error',
        ).length;
      }
      const seconds = (performance.now() - t0) / 1000;
      yield { metric: 'calls_per_second', value: n / seconds, unit: 'calls/s', calls: n, lambdaErrors };

      // scenario_suite_seconds — the whole suite, as `santral flows test` runs it. Same emulators: the
      // handlers' module-scope clients keep the endpoint they were created with, as in a Lambda container.
      const scenarios = loadScenarios();
      ctx.progress(`${scenarios.length} scenarios`);
      const t1 = performance.now();
      const suite = await runScenarioSuite(config, scenarios, undefined, { startEmulators: false });
      const failed = suite.runs.filter((r) => r.failures.length > 0).length;
      yield {
        metric: 'scenario_suite_seconds',
        value: (performance.now() - t1) / 1000,
        unit: 's',
        scenarios: scenarios.length,
        failed,
      };
    } finally {
      await aws.close();
    }
  }
}
