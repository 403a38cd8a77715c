/**
 * Running the scenario suite hermetically (for `santral flows test`): an in-memory embedded DynamoDB and
 * S3 of its own (never the sandbox's .santral/ state), reset and seeded before every scenario with the
 * demo data plus the scenario's own customers and DNC entries.
 */
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { localTime } from '#shared/domain/hours.ts';
import { DEMO_CUSTOMERS } from '#shared/local/demo-data.ts';
import { startEmbeddedAws } from '#shared/local/embedded.ts';
import { clearTables, seedSandbox } from '#shared/local/sandbox.ts';
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
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(input);
  const asUtc = new Date(hasZone ? input : `${input}${input.length <= 10 ? 'T00:00' : ''}Z`);
  if (Number.isNaN(asUtc.getTime()))
    throw new RangeError(
      `--at ${input}: expected an ISO time such as 2026-11-24T11:00 or 2026-11-24T11:00:00-05:00`,
    );
  if (hasZone) return asUtc;
  // Find the UTC instant whose local wall time in `timeZone` equals the given one (two passes cover DST).
  let guess = asUtc.getTime();
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(guess), timeZone);
    const localMs = Date.parse(`${local.date}T00:00:00Z`) + local.minutes * 60_000;
    guess += asUtc.getTime() - localMs;
  }
  return new Date(guess);
}
