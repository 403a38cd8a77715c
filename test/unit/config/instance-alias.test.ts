/**
 * One alias per instance: `instance.create.alias` / `instance.import.alias` is the source of truth;
 * `workspace.instanceAlias` (the old place, for the workspace only) still loads, with a deprecation warning
 * naming its line, and contradicting the instance's alias is an error with the path.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DIR, ConfigError, loadConfigFile } from '#shared/config/load.ts';
import { instanceAlias } from '#shared/config/schema.ts';

const ARN = 'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const example = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8');

/** dev.yaml with its instance block replaced and `workspace.instanceAlias` set (when given). */
function configFile(instance: string, workspaceAlias?: string): string {
  let yaml = example.replace(/instance:\n {2}create:\n(?: {4}.*\n)+/, `instance:\n${instance}`);
  if (!yaml.includes(instance)) throw new Error('dev.yaml changed: the instance block was not replaced');
  if (workspaceAlias !== undefined) {
    yaml = yaml.replace(/^workspace:\n/m, `workspace:\n  instanceAlias: ${workspaceAlias}\n`);
    if (!yaml.includes(`instanceAlias: ${workspaceAlias}`))
      throw new Error('dev.yaml has no workspace block');
  }
  const file = join(mkdtempSync(join(tmpdir(), 'santral-alias-')), 'center.yaml');
  writeFileSync(file, yaml);
  return file;
}

const imported = (alias?: string) => `  import:\n    arn: ${ARN}\n${alias ? `    alias: ${alias}\n` : ''}`;

function load(file: string) {
  const warnings: string[] = [];
  const config = loadConfigFile(file, { onWarning: (w) => warnings.push(w) });
  return { config, warnings: warnings.filter((w) => w.includes('instanceAlias')) };
}

function problems(file: string): string[] {
  try {
    loadConfigFile(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('the instance alias', () => {
  it('is instance.import.alias for an import, with no warning', () => {
    const { config, warnings } = load(configFile(imported('acme-existing')));
    expect(instanceAlias(config)).toBe('acme-existing');
    expect(warnings).toEqual([]);
  });

  it('still takes the deprecated workspace.instanceAlias, warning with its line to move it', () => {
    const { config, warnings } = load(configFile(imported(), 'acme-legacy'));
    expect(instanceAlias(config)).toBe('acme-legacy');
    expect(warnings).toEqual([
      expect.stringMatching(
        /center\.yaml:\d+ workspace\.instanceAlias: deprecated: move it to instance\.import\.alias \("acme-legacy"\)/,
      ),
    ]);
  });

  it('warns that workspace.instanceAlias is redundant when it repeats the instance alias', () => {
    const { warnings } = load(configFile(imported('acme-existing'), 'acme-existing'));
    expect(warnings).toEqual([
      expect.stringContaining(
        'workspace.instanceAlias: deprecated and redundant (instance.import.alias says the same): remove it',
      ),
    ]);
  });

  it('refuses a workspace.instanceAlias that contradicts instance.import.alias', () => {
    expect(problems(configFile(imported('acme-existing'), 'acme-other'))).toEqual([
      expect.stringMatching(
        /center\.yaml:\d+ workspace\.instanceAlias: "acme-other" contradicts instance\.import\.alias "acme-existing": an instance has one alias, instance\.import\.alias; remove workspace\.instanceAlias$/,
      ),
    ]);
  });

  it('refuses a workspace.instanceAlias that contradicts the created instance’s alias', () => {
    const created = '  create:\n    alias: acme-online-store-dev\n    identityManagement: CONNECT_MANAGED\n';
    expect(problems(configFile(created, 'acme-other'))).toEqual([
      expect.stringContaining('"acme-other" contradicts instance.create.alias "acme-online-store-dev"'),
    ]);
  });
});
