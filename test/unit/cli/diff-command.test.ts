/**
 * `santral diff --template`: the real CLI command, synthesizing the stage config in-process (offline) and
 * comparing it with a saved template — the example config's own synthesized template, edited the way an
 * older revision would differ.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as diffCommand from '#infra/cli/commands/diff.ts';
import { DIFF_EXIT } from '#infra/cli/commands/diff.ts';
import { exampleConfig, synth } from '../../infra/support.ts';
import { runSantral } from '../../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'santral-diff-'));
const saved = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

let current: Record<string, { Type: string; Properties: Record<string, unknown> }>;

beforeAll(() => {
  current = synth(exampleConfig()).template.toJSON()['Resources'];
}, 120_000);

/** The current template with the Support queue at another size, as an older revision had it. */
function olderTemplate(): string {
  const resources = structuredClone(current);
  const support = Object.values(resources).find(
    (r) => r.Type === 'AWS::Connect::Queue' && r.Properties['Name'] === 'Support',
  )!;
  support.Properties['MaxContacts'] = 40;
  return JSON.stringify({ Resources: resources });
}

describe('santral diff --template', () => {
  it('prints the changes as Markdown and exits 2 (changes)', async () => {
    const r = await runSantral([diffCommand], ['diff', '--template', saved('old.json', olderTemplate())]);
    expect(r.exitCode).toBe(2);
    expect(DIFF_EXIT.changed).toBe(2);
    expect(r.out).toContain('### Queues');
    expect(r.out).toContain('- **changed** “Support”\n  - max contacts: `40` → `50`');
    expect(r.err).toContain('infra/config/dev.yaml (stage dev)');
  }, 120_000);

  it('prints JSON with --json', async () => {
    const r = await runSantral(
      [diffCommand],
      ['diff', '--json', '--template', saved('old2.json', olderTemplate())],
    );
    const body = JSON.parse(r.out) as { changed: boolean; changes: unknown[]; flows: unknown[] };
    expect(body.changed).toBe(true);
    expect(body.changes).toEqual([
      {
        category: 'queues',
        name: 'Support',
        change: 'changed',
        details: [{ what: 'max contacts', before: '40', after: '50' }],
      },
    ]);
    expect(body.flows).toEqual([]);
  }, 120_000);

  it('exits 0 and says so when the saved template is what the config synthesizes', async () => {
    const file = saved('same.json', JSON.stringify({ TemplateBody: { Resources: current } }));
    const out = join(dir, 'review.md');
    const r = await runSantral([diffCommand], ['diff', '--template', file, '--out', out]);
    expect(r.exitCode).toBe(DIFF_EXIT.unchanged);
    expect(readFileSync(out, 'utf8')).toContain('No changes: deploying this config changes nothing.');
    expect(r.err).toContain(`wrote ${out}: no changes`);
  }, 120_000);

  it.each([
    ['a missing file', join(dir, 'nope.json'), /nope\.json: file not found \(save one with `npx cdk synth/],
    ['a file that is not JSON', saved('bad.json', '{"Resources": {'), /bad\.json: not valid JSON/],
    [
      'JSON that is not a template',
      saved('flow.json', '{"name": "inbound-main", "type": "CONTACT_FLOW"}'),
      /flow\.json: not a CloudFormation template/,
    ],
  ])('exits 1 with a clean message for %s', async (_what, file, message) => {
    const r = await runSantral([diffCommand], ['diff', '--template', file]);
    expect(r.exitCode).toBe(DIFF_EXIT.failed);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });
});
