import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as flowsCommand from '#infra/cli/commands/flows.ts';
import { formattingIssues } from '#shared/flows/formatting.ts';
import { FLOW_TYPES, formatFlowFile, parseFlowFile } from '#shared/flows/model.ts';
import { runSantral } from '../../support/cli.ts';

const santral = (...args: string[]) => runSantral([flowsCommand], args);
const VALID = readFileSync(resolve(import.meta.dirname, '../../fixtures/flows/valid.json'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'santral-flows-new-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('santral flows new', () => {
  it.each(FLOW_TYPES)('writes a %s skeleton that validates with no findings', async (type) => {
    const name = `new-${type.toLowerCase().replace(/_/g, '-')}`;
    const made = await santral('flows', 'new', name, '--type', type, '--dir', dir);
    expect(made.exitCode).toBeUndefined();
    const file = join(dir, `${name}.json`);
    const checked = await santral('flows', 'validate', file, '--json');
    expect(JSON.parse(checked.out).issues).toEqual([]);
    expect(parseFlowFile(readFileSync(file, 'utf8'), file).type).toBe(type);
  });

  it('refuses to overwrite an existing flow', async () => {
    await santral('flows', 'new', 'menu', '--type', 'CONTACT_FLOW', '--dir', dir);
    await expect(santral('flows', 'new', 'menu', '--type', 'CONTACT_FLOW', '--dir', dir)).rejects.toThrow(
      'menu.json already exists; pick another name or edit that file',
    );
  });

  it('names the flow types when the type is unknown', async () => {
    await expect(santral('flows', 'new', 'menu', '--type', 'IVR', '--dir', dir)).rejects.toThrow(
      `--type IVR: expected one of ${FLOW_TYPES.join(', ')}`,
    );
  });

  it('rejects a name that cannot be a file and flow name', async () => {
    await expect(
      santral('flows', 'new', 'billing/menu', '--type', 'CONTACT_FLOW', '--dir', dir),
    ).rejects.toThrow('flow name "billing/menu": use letters, digits');
  });
});

describe('formatting: what npm test rejects, and the canonical form', () => {
  const write = (text: string) => {
    const file = join(dir, 'valid.json');
    writeFileSync(file, text);
    return file;
  };

  it('is an error when Biome (npm test) would reprint the file', async () => {
    const file = write(JSON.stringify(JSON.parse(VALID))); // one line, longer than Biome's 110 columns
    const shown = relative(process.cwd(), file);
    expect(await formattingIssues(readFileSync(file, 'utf8'), shown)).toEqual([
      {
        severity: 'error',
        rule: 'format',
        file: shown,
        message: `not formatted the way \`npm test\` (biome check) requires; run \`npx santral flows format ${shown}\``,
      },
    ]);
    const r = await santral('flows', 'validate', file);
    expect(r.exitCode).toBe(1);
  });

  it('is a warning when Biome accepts it but it is not the canonical form flows pull writes', async () => {
    // Biome keeps a short object on one line; the canonical form expands every object.
    const text = VALID.replace(
      '"Parameters": {\n          "Text": "Hello."\n        }',
      '"Parameters": { "Text": "Hello." }',
    );
    expect(text).not.toBe(VALID);
    const [issue] = await formattingIssues(text, 'valid.json');
    expect(issue).toMatchObject({ severity: 'warning', rule: 'format', file: 'valid.json' });
    expect(issue?.message).toMatch(/^not in the canonical form `flows pull` writes/);
  });

  it('finds nothing in a canonical file (every repo flow)', async () => {
    expect(await formattingIssues(VALID, 'valid.json')).toEqual([]);
  });

  it('flows format rewrites a file into the canonical form; --check only reports', async () => {
    const file = write(JSON.stringify(JSON.parse(VALID), null, 4));
    const check = await santral('flows', 'format', '--check', file);
    expect(check.exitCode).toBe(1);
    expect(check.out).toContain(`not formatted: ${relative(process.cwd(), file)}`);
    expect(readFileSync(file, 'utf8')).not.toBe(VALID);
    const fixed = await santral('flows', 'format', file);
    expect(fixed.exitCode).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(formatFlowFile(parseFlowFile(VALID, 'valid.json')));
    expect(readFileSync(file, 'utf8')).toBe(VALID);
  });

  it('flows format names a file that is not a flow file', async () => {
    const file = write('{ "name": ');
    await expect(santral('flows', 'format', file)).rejects.toThrow(/valid\.json: not valid JSON/);
  });
});
