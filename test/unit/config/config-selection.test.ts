import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as configCommands from '#infra/cli/commands/config.ts';
import * as flowCommands from '#infra/cli/commands/flows.ts';
import { CONFIG_DIR, ConfigError, selectConfigFile } from '#shared/config/load.ts';
import { runSantral } from '../../support/cli.ts';

const example = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8');

/** A copy of dev.yaml with edits, in its own folder; returns its path. */
function configFile(edit: (yaml: string) => string = (y) => y): string {
  const file = join(mkdtempSync(join(tmpdir(), 'santral-select-')), 'center.yaml');
  writeFileSync(file, edit(example));
  return file;
}

const renamed = (name: string) => (y: string) =>
  y.replace('name: Acme Online Store', `name: ${name}`).replace('stage: dev', 'stage: staging');
const brokenHours = (y: string) => y.replace('MONDAY: "09:00-18:00"', 'MONDAY: "9-18"');

async function rejection(run: Promise<unknown>): Promise<ConfigError> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(err)}`);
  return err;
}

describe('picking the config: --config, SANTRAL_CONFIG, --stage', () => {
  afterEach(() => {
    delete process.env['SANTRAL_CONFIG'];
  });

  it('SANTRAL_CONFIG=<file> santral config check checks that file and says so on stderr', async () => {
    const file = configFile(renamed('Env Center'));
    process.env['SANTRAL_CONFIG'] = file;
    const r = await runSantral([configCommands], ['config', 'check']);
    expect(r.out).toMatch(/center\.yaml: OK — Env Center, stage staging/);
    expect(r.err).toMatch(/^santral: config .*center\.yaml \(stage staging, from SANTRAL_CONFIG\)$/);
  });

  it('santral --config <file> config check fails on that file, not on dev.yaml', async () => {
    const file = configFile(brokenHours);
    const err = await rejection(runSantral([configCommands], ['--config', file, 'config', 'check']));
    expect(err.file).toMatch(/center\.yaml$/);
    expect(err.issues.join('\n')).toMatch(/hours\[0\]\.weekly\.MONDAY: /);
  });

  it('--config wins over SANTRAL_CONFIG', async () => {
    process.env['SANTRAL_CONFIG'] = configFile(brokenHours);
    const r = await runSantral(
      [configCommands],
      ['--config', configFile(renamed('Option Center')), 'config', 'check'],
    );
    expect(r.out).toMatch(/OK — Option Center/);
    expect(r.err).toMatch(/from --config\)$/);
  });

  it('without a file, --stage picks infra/config/<stage>.yaml', async () => {
    const r = await runSantral([configCommands], ['--stage', 'prod', 'config', 'check']);
    expect(r.out).toMatch(/infra\/config\/prod\.yaml: OK — Acme Online Store, stage prod/);
    expect(r.err).toMatch(/santral: config infra\/config\/prod\.yaml \(stage prod\)$/);
  });

  it('refuses an explicit --stage that contradicts the chosen file', async () => {
    const err = await rejection(
      runSantral(
        [configCommands],
        ['--stage', 'prod', '--config', configFile(renamed('X')), 'config', 'check'],
      ),
    );
    expect(err.issues).toEqual([
      '--stage prod was given, but this file is stage "staging"; drop --stage or pick that stage\'s file',
    ]);
  });

  it('config show keeps stdout pure JSON; the file and stage go to stderr', async () => {
    const r = await runSantral(
      [configCommands],
      ['--config', configFile(renamed('Json Center')), 'config', 'show'],
    );
    expect((JSON.parse(r.out) as { name: string }).name).toBe('Json Center');
    expect(r.err).toMatch(/stage staging/);
  });

  it('other commands read the chosen file too (flows validate)', async () => {
    const err = await rejection(
      runSantral([flowCommands], ['--config', configFile(brokenHours), 'flows', 'validate']),
    );
    expect(err.file).toMatch(/center\.yaml$/);
  });

  it('suggests the stage meant when a stage file does not exist', () => {
    expect(() => selectConfigFile({ stage: 'prd' }, {})).toThrow(
      expect.objectContaining({
        issues: [expect.stringMatching(/no config for stage "prd" — did you mean "prod"\?/)],
      }),
    );
  });
});
