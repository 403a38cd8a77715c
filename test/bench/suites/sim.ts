/**
 * `npm run bench -- sim` — the flow simulator.
 * - actions_per_second: flow actions executed per second through inbound-main (VIP caller, presses 1,
 *   in hours: ~35 actions, 2 Lambdas, the customer-queue and whisper flows), with the handlers in-process
 *   on in-memory repositories: the real `ivr-lookup` and `route` handlers built by their factories
 *   (functions/<name>/handler.ts) with an in-memory caller directory instead of DynamoDB and in-memory queue
 *   metrics instead of Connect. Target ≥ 50,000 (median of 8 equal rounds).
 * - calls_per_second: whole calls through inbound-main with every real handler on embedded DynamoDB.
 * - scenario_suite_seconds: the whole scenario suite (contact-flows/scenarios), hermetic, as `flows test` runs it.
 * Every figure carries `lambdaErrors` and `failed`; the runner fails the bench when either is non-zero.
 */
import { loadStageConfig } from '#shared/config/load.ts';
import type { CallerDirectory, CallerRecord } from '#shared/domain/customers.ts';
import type { QueueMetrics, QueueMetricsSnapshot } from '#shared/domain/routing.ts';
import { DEMO_CUSTOMERS } from '#shared/local/demo-data.ts';
import { clearTables, seedSandbox } from '#shared/local/sandbox.ts';
import { InProcessLambdaInvoker } from '#shared/simulator/lambda-invoker.ts';
import { parseLocalArn } from '#shared/simulator/local-arns.ts';
import { loadScenarios } from '#shared/simulator/scenarios.ts';
import {
  createSimulatorContext,
  handlerEnvironment,
  prepareHandlerEnvironment,
  queueStates,
  simulateCall,
} from '#shared/simulator/simulator.ts';
import { runScenarioSuite } from '#shared/simulator/suite.ts';
import { ScriptedKeypad } from '#shared/simulator/transcript.ts';
import { type BenchContext, type Figure, percentile } from '../figures.ts';

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

/**
 * QueueMetrics over the simulated queues (2 agents staffed and available in each, as the calls use): the
 * in-memory counterpart of the Connect stand-in, without an SDK client and a mock library's argument
 * matching on every call — those are test doubles, not work the engine or the handlers do.
 */
class InMemoryQueueMetrics implements QueueMetrics {
  constructor(private readonly queues: ReturnType<typeof queueStates>) {}
  async current(queueArn: string): Promise<QueueMetricsSnapshot> {
    const ref = parseLocalArn(queueArn);
    const q = ref?.kind === 'Queue' ? this.queues.get(ref.name) : undefined;
    if (!q) throw new Error(`no simulated queue for ${queueArn}`);
    return {
      agentsAvailable: q.available,
      agentsOnline: q.staffed,
      agentsStaffed: q.staffed,
      contactsInQueue: q.inQueue ?? 0,
      oldestContactAgeSeconds: 0,
    };
  }
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * The real ivr-lookup and route handlers (same factories as functions/), over the in-memory directory.
 * Imported after prepareHandlerEnvironment so their loggers pick up the simulator's quiet log level.
 */
async function inMemoryHandlers(
  directory: InMemoryCallerDirectory,
  queueMetrics: QueueMetrics,
): Promise<Record<string, Handler>> {
  const { createIvrLookupHandler } = await import('#functions/ivr-lookup/handler.ts');
  const { createRouteHandler } = await import('#functions/route/handler.ts');
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
      await inMemoryHandlers(new InMemoryCallerDirectory(), new InMemoryQueueMetrics(queueStates(config, 2))),
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
    const rounds = 8;
    ctx.progress(`${n} calls on in-memory stores in ${rounds} rounds`);
    let actions = 0;
    let lambdaErrors = 0;
    let failed = 0;
    const roundRates: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let round = 0; round < rounds; round++) {
      let roundActions = 0;
      const r0 = performance.now();
      for (let i = round * (n / rounds); i < (round + 1) * (n / rounds); i++) {
        const r = await call(i);
        lambdaErrors += lambdaErrorsIn(r);
        if (r.stopped || r.trace.outcome.type !== 'queued') failed += 1;
        roundActions += r.steps;
      }
      roundRates.push(roundActions / ((performance.now() - r0) / 1000));
      actions += roundActions;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    yield {
      metric: 'actions_per_second',
      // The median over equal rounds: a load spike from other work on this shared machine then skews one
      // round, not the figure (as ctr's put_ratio does with chunk pairs). The whole-run rate is reported too.
      value: percentile(roundRates, 50),
      unit: 'actions/s',
      calls: n,
      lambdaErrors,
      failed,
      actionsPerCall: actions / n,
      wholeRunActionsPerSecond: actions / seconds,
      // Per CPU-second of this process: steadier than wall time on a shared, loaded machine.
      actionsPerCpuSecond: actions / ((cpu.user + cpu.system) / 1e6),
      target: 50_000,
    };
  }

  // calls_per_second — every real handler on the runner's embedded DynamoDB (ctx.aws).
  {
    await clearTables();
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
    let failed = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = await call(i);
      lambdaErrors += lambdaErrorsIn(r);
      if (r.stopped || r.trace.outcome.type !== 'queued') failed += 1;
    }
    const seconds = (performance.now() - t0) / 1000;
    yield { metric: 'calls_per_second', value: n / seconds, unit: 'calls/s', calls: n, lambdaErrors, failed };

    // scenario_suite_seconds — the whole suite, as `santral flows test` runs it, on the same emulators.
    const scenarios = loadScenarios(undefined, { timeZone: config.hours[0]!.timeZone });
    ctx.progress(`${scenarios.length} scenarios`);
    const t1 = performance.now();
    const suite = await runScenarioSuite(config, scenarios, undefined, { startEmulators: false });
    const failedRuns = suite.runs.filter((r) => r.failures.length > 0);
    for (const r of failedRuns)
      ctx.progress(`FAILED ${r.scenario.source} ${r.scenario.name}: ${r.failures[0]}`);
    yield {
      metric: 'scenario_suite_seconds',
      value: (performance.now() - t1) / 1000,
      unit: 's',
      scenarios: scenarios.length,
      failed: failedRuns.length,
      ...(failedRuns.length > 0 ? { failedScenarios: failedRuns.map((r) => r.scenario.name) } : {}),
    };
  }
}

/**
 * Lambda calls of one simulated call that failed: an error (the block took its error branch) or a
 * handler's safe default (`…Status=error`: the handler caught a fault of its own dependencies).
 */
function lambdaErrorsIn(r: { trace: { lambdas: { error?: string; result?: unknown }[] } }): number {
  return r.trace.lambdas.filter(
    (l) =>
      l.error !== undefined ||
      Object.entries((l.result ?? {}) as Record<string, unknown>).some(
        ([k, v]) => k.endsWith('Status') && v === 'error',
      ),
  ).length;
}
