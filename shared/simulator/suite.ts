/**
 * Running the scenario suite hermetically (for `santral flows test`): an in-memory embedded DynamoDB and
 * S3 of its own (never the sandbox's .santral/ state), reset and seeded before every scenario with the
 * demo data plus the scenario's own customers and DNC entries.
 */
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { DEMO_CUSTOMERS } from '#shared/local/demo-data.ts';
import { startEmbeddedAws } from '#shared/local/embedded.ts';
import { clearTables, seedSandbox } from '#shared/local/sandbox.ts';
import { InvalidDateTimeError, parseLocalDateTime } from '#shared/time/strict.ts';
import { computeCoverage, type FlowCoverage } from './coverage.ts';
import {
  type LoadedScenario,
  runScenario,
  type Scenario,
  type ScenarioHooks,
  type ScenarioRun,
} from './scenarios.ts';
import { createSimulatorContext, type SimulatorContext } from './simulator.ts';

/** Reset the tables and seed demo data + the scenario's customers and DNC entries. */
export const prepareScenarioState: ScenarioHooks['prepare'] = async (scenario: Scenario) => {
  await clearTables();
  const extra = new Set(scenario.customers.map((c) => c.phone));
  await seedSandbox({
    customers: [...DEMO_CUSTOMERS.filter((c) => !extra.has(c.phone)), ...scenario.customers],
    dnc: scenario.dnc,
    history: false,
  });
};

export interface SuiteResult {
  runs: ScenarioRun[];
  coverage: FlowCoverage[];
  context: SimulatorContext;
}

export async function runScenarioSuite(
  config: ContactCenterConfig,
  scenarios: readonly LoadedScenario[],
  onRun?: (run: ScenarioRun, index: number) => void,
  /** startEmulators false: use the emulators this process already points at (benchmarks, tests). */
  options: { startEmulators?: boolean } = {},
): Promise<SuiteResult> {
  const aws = options.startEmulators === false ? undefined : await startEmbeddedAws();
  try {
    const context = createSimulatorContext(config);
    const runs: ScenarioRun[] = [];
    for (const [i, s] of scenarios.entries()) {
      const run = await runScenario(context, s, { prepare: prepareScenarioState });
      runs.push(run);
      onRun?.(run, i);
    }
    const coverage = computeCoverage(
      context.flows.flows.values(),
      runs.map((r) => r.result.trace.path),
    );
    return { runs, coverage, context };
  } finally {
    await aws?.close();
  }
}

/**
 * `--at` for `santral sim call`: an ISO instant; without an offset ("2026-11-24T11:00") it is read as
 * local time in `timeZone` (the main hours' zone), which is what a flow owner means by "11:00".
 */
export function parseCallTime(input: string, timeZone: string): Date {
  // The one strict parser (shared/time/strict.ts): `2026-02-30T11:00` is an error, not March 2.
  try {
    return parseLocalDateTime(input, timeZone);
  } catch (err) {
    if (!(err instanceof InvalidDateTimeError)) throw err;
    throw new RangeError(
      `--at ${input}: expected an ISO time such as 2026-11-24T11:00 or 2026-11-24T11:00:00-05:00 (${err.message})`,
      { cause: err },
    );
  }
}
