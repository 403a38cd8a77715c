/**
 * CDK entry: `npx cdk synth -c stage=dev|prod`. Loads infra/config/<stage>.yaml, builds the stack and runs
 * cdk-nag's AwsSolutions checks. Works offline without credentials: no context lookups.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, loadStageConfig } from '#shared/config/load.ts';
import { SantralStack } from './stack.ts';

export function buildApp(
  stage: string,
  app = new App({ context: { stage } }),
): { app: App; stack: SantralStack } {
  const config = loadStageConfig(stage);
  const stack = new SantralStack(app, `Santral-${config.stage}`, {
    description: `Santral contact center: ${config.name} (${config.stage})`,
    env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
    config,
  });
  Tags.of(stack).add('santral:stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

const isMain = process.argv[1]?.endsWith('infra/app.ts');
if (isMain) {
  const app = new App();
  const stage = String(app.node.tryGetContext('stage') ?? process.env['SANTRAL_STAGE'] ?? 'dev');
  try {
    buildApp(stage, app);
    app.synth();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
