/**
 * santral diff's domain: a saved template vs the template the current config synthesizes, in admin terms.
 * Both sides are real synthesized templates (the example config and variants of it); "saved" templates
 * from an older revision are made by editing the synthesized JSON the way that revision would differ.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnTemplate,
  diffTemplates,
  hasChanges,
  parseTemplate,
  type ResourceChange,
  type TemplateDiff,
  TemplateFileError,
} from '#shared/admin/template-diff.ts';
import { templateDiffMarkdown } from '#shared/admin/template-diff-report.ts';
import { exampleConfig, synth } from '../../infra/support.ts';

const templateOf = (config = exampleConfig()): CfnTemplate =>
  parseTemplate(JSON.stringify(synth(config).template.toJSON()), 'synth');

const find = (d: TemplateDiff, category: ResourceChange['category'], name: string) =>
  d.changes.find((c) => c.category === category && c.name === name);

/** The resource of a type whose `Properties[prop] === value`, in a template being edited. */
function resource(t: CfnTemplate, type: string, prop: string, value: string) {
  const r = Object.values(t.Resources).find(
    (x) => x.Type === type && (x.Properties as Record<string, unknown>)[prop] === value,
  );
  if (!r) throw new Error(`no ${type} with ${prop}=${value}`);
  return r.Properties as Record<string, unknown>;
}

let base: CfnTemplate;
let variant: TemplateDiff;

beforeAll(() => {
  base = templateOf();
  const c = exampleConfig();
  c.queues.find((q) => q.name === 'Support')!.maxContacts = 60;
  const main = c.hours.find((h) => h.name === 'Main')!;
  (main.weekly as Record<string, string>)['MONDAY'] = '08:00-12:00, 13:00-18:00';
  c.quickConnects = c.quickConnects.filter((q) => q.name !== 'To Maria');
  c.agents.find((a) => a.login === 'john')!.routingProfile = 'Turkish Care';
  variant = diffTemplates(base, templateOf(c));
}, 120_000);

describe('diffTemplates', () => {
  it('finds nothing between a template and itself re-synthesized (no noise from hashes or code assets)', () => {
    const again = diffTemplates(base, templateOf());
    expect(again).toEqual({ changes: [], flows: [], other: [], replacements: [] });
    expect(hasChanges(again)).toBe(false);
  }, 60_000);

  it('names a queue by its Connect name and says which setting changed', () => {
    expect(find(variant, 'queues', 'Support')).toMatchObject({ category: 'queues', change: 'changed' });
    expect(find(variant, 'queues', 'Support')?.details[0]).toEqual({
      what: 'max contacts',
      before: '50',
      after: '60',
    });
  });

  it('shows an hours window per day, split shifts included', () => {
    expect(find(variant, 'hours', 'Main')?.details).toEqual([
      { what: 'MONDAY', before: '09:00-18:00', after: '08:00-12:00, 13:00-18:00' },
    ]);
  });

  it('reports a removed quick connect, and the queues that no longer offer it', () => {
    expect(find(variant, 'quick connects', 'To Maria')).toMatchObject({
      change: 'removed',
      details: expect.arrayContaining([{ what: 'target', before: 'agent maria' }]),
    });
    const support = find(variant, 'queues', 'Support');
    expect(find(variant, 'queues', 'Orders')?.details).toEqual([
      {
        what: 'quick connects',
        before: expect.stringContaining('To Maria'),
        after: expect.not.stringContaining('To Maria'),
      },
    ]);
    expect(support?.details.map((d) => d.what)).toEqual(['max contacts', 'quick connects']);
  });

  it("reports an agent's routing profile by name", () => {
    expect(find(variant, 'agents', 'john')?.details).toEqual([
      { what: 'routing profile', before: 'Customer Care', after: 'Turkish Care' },
    ]);
  });

  it('reads overrides: recurring holidays as rules, reduced hours with their window', () => {
    const saved = structuredClone(base);
    const returns = resource(saved, 'AWS::Connect::HoursOfOperation', 'Name', 'Returns');
    const overrides = returns['HoursOfOperationOverrides'] as Record<string, unknown>[];
    returns['HoursOfOperationOverrides'] = overrides.filter(
      (o) => o['OverrideName'] !== 'Memorial Day' && o['OverrideName'] !== 'Christmas Eve',
    );
    const d = diffTemplates(saved, base);
    expect(find(d, 'hours', 'Returns')?.details).toEqual([
      {
        what: 'override “Memorial Day”',
        after: 'every year last MONDAY of May: closed (2026-01-01…2035-12-31)',
      },
      { what: 'override “Christmas Eve”', after: '2026-12-24: open THURSDAY 09:00-12:00' },
    ]);
  });

  it('diffs a flow block by block, with ${Kind:name} references instead of ARN tokens', () => {
    const saved = structuredClone(base);
    const optOut = resource(saved, 'AWS::Connect::ContactFlow', 'Name', 'opt-out');
    const join = (optOut['Content'] as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    join[1] = join[1].map((p) =>
      typeof p === 'string' ? p.replace('Thank you for letting us know.', 'Thanks.') : p,
    );
    const d = diffTemplates(saved, base);
    expect(d.changes).toEqual([]);
    expect(d.flows).toHaveLength(1);
    expect(d.flows[0]).toMatchObject({ name: 'opt-out', change: 'changed' });
    expect(d.flows[0]!.blocks).toEqual([
      expect.objectContaining({
        change: 'changed',
        details: [
          {
            what: 'prompt',
            kind: 'prompt',
            before: 'Done. We will not call this number again, starting now. Thanks. Goodbye.',
            after:
              'Done. We will not call this number again, starting now. Thank you for letting us know. Goodbye.',
          },
        ],
      }),
    ]);
  });

  it('renders references in flows as names', () => {
    const saved = structuredClone(base);
    delete saved.Resources[
      Object.keys(saved.Resources).find(
        (id) =>
          saved.Resources[id]!.Type === 'AWS::Connect::ContactFlow' &&
          (saved.Resources[id]!.Properties as { Name: string }).Name === 'opt-out',
      )!
    ];
    const d = diffTemplates(saved, base);
    const added = d.flows.find((f) => f.name === 'opt-out')!;
    expect(added.change).toBe('added');
    const text = JSON.stringify(added);
    expect(text).toContain('${Queue:General}');
    expect(text).not.toMatch(/Fn::GetAtt|arn:aws/);
  });

  it('lists IAM actions added to a role', () => {
    const saved = structuredClone(base);
    const policy = Object.values(saved.Resources).find(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify((r.Properties as { Roles: unknown }).Roles).includes('InboundivrlookupRole'),
    )!.Properties as { PolicyDocument: { Statement: { Action: string | string[] }[] } };
    for (const s of policy.PolicyDocument.Statement)
      if (Array.isArray(s.Action)) s.Action = s.Action.filter((a) => a !== 'dynamodb:BatchGetItem');
    const d = diffTemplates(saved, base);
    expect(d.changes).toEqual([
      {
        category: 'permissions',
        name: 'InboundivrlookupRole (Santral ivr-lookup function)',
        change: 'changed',
        details: [{ what: 'dynamodb:BatchGetItem', after: '${DataCustomersTable}, ${DataDncTable}' }],
      },
    ]);
  });

  it('counts changes outside Connect and IAM per resource type, ignoring Lambda code', () => {
    const saved = structuredClone(base);
    const alarm = Object.values(saved.Resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm')!;
    (alarm.Properties as Record<string, unknown>)['Threshold'] = 12345;
    const fn = Object.values(saved.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    (fn.Properties as { Code: unknown }).Code = { S3Bucket: 'b', S3Key: 'other-hash.zip' };
    expect(diffTemplates(saved, base).other).toEqual([
      { type: 'AWS::CloudWatch::Alarm', added: 0, removed: 0, changed: 1 },
    ]);
  });
});

describe('templateDiffMarkdown', () => {
  it('has a section per kind of change, values before → after', () => {
    const md = templateDiffMarkdown(variant, 'Santral dev');
    expect(md).toContain('### Queues\n');
    expect(md).toContain('- **changed** “Support”\n  - max contacts: `50` → `60`');
    expect(md).toContain('### Hours of operation');
    expect(md).toContain('- **removed** “To Maria”');
  });

  it('says so when nothing changes', () => {
    expect(templateDiffMarkdown({ changes: [], flows: [], other: [], replacements: [] }, 'x')).toContain(
      'No changes',
    );
  });
});

describe('parseTemplate', () => {
  const error = (text: string) => {
    try {
      parseTemplate(text, 'saved.json');
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateFileError);
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  it('rejects text that is not JSON, naming the file', () => {
    expect(error('{"Resources": ')).toMatch(/^saved\.json: not valid JSON/);
  });

  it('says a YAML template must be saved as JSON', () => {
    expect(error('Resources:\n  Q:\n    Type: AWS::Connect::Queue\n')).toMatch(
      /YAML template; santral diff reads JSON/,
    );
  });

  it('rejects JSON that is not a template, saying how to save one', () => {
    expect(error('{"name": "inbound-main"}')).toMatch(
      /not a CloudFormation template: expected .*"Resources".*cdk synth/,
    );
  });

  it('rejects a resource without a Type, naming it', () => {
    expect(error('{"Resources": {"Q": {"Properties": {}}}}')).toBe(
      'saved.json: Resources.Q: expected an object with a string "Type"',
    );
  });

  it('reads `aws cloudformation get-template` output, with the body as an object or a string', () => {
    const t = { Resources: { Q: { Type: 'AWS::Connect::Queue', Properties: { Name: 'Support' } } } };
    expect(parseTemplate(JSON.stringify({ TemplateBody: t }), 'x')).toEqual(t);
    expect(parseTemplate(JSON.stringify({ TemplateBody: JSON.stringify(t) }), 'x')).toEqual(t);
  });
});
