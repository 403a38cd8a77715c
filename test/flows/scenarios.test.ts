/**
 * The scenario suite (contact-flows/scenarios/*.yaml) through the real flows and the real handlers, on
 * embedded DynamoDB/S3, plus per-flow coverage. One test per scenario so a failure names it.
 */
import { describe, expect, it } from 'vitest';
import { loadStageConfig } from '#shared/config/load.ts';
import { computeCoverage } from '#shared/simulator/coverage.ts';
import { heardVersusExpected, loadScenarios, runScenario } from '#shared/simulator/scenarios.ts';
import { createSimulatorContext, type SimulatorContext } from '#shared/simulator/simulator.ts';
import { prepareScenarioState } from '#shared/simulator/suite.ts';
import type { PathStep } from '#shared/simulator/types.ts';
import { useEmbeddedAws } from '../support/embedded-aws.ts';

// `at` without an offset is wall-clock time in the center's main zone, as `santral flows test` reads it.
const scenarios = loadScenarios(undefined, { timeZone: loadStageConfig('dev').hours[0]!.timeZone });

describe('scenario suite over the real flows', () => {
  useEmbeddedAws();
  const paths: PathStep[][] = [];
  let ctx: SimulatorContext | undefined;
  const context = () => (ctx ??= createSimulatorContext(loadStageConfig('dev')));

  it('has scenarios, and every flow resolves locally', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    expect([...context().flows.problems.entries()]).toEqual([]);
  });

  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const run = await runScenario(context(), scenario, { prepare: prepareScenarioState });
      paths.push(run.result.trace.path);
      const heard = run.failures.length ? heardVersusExpected(scenario, run.result) : [];
      expect(run.failures, [scenario.source, ...run.failures, ...heard].join('\n')).toEqual([]);
    });
  }

  it('covers every action of inbound-main and reports untaken branches', () => {
    const coverage = computeCoverage(context().flows.flows.values(), paths);
    const main = coverage.find((c) => c.flow === 'inbound-main');
    expect(main).toBeDefined();
    expect(main!.branches.covered).toBeGreaterThan(0);
    expect(main!.branches.covered + main!.missedBranches.length).toBe(main!.branches.total);
  });
});
