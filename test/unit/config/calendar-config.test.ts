import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoursOfOperationProps } from '#infra/constructs/routing.ts';
import { CONFIG_DIR, ConfigError, loadConfigFile, loadStageConfig } from '#shared/config/load.ts';

const example = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8');

function write(edit: (yaml: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'santral-cal-')), 'center.yaml');
  writeFileSync(file, edit(example));
  return file;
}

function issuesFor(edit: (yaml: string) => string): string[] {
  try {
    loadConfigFile(write(edit));
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('calendars in the config', () => {
  it('rejects an impossible date with its path (2026-02-30 is no Monday override)', () => {
    const issues = issuesFor((y) => y.replace('date: "2026-12-25"', 'date: "2026-02-30"'));
    expect(issues).toEqual([
      expect.stringMatching(
        /center\.yaml:\d+ hours\[0\]\.holidays\[0\]\.date: "2026-02-30" is not a calendar date YYYY-MM-DD that exists/,
      ),
    ]);
  });

  it('rejects a split-shift typo naming the broken window and the day', () => {
    const issues = issuesFor((y) =>
      y.replace('TUESDAY: "09:00-12:00, 13:00-17:00"', 'TUESDAY: "09:00-12:00, 13:00-1700"'),
    );
    expect(issues).toEqual([
      expect.stringMatching(
        /hours\[1\]\.weekly\.TUESDAY: window "13:00-1700": "1700" is not a time of day HH:MM between 00:00 and 23:59$/,
      ),
    ]);
  });

  it('rejects overlapping windows on one day', () => {
    const issues = issuesFor((y) =>
      y.replace('WEDNESDAY: "09:00-12:00, 13:00-17:00"', 'WEDNESDAY: "09:00-13:30, 13:00-17:00"'),
    );
    expect(issues[0]).toMatch(/hours\[1\]\.weekly\.WEDNESDAY: windows 09:00-13:30 and 13:00-17:00 overlap/);
  });

  it('rejects two holidays on the same day, naming the first', () => {
    const issues = issuesFor((y) =>
      y.replace(
        '{ date: "2026-12-24", name: Christmas Eve, open: "09:00-12:00" }',
        '{ date: "2026-12-25", name: Christmas Eve, open: "09:00-12:00" }',
      ),
    );
    expect(issues).toEqual([
      expect.stringMatching(
        /hours\[1\]\.holidays\[3\]: 2026-12-25 is already covered by holidays\[2\] \("Christmas Day"\); one override per day$/,
      ),
    ]);
  });

  it('says which forms a holiday takes when it has none or two', () => {
    const issues = issuesFor((y) =>
      y.replace(
        '{ yearly: "12-25", name: Christmas Day }',
        '{ yearly: "12-25", date: "2026-12-25", name: Christmas Day }',
      ),
    );
    expect(issues[0]).toMatch(/hours\[1\]\.holidays\[2\]: give one of: "date" \(one day\), "from" and "to"/);
  });

  it('rejects a closure that ends before it starts and a yearly rule typo', () => {
    const issues = issuesFor((y) =>
      y
        .replace('to: "2026-12-31", name: Year-end', 'to: "2026-12-20", name: Year-end')
        .replace('last MONDAY of MAY', 'last MONDAY of MAYY'),
    );
    expect(issues).toEqual([
      expect.stringMatching(
        /hours\[1\]\.holidays\[0\]\.yearly: yearly "last MONDAY of MAYY": "MAYY" is not a month — did you mean "MAY"\?/,
      ),
      expect.stringMatching(/hours\[1\]\.holidays\[4\]\.to: 2026-12-20 is before "from" \(2026-12-28\)/),
    ]);
  });

  it('keeps one-window days and dated holidays working as before (normalized)', () => {
    const main = loadStageConfig('dev').hours.find((h) => h.name === 'Main')!;
    expect(main.weekly.MONDAY).toBe('09:00-18:00');
    expect(main.holidays).toEqual([
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2027-01-01', name: "New Year's Day" },
    ]);
  });

  it('accepts windows as a list and synthesizes them like the comma form', () => {
    const file = write((y) =>
      y.replace('MONDAY: "09:00-12:00, 13:00-17:00"', 'MONDAY: ["13:00-17:00", "09:00-12:00"]'),
    );
    const returns = loadConfigFile(file).hours.find((h) => h.name === 'Returns')!;
    expect(returns.weekly.MONDAY).toBe('09:00-12:00,13:00-17:00');
    const props = hoursOfOperationProps(returns, 'arn:aws:connect:us-east-1:111122223333:instance/x');
    expect((props.config as { day: string }[]).filter((c) => c.day === 'MONDAY')).toHaveLength(2);
  });
});
