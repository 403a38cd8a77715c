/**
 * CDK entry: `npx cdk synth -c stage=dev|prod`. Loads infra/config/<stage>.yaml, builds the stack and runs
 * cdk-nag's AwsSolutions checks. Works offline without credentials: no context lookups.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, describeConfigChoice, loadConfigFile, selectConfigFile } from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { FlowFileError } from '#shared/flows/model.ts';
import { FlowValidationError } from '#shared/flows/validator.ts';
import { SantralStack } from './stack.ts';

/** Build the app for a validated config (tests pass variants of the example config). */
export function buildApp(config: ContactCenterConfig, app = new App()): { app: App; stack: SantralStack } {
  const stack = new SantralStack(app, `Santral-${config.stage}`, {
    description: `Santral contact center: ${config.name} (${config.stage})`,
    env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
    config,
  });
  // IntegrationAssociation and Dashboard accept no Tags in CloudFormation (cfn-lint E3002), though their L1s offer them.
  Tags.of(stack).add('santral:stage', config.stage, {
    excludeResourceTypes: ['AWS::Connect::IntegrationAssociation', 'AWS::CloudWatch::Dashboard'],
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/**
 * Synthesize a config in-process, as `npx cdk synth` does but without bundling the functions (offline, no
 * credentials, seconds instead of minutes): the template `santral diff` compares with a saved one. The
 * cloud assembly goes to a temporary folder that is removed afterwards.
 */
export function synthesizeTemplate(config: ContactCenterConfig): Record<string, unknown> {
  const outdir = mkdtempSync(join(tmpdir(), 'santral-synth-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const { stack } = buildApp(config, app);
    return app.synth().getStackArtifact(stack.artifactId).template as Record<string, unknown>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The message `cdk synth` prints for a config or flow problem (the admin's to fix), else undefined. */
export function inputErrorMessage(err: unknown): string | undefined {
  return err instanceof ConfigError || err instanceof FlowValidationError || err instanceof FlowFileError
    ? err.message
    : undefined;
}

const isMain = process.argv[1]?.endsWith('infra/app.ts');
if (isMain) {
  const app = new App();
  const stage = app.node.tryGetContext('stage') as string | undefined;
  // `-c config=path/to/file.yaml` (or SANTRAL_CONFIG) synthesizes a config file outside infra/config/ — the
  // same choice, in the same order, as the CLI's --config / SANTRAL_CONFIG / --stage (shared/config/load.ts).
  const file = app.node.tryGetContext('config') as string | undefined;
  try {
    const selection = selectConfigFile({ config: file, stage });
    const config = loadConfigFile(selection.file, { onWarning: (w) => console.error(`warning: ${w}`) });
    // stderr: `cdk synth` prints the template on stdout.
    console.error(`santral: ${describeConfigChoice(selection, config)}`);
    buildApp(config, app);
    app.synth();
  } catch (err) {
    // Config and flow problems are the admin's to fix: print the message, not a stack trace.
    const message = inputErrorMessage(err);
    if (message !== undefined) {
      console.error(message);
      process.exit(1);
    }
    throw err;
  }
}
