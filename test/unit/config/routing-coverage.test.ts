import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as configCommands from '#infra/cli/commands/config.ts';
import { CONFIG_DIR, ConfigError, loadConfigFile, loadStageConfig } from '#shared/config/load.ts';
import { type ContactCenterConfig, configWarnings } from '#shared/config/schema.ts';
import { queueStates, staffingFromConfig } from '#shared/simulator/simulator.ts';
import { runSantral } from '../../support/cli.ts';

const example = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8');
const write = (edit: (y: string) => string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'santral-cov-')), 'center.yaml');
  writeFileSync(file, edit(example));
  return file;
};
function issuesFor(edit: (yaml: string) => string): string[] {
  try {
    loadConfigFile(write(edit));
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

/** Returns leaves the Customer Care profile: no profile serves it any more. */
const returnsUnserved = (y: string) => y.replace('      - { queue: Returns, priority: 2 }\n', '');
const noReturnsIntent = (y: string) => y.replace('    returns: { digit: "4", queue: Returns }\n', '');
const callbackOnly = (y: string) =>
  y.replace('    hours: Returns\n', '    hours: Returns\n    callbackOnly: true\n');

describe('routing coverage', () => {
  it('rejects a queue that no routing profile serves, at the queue, with what to do', () => {
    expect(issuesFor((y) => noReturnsIntent(returnsUnserved(y)))).toEqual([
      expect.stringMatching(
        /center\.yaml:\d+ queues\[4\]: no routing profile serves queue "Returns", so no agent can take its calls; add \{ queue: Returns \} to a routing profile's queues \(Customer Care, Turkish Care, Outbound Sales\), or mark it callbackOnly: true$/,
      ),
    ]);
  });

  it('accepts such a queue when it is marked callbackOnly', () => {
    const file = write((y) => callbackOnly(noReturnsIntent(returnsUnserved(y))));
    expect(loadConfigFile(file).queues.find((q) => q.name === 'Returns')?.callbackOnly).toBe(true);
  });

  it('rejects an intent that sends callers to a queue no profile serves, even a callback-only one', () => {
    const issues = issuesFor((y) => callbackOnly(returnsUnserved(y)));
    expect(issues).toEqual([
      expect.stringMatching(
        /routing\.intents\.returns\.queue: callers pressing 4 \(returns\) go to queue "Returns", which no routing profile serves: they would wait where no agent can take them$/,
      ),
    ]);
  });

  it('fails `santral config check` the same way', async () => {
    const err = await runSantral(
      [configCommands],
      ['--config', write(returnsUnserved), 'config', 'check'],
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues[0]).toMatch(/no routing profile serves queue "Returns"/);
  });

  it('warns about a routing profile no configured agent uses, and only when agents are configured', () => {
    const dev = loadStageConfig('dev');
    expect(configWarnings(dev)).toEqual([]);
    const withAgents: ContactCenterConfig = {
      ...dev,
      agents: [{ ...dev.agents[0]!, login: 'ayse', routingProfile: 'Customer Care' }],
    };
    expect(configWarnings(withAgents).map((w) => w.message)).toEqual([
      'no agent uses routing profile "Turkish Care": its queues (Support TR, Support, General) get no calls answered through it',
      'no agent uses routing profile "Outbound Sales": its queues (Outbound) get no calls answered through it',
    ]);
  });
});

describe('simulator staffing from routing profiles', () => {
  const callbackOnlyReturns = (): ContactCenterConfig => {
    const c = structuredClone(loadStageConfig('dev'));
    c.routingProfiles = c.routingProfiles.map((rp) => ({
      ...rp,
      queues: rp.queues.filter((q) => q.queue !== 'Returns'),
    }));
    c.queues = c.queues.map((q) => (q.name === 'Returns' ? { ...q, callbackOnly: true } : q));
    return c;
  };

  it('staffs each served queue with simulator.agentsPerQueue (or its per-queue figure) and unserved ones with none', () => {
    const c = callbackOnlyReturns();
    c.simulator = { agentsPerQueue: 3, queues: { Billing: 1 } };
    const staffing = staffingFromConfig(c);
    expect(staffing).toMatchObject({ Support: 3, Billing: 1, Returns: 0, Outbound: 3 });
    expect(queueStates(c).get('Returns')).toEqual({ hours: 'Returns', staffed: 0, available: 0 });
  });

  it('lets --agents override the config staffing', () => {
    expect(queueStates(callbackOnlyReturns(), 5).get('Returns')).toEqual({
      hours: 'Returns',
      staffed: 5,
      available: 5,
    });
  });

  it('rejects simulator staffing for an unknown queue', () => {
    expect(issuesFor((y) => `${y}\nsimulator:\n  queues: { Retruns: 1 }\n`)[0]).toMatch(
      /simulator\.queues\.Retruns: unknown queue "Retruns"/,
    );
  });
});
