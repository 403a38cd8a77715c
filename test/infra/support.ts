/** Builds the stack for infra tests: from the example config or a variant of it; bundling off unless asked. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '#infra/app.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { type ContactCenterConfig, contactCenterConfigSchema } from '#shared/config/schema.ts';

export function exampleConfig(stage = 'dev'): ContactCenterConfig {
  return structuredClone(loadStageConfig(stage));
}

/** Synthesize a config; `bundle: true` runs esbuild for every function (slower, like `cdk synth`). */
export function synth(config: ContactCenterConfig, options: { bundle?: boolean; outdir?: string } = {}) {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const { stack } = buildApp(contactCenterConfigSchema.parse(config), app);
  const assembly = app.synth();
  return { app, stack, assembly, template: Template.fromStack(stack) };
}
