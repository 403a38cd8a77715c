import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DIR, ConfigError, loadConfigFile } from '#shared/config/load.ts';
import { closestMatch, editDistance } from '#shared/config/suggest.ts';

const example = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8');

function issuesFor(edit: (yaml: string) => string): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'santral-msg-')), 'center.yaml');
  writeFileSync(file, edit(example));
  try {
    loadConfigFile(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('config errors in the admin’s words', () => {
  it('suggests the key meant for a near-miss key, at the key’s own path and line', () => {
    const issues = issuesFor((y) => y.replace('maxContacts: 30', 'maxContact: 30'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /center\.yaml:\d+ queues\[2\]\.maxContact: unknown key "maxContact" — did you mean "maxContacts"\? \(allowed here: name, description, hours, /,
    );
  });

  it('suggests the time zone meant', () => {
    const issues = issuesFor((y) => y.replace('timeZone: America/New_York', 'timeZone: America/Los_Angles'));
    expect(issues).toEqual([
      expect.stringMatching(
        /hours\[0\]\.timeZone: "America\/Los_Angles" is not a time zone — did you mean "America\/Los_Angeles"\?/,
      ),
    ]);
  });

  it('names the allowed values of an enum and the likely one, without zod jargon', () => {
    const issues = issuesFor((y) => y.replace('type: DID', 'type: DIDD'));
    expect(issues).toEqual([
      expect.stringMatching(
        /phoneNumbers\[0\]\.type: "DIDD" is not allowed — did you mean "DID"\? \(use DID or TOLL_FREE\)$/,
      ),
    ]);
  });

  it('explains a quick connect type typo instead of "Invalid discriminator value"', () => {
    const issues = issuesFor((y) =>
      y.replace('{ type: QUEUE, name: To Orders', '{ type: QUEU, name: To Orders'),
    );
    expect(issues).toEqual([
      expect.stringMatching(
        /quickConnects\[1\]\.type: "QUEU" is not a known type — did you mean "QUEUE"\? \(use QUEUE, PHONE_NUMBER or USER\)$/,
      ),
    ]);
    expect(issues.join()).not.toMatch(/discriminator|Invalid/);
  });

  it('suggests the weekday meant in weekly hours', () => {
    const issues = issuesFor((y) => y.replace('SATURDAY: "10:00-14:00"', 'SATURDY: "10:00-14:00"'));
    expect(issues[0]).toMatch(
      /hours\[0\]\.weekly\.SATURDY: unknown key "SATURDY" — did you mean "SATURDAY"\?/,
    );
  });

  it('says a required setting is missing, and a wrong type in plain words', () => {
    const issues = issuesFor((y) =>
      y.replace('  telephonyPerMinute: 0.018\n', '').replace('agentPerHour: 22.5', 'agentPerHour: lots'),
    );
    expect(issues).toEqual([
      expect.stringMatching(/cost\.telephonyPerMinute: required \(a number\) but missing$/),
      expect.stringMatching(/cost\.agentPerHour: expected a number, got text "lots"$/),
    ]);
  });
});

describe('closestMatch', () => {
  it('finds a typo within a third of the word and nothing for an unrelated word', () => {
    expect(closestMatch('maxContact', ['name', 'maxContacts', 'hours'])).toBe('maxContacts');
    expect(closestMatch('LANDLINE', ['DID', 'TOLL_FREE'])).toBeUndefined();
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
