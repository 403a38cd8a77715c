/**
 * Scenario `at:` values go through the one strict parser (shared/time/strict.ts): impossible dates and
 * free-form text are errors naming the file, the scenario index and name; without an offset the time is
 * wall-clock time in the center's zone when the loader is given it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, ScenarioFileError } from '#shared/simulator/scenarios.ts';
import { parseCallTime } from '#shared/simulator/suite.ts';

/** A scenario file with one scenario per `at` value. */
function scenarioFile(...ats: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scen-at-')), 'times.yaml');
  const body = ats
    .map((at, i) => `  - name: call ${i + 1}\n    from: "+12065550100"\n    at: "${at}"\n    expect: {}\n`)
    .join('');
  writeFileSync(file, `scenarios:\n${body}`);
  return file;
}

function problemsOf(file: string, options = {}): { message: string; problems: string[] } {
  try {
    loadScenarioFile(file, options);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioFileError);
    return { message: (err as Error).message, problems: (err as ScenarioFileError).problems };
  }
  throw new Error('expected a ScenarioFileError');
}

describe('scenario at:', () => {
  it('rejects an impossible date that Date.parse would roll over, naming file, index and scenario', () => {
    const file = scenarioFile('2026-11-24T11:00:00-05:00', '2026-02-30T11:00:00-05:00');
    const { message, problems } = problemsOf(file);
    expect(message.startsWith(`${relative(process.cwd(), file)}:`)).toBe(true);
    expect(problems).toEqual([
      'scenarios[1].at: "2026-02-30T11:00:00-05:00" is not an ISO-8601 instant with an offset (e.g. 2026-11-01T09:00:00Z or …+03:00) (scenario "call 2")',
    ]);
  });

  it('rejects free-form text Date.parse accepts', () => {
    expect(problemsOf(scenarioFile('Nov 24 2026 11:00')).problems).toEqual([
      expect.stringMatching(
        /^scenarios\[0\]\.at: "Nov 24 2026 11:00" is not an ISO-8601 instant .*\(scenario "call 1"\)$/,
      ),
    ]);
  });

  it('without the center zone, requires an offset', () => {
    expect(problemsOf(scenarioFile('2026-11-24T11:00')).problems[0]).toMatch(
      /is not an ISO-8601 instant with an offset/,
    );
  });

  it("reads a time without an offset in the center's zone, and keeps the instant in UTC", () => {
    const [winter, summer, offset] = loadScenarioFile(
      scenarioFile('2026-11-24T11:00', '2026-06-02T11:00', '2026-11-24T11:00:00+03:00'),
      { timeZone: 'America/New_York' },
    );
    expect(winter!.at).toBe('2026-11-24T16:00:00.000Z');
    expect(summer!.at).toBe('2026-06-02T15:00:00.000Z');
    expect(offset!.at).toBe('2026-11-24T08:00:00.000Z');
  });

  it("names the center's zone in the error for a time it cannot read", () => {
    expect(
      problemsOf(scenarioFile('2026-13-01T09:00'), { timeZone: 'America/Los_Angeles' }).problems,
    ).toEqual([expect.stringContaining('(read in America/Los_Angeles)')]);
  });
});

describe('sim call --at', () => {
  it('rejects an impossible date instead of rolling it over', () => {
    expect(() => parseCallTime('2026-02-30T11:00', 'America/New_York')).toThrow(
      /^--at 2026-02-30T11:00: expected an ISO time/,
    );
  });
});
