import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ConnectFunction } from '#infra/constructs/connect-function.ts';
import { buildFoundation } from '../support/foundation.ts';
import { exampleConfig, synth } from './support.ts';

const cfnLintAvailable = (() => {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

describe('security checks', () => {
  it('passes cdk-nag AwsSolutions with every acknowledgement carrying a reason', () => {
    // app.synth() throws ValidationFailed while any unacknowledged AwsSolutions finding remains.
    const { app } = synth(exampleConfig('dev'));
    const reasons: string[] = [];
    for (const c of app.node.findAll()) {
      for (const m of c.node.metadata) {
        if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          reasons.push(...Object.values(m.data as Record<string, string>));
      }
    }
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r.length, `acknowledgement reason too thin: "${r}"`).toBeGreaterThan(40);
  });

  it('fails synth when a finding is not acknowledged', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Probe');
    new s3.Bucket(stack, 'Unencrypted', { enforceSSL: false });

    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S1|server access logs/);
  });

  it.skipIf(!cfnLintAvailable)(
    'cfn-lint reports no errors on the synthesized templates (bundled, as cdk synth)',
    () => {
      const outdir = mkdtempSync(join(tmpdir(), 'santral-cdk-out-'));
      synth(exampleConfig('dev'), { bundle: true, outdir });
      synth(exampleConfig('prod'), {
        bundle: false,
        outdir: mkdtempSync(join(tmpdir(), 'santral-cdk-out-prod-')),
      });
      const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
      expect(templates.length).toBeGreaterThan(0);
      for (const t of templates) {
        const res = spawnSync('cfn-lint', ['--format', 'parseable', join(outdir, t)], { encoding: 'utf8' });
        // cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
        const errors = res.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l));
        expect(errors, errors.join('\n')).toEqual([]);
        expect(res.status! & 2).toBe(0);
        // Warnings too, but W3005 ("dependency already enforced by a GetAtt"): CDK writes explicit DependsOn
        // on a function's role policy next to the GetAtt of its role — harmless and not ours to remove.
        const warnings = res.stdout.split('\n').filter((l) => /:W\d{4}:/.test(l) && !/:W3005:/.test(l));
        expect(warnings, warnings.join('\n')).toEqual([]);
      }
    },
    // Bundling every function and synthesizing two stages takes minutes on a loaded 2-core machine.
    300_000,
  );
  if (!cfnLintAvailable)
    console.warn(
      'NOTICE: cfn-lint is not installed; skipping the cfn-lint template check (pip install cfn-lint).',
    );
});

describe('Connect function construct', () => {
  function connectFunctionStack() {
    const config = exampleConfig('dev');
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Fn', { env: { region: 'us-east-1' } });
    const { instance } = buildFoundation(stack, config);
    const fn = new ConnectFunction(stack, 'Lookup', {
      name: 'connect-associations',
      description: 'test',
      instance,
    });
    return { stack, instance, fn, template: Template.fromStack(stack) };
  }

  it('lets only this instance in this account invoke the function (SourceArn + SourceAccount)', () => {
    const { template, stack } = connectFunctionStack();
    const instanceId = stack.resolve(
      stack.getLogicalId(stack.node.findChild('Connect').node.findChild('Instance') as never),
    );
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'connect.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [instanceId, 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('associates the function with the instance after the storage configs', () => {
    const { template } = connectFunctionStack();
    const assoc = Object.values(template.findResources('AWS::Connect::IntegrationAssociation'));
    expect(assoc).toHaveLength(1);
    expect(assoc[0]!['Properties'].IntegrationType).toBe('LAMBDA_FUNCTION');
    expect(assoc[0]!['DependsOn']).toEqual([expect.stringMatching(/AgentEventsStorage/)]);
  });

  it('runs on arm64 with the newest Node runtime, its own log group with retention, and no managed policies', () => {
    const { template } = connectFunctionStack();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      Timeout: 7,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('LookupLogs') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role['Properties'].ManagedPolicyArns).toBeUndefined();
    }
  });

  it('rejects a Connect timeout over 8 seconds at synth', () => {
    const config = exampleConfig('dev');
    const stack = new Stack(new App(), 'Bad');
    const { instance } = buildFoundation(stack, config);
    expect(
      () =>
        new ConnectFunction(stack, 'Slow', {
          name: 'connect-associations',
          description: 'x',
          instance,
          timeout: Duration.seconds(10),
        }),
    ).toThrow(/at most 8 s/);
  });
});
