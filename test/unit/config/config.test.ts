import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_DIR,
  ConfigError,
  loadConfigFile,
  loadStageConfig,
  mergeConfig,
  REPO_ROOT,
} from '#shared/config/load.ts';

const example = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8');

/** Write a variant of the example config and return its path. */
function variant(edit: (yaml: string) => string, name = 'variant.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'santral-config-'));
  const file = join(dir, name);
  writeFileSync(file, edit(example));
  return file;
}

function issuesOf(file: string): string[] {
  try {
    loadConfigFile(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('contact-center config', () => {
  it('loads the example config for dev and prod with defaults filled in', () => {
    const dev = loadStageConfig('dev');
    expect(dev.name).toBe('Acme Online Store');
    expect(dev.queues.map((q) => q.name)).toEqual(expect.arrayContaining(['Support', 'Orders', 'Billing']));
    expect(dev.languages.supported.map((l) => l.code)).toEqual(['en-US', 'tr-TR']);
    expect(dev.hours[0]?.holidays.map((h) => h.date)).toEqual(['2026-12-25', '2027-01-01']);
    const prod = loadStageConfig('prod');
    expect(prod.production).toBe(true);
    expect(prod.instance.create?.alias).toBe('acme-online-store');
    expect(prod.queues).toEqual(dev.queues);
  });

  it('names the file, line and path of an unknown hours reference and lists the defined ones', () => {
    const file = variant((y) =>
      y.replace(
        '    description: Payments, refunds and invoices\n    hours: Main',
        '    description: Payments, refunds and invoices\n    hours: Weekend',
      ),
    );
    const issues = issuesOf(file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /variant\.yaml:\d+ queues\[2\]\.hours: unknown hours "Weekend"; defined: Main, Returns, Always$/,
    );
    const line = Number(/:(\d+) /.exec(issues[0]!)?.[1]);
    expect(readFileSync(file, 'utf8').split('\n')[line - 1]).toContain('hours: Weekend');
  });

  it('reports every structural problem at once with what was expected', () => {
    const file = variant((y) =>
      y
        .replace('MONDAY: "09:00-18:00"', 'MONDAY: "9-18"')
        .replace('timeZone: America/New_York', 'timeZone: Mars/Olympus')
        .replace('type: DID', 'type: LANDLINE'),
    );
    const issues = issuesOf(file).join('\n');
    expect(issues).toMatch(/hours\[0\]\.weekly\.MONDAY: window "9-18": "9" is not a time of day HH:MM/);
    expect(issues).toMatch(
      /hours\[0\]\.timeZone: "Mars\/Olympus" is not a time zone \(expected an IANA time zone/,
    );
    expect(issues).toMatch(/phoneNumbers\[0\]\.type: /);
  });

  it('rejects a config that both creates and imports an instance', () => {
    const file = variant((y) => y.replace('  # import:\n  #   arn: ', '  import:\n    arn: '));
    expect(issuesOf(file).join('\n')).toMatch(/instance: give exactly one of "create" or "import"/);
  });

  it('rejects unknown keys (a typo is an error, not a silently ignored setting)', () => {
    const file = variant((y) => y.replace('kpi:\n', 'kpi:\n  serviceLevelSecs: 30\n'));
    expect(issuesOf(file).join('\n')).toMatch(
      /kpi\.serviceLevelSecs: unknown key "serviceLevelSecs" — did you mean "serviceLevelSeconds"\?/,
    );
  });

  it('checks cross references once the structure is valid', () => {
    const file = variant((y) =>
      y
        .replace('flow: inbound-main', 'flow: inbound-typo')
        .replace('orders: { digit: "2"', 'orders: { digit: "1"'),
    );
    const issues = issuesOf(file).join('\n');
    expect(issues).toMatch(
      /phoneNumbers\[0\]\.flow: unknown flow "inbound-typo"; defined in contact-flows\/: .*inbound-main/,
    );
    expect(issues).toMatch(/routing\.intents\.orders\.digit: digit 1 is already used by intent "support"/);
  });

  it('keeps telemarketing evidence at least 5 years (16 CFR 310.5)', () => {
    const file = variant((y) => y.replace('evidenceYears: 5', 'evidenceYears: 2'));
    expect(issuesOf(file).join('\n')).toMatch(
      /retention\.evidenceYears: telemarketing records must be kept at least 5 years/,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const file = variant((y) => y.replace('name: Acme Online Store', 'name: [Acme'));
    expect(issuesOf(file)[0]).toMatch(/^line \d+: /);
  });

  it('merges a stage over the file it extends; null removes an inherited key', () => {
    expect(mergeConfig({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: 3 }, l: [9] })).toEqual({
      a: { b: 1, c: 3 },
      l: [9],
    });
    const dir = mkdtempSync(join(tmpdir(), 'santral-config-'));
    writeFileSync(join(dir, 'base.yaml'), example);
    writeFileSync(
      join(dir, 'imported.yaml'),
      'extends: ./base.yaml\nstage: staging\ninstance:\n  create: null\n  import:\n    arn: arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n',
    );
    const c = loadConfigFile(join(dir, 'imported.yaml'));
    expect(c.stage).toBe('staging');
    expect(c.instance.create).toBeUndefined();
    expect(c.instance.import?.arn).toMatch(/instance\/aaaaaaaa/);
  });

  it('fails `cdk synth` on a broken config with a message naming the path', () => {
    const file = variant((y) =>
      y.replace(
        '    description: Payments, refunds and invoices\n    hours: Main',
        '    description: Payments, refunds and invoices\n    hours: Weekend',
      ),
    );
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, SANTRAL_CONFIG: file, CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'santral-out-')) },
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/queues\[2\]\.hours: unknown hours "Weekend"; defined: Main, Returns, Always/);
  });

  describe('input integrity: a clean message, never a stack trace', () => {
    const messageOf = (file: string) => {
      try {
        loadConfigFile(file);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        const message = (err as Error).message;
        expect(message).not.toContain('    at ');
        return message;
      }
      throw new Error('expected the config to be rejected');
    };

    it('rejects `extends:` that names a directory, naming the file, line and what was expected', () => {
      const dir = mkdtempSync(join(tmpdir(), 'santral-config-'));
      writeFileSync(join(dir, 'stage.yaml'), 'stage: x\nextends: ./\n');
      expect(messageOf(join(dir, 'stage.yaml'))).toMatch(
        /stage\.yaml:2 extends: "\.\/" \(.*\) is a directory, not a YAML file; expected the path of a config file/,
      );
    });

    it('rejects `extends:` that names a missing file, naming the file that extends it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'santral-config-'));
      writeFileSync(join(dir, 'stage.yaml'), 'extends: ./nope.yaml\nstage: x\n');
      expect(messageOf(join(dir, 'stage.yaml'))).toMatch(
        /stage\.yaml:1 extends: "\.\/nope\.yaml" \(.*nope\.yaml\) file not found; expected the path of a config file/,
      );
    });

    it('refuses a YAML alias bomb (billion laughs) quickly with a clear message', () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 9; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      const file = variant(() => `${levels.join('\n')}\n`, 'bomb.yaml');
      const started = Date.now();
      const message = messageOf(file);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(message).toMatch(/Invalid contact-center config .*bomb\.yaml/);
      expect(message).toMatch(/YAML aliases expand too far .*write the values out/);
    });

    it('`cdk synth` prints the alias-bomb message, not a stack trace', () => {
      const file = variant(
        () =>
          'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
        'bomb.yaml',
      );
      const res = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          SANTRAL_CONFIG: file,
          CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'santral-out-')),
        },
        encoding: 'utf8',
      });
      expect(res.status).toBe(1);
      expect(res.stderr).toMatch(/bomb\.yaml:\n {2}- YAML aliases expand too far/);
      expect(res.stderr).not.toContain('    at ');
    });
  });
});
