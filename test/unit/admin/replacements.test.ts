/**
 * santral diff's replacements: a change CloudFormation cannot make in place (a create-only property, a type)
 * is listed first, with what it means for the center. Both sides are real synthesized templates. The table of
 * create-only properties is checked against the CloudFormation registry schemas the installed cfn-lint ships,
 * for every resource type the dev and prod stacks contain (skipped, with a notice, where cfn-lint is absent,
 * like the cfn-lint template check in test/infra/security.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnTemplate,
  CREATE_ONLY_PROPERTIES,
  diffTemplates,
  parseTemplate,
  type TemplateDiff,
} from '#shared/admin/template-diff.ts';
import { templateDiffMarkdown, templateDiffSummary } from '#shared/admin/template-diff-report.ts';
import { exampleConfig, synth } from '../../infra/support.ts';

const templateOf = (config = exampleConfig()): CfnTemplate =>
  parseTemplate(JSON.stringify(synth(config).template.toJSON()), 'synth');

/** Top-level create-only properties per type, from cfn-lint's provider schemas (us-east-1); undefined without cfn-lint. */
function cfnLintCreateOnly(types: string[]): Record<string, string[]> | undefined {
  const script = [
    'import json, sys',
    'from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as m',
    'out = {}',
    'for t in json.loads(sys.argv[1]):',
    '    s = m.get_resource_schema("us-east-1", t).schema',
    '    out[t] = sorted({p.split("/")[2] for p in s.get("createOnlyProperties", [])})',
    'print(json.dumps(out))',
  ].join('\n');
  try {
    return JSON.parse(
      execFileSync('python3', ['-c', script, JSON.stringify(types)], { encoding: 'utf8', stdio: 'pipe' }),
    ) as Record<string, string[]>;
  } catch {
    return undefined;
  }
}

let base: CfnTemplate;
let prod: CfnTemplate;
let replaced: TemplateDiff;

beforeAll(() => {
  base = templateOf();
  prod = templateOf(exampleConfig('prod'));
  const c = exampleConfig();
  // A new prefix for the main line (a different number), and another alias (a different instance).
  c.phoneNumbers[0]!.prefix = '+1312';
  c.instance.create!.alias = `${c.instance.create!.alias}-2`;
  replaced = diffTemplates(base, templateOf(c));
}, 180_000);

describe('replacements in santral diff', () => {
  it('lists a number whose prefix changed as a new number, and says the old one stays claimed', () => {
    const number = replaced.replacements.find((r) => r.type === 'AWS::Connect::PhoneNumber');
    expect(number).toMatchObject({ name: exampleConfig().phoneNumbers[0]!.name, properties: ['Prefix'] });
    expect(number!.consequence).toMatch(/^Connect claims a different number; the old number stays claimed/);
  });

  it('lists a new alias as a new, empty instance (history stays with the old one)', () => {
    const instance = replaced.replacements.find((r) => r.type === 'AWS::Connect::Instance');
    expect(instance).toMatchObject({ name: 'instance', properties: ['InstanceAlias'] });
    expect(instance!.consequence).toContain('a new, empty Connect instance');
  });

  it('follows a replaced instance to what points at it through a create-only property', () => {
    const types = replaced.replacements.map((r) => r.type);
    // Security profiles and storage configs name the instance in create-only InstanceArn: replaced with it.
    expect(types).toContain('AWS::Connect::SecurityProfile');
    expect(types).toContain('AWS::Connect::InstanceStorageConfig');
    const profile = replaced.replacements.find((r) => r.type === 'AWS::Connect::SecurityProfile')!;
    expect(profile.properties).toEqual(['InstanceArn']);
  });

  it('puts them first in the Markdown and in the summary', () => {
    const md = templateDiffMarkdown(replaced, 'Santral dev');
    const section = md.indexOf('### ⚠ Replaced, not updated');
    expect(section).toBeGreaterThan(0);
    expect(section).toBeLessThan(md.indexOf('### Instance'));
    expect(md).toContain(
      '(`AWS::Connect::PhoneNumber`, `Prefix` changed): Connect claims a different number',
    );
    const atStake = replaced.replacements.filter((r) => r.impact === 'atStake');
    expect(atStake.map((r) => r.type).sort()).toEqual(
      expect.arrayContaining(['AWS::Connect::Instance', 'AWS::Connect::PhoneNumber']),
    );
    expect(templateDiffSummary(replaced)).toContain(`REPLACED: ${atStake.length}`);
  });

  it('says a number removed from the config stays claimed (the stack retains it)', () => {
    // Before: the config had a second number; after: it is gone again.
    const c = exampleConfig();
    c.phoneNumbers.push({ ...c.phoneNumbers[0]!, name: 'returns-line', description: 'Returns' });
    const d = diffTemplates(templateOf(c), base);
    const removed = d.changes.find((x) => x.category === 'phone numbers' && x.change === 'removed');
    expect(removed).toMatchObject({ name: 'returns-line' });
    expect(removed!.note).toMatch(/^the number stays claimed in the instance \(the stack retains it\)/);
    expect(templateDiffMarkdown(d, 'dev')).toContain(
      '- **removed** “returns-line”\n  - ⚠ the number stays claimed',
    );
  }, 120_000);

  it('finds none when only updatable settings change', () => {
    const c = exampleConfig();
    c.queues[0]!.maxContacts = (c.queues[0]!.maxContacts ?? 10) + 1;
    expect(diffTemplates(base, templateOf(c)).replacements).toEqual([]);
  }, 120_000);

  it('treats a resource whose type changed under the same logical id as replaced', () => {
    const edited = structuredClone(base);
    const [id, r] = Object.entries(edited.Resources).find(([, x]) => x.Type === 'AWS::Logs::LogGroup')!;
    edited.Resources[id] = { ...r, Type: 'AWS::Logs::LogGroupV2' };
    expect(diffTemplates(base, edited).replacements).toEqual([
      expect.objectContaining({ logicalId: id, properties: ['Type'] }),
    ]);
  });

  const types = () =>
    [...new Set([base, prod].flatMap((t) => Object.values(t.Resources).map((r) => r.Type)))]
      .filter((t) => t.startsWith('AWS::'))
      .sort();
  const schemas = cfnLintCreateOnly(['AWS::Connect::PhoneNumber']);
  if (!schemas)
    console.warn(
      'NOTICE: cfn-lint is not installed; skipping the create-only table check against its schemas (pip install cfn-lint).',
    );
  it.skipIf(!schemas)(
    'knows the create-only properties of every type the stacks deploy, as the CloudFormation schemas say',
    () => {
      const fromSchemas = cfnLintCreateOnly(types())!;
      expect(Object.keys(fromSchemas).length).toBeGreaterThan(20);
      for (const [type, props] of Object.entries(fromSchemas))
        expect([...(CREATE_ONLY_PROPERTIES[type] ?? [])].sort(), type).toEqual(props);
    },
    60_000,
  );
});
