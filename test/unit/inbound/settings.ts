/** Inbound settings for tests, built from the demo config (infra/config/dev.yaml) exactly as infra builds them. */
import { join } from 'node:path';
import { CONFIG_DIR, loadConfigFile } from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import type { RoutingSettings } from '#shared/domain/routing.ts';
import {
  type InboundFunctionName,
  inboundSettingsFor,
  inboundSettingsSchema,
} from '#shared/middleware/inbound-settings.ts';

let config: ContactCenterConfig | undefined;
export function demoConfig(): ContactCenterConfig {
  config ??= loadConfigFile(join(CONFIG_DIR, 'dev.yaml'));
  return config;
}

export const demoQueueArns = (): Record<string, string> =>
  Object.fromEntries(
    demoConfig().queues.map((q, i) => [
      q.name,
      `arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/queue/00000000-0000-0000-0000-00000000000${i}`,
    ]),
  );

export function settingsFor(fn: InboundFunctionName) {
  return inboundSettingsSchema.parse(inboundSettingsFor(demoConfig(), fn));
}

export function routingSettings(): RoutingSettings {
  const s = settingsFor('route');
  return { ...s, rules: s.routing!, queueArns: demoQueueArns() };
}

/** Handlers under test log only critical lines and emit no EMF (the middleware tests cover both). */
export const QUIET = { POWERTOOLS_LOG_LEVEL: 'CRITICAL', POWERTOOLS_METRICS_DISABLED: 'true' };

/** Environment for a handler under test: its SANTRAL_INBOUND and the demo queue ARNs. */
export function handlerEnv(fn: InboundFunctionName): Record<string, string> {
  return {
    SANTRAL_INBOUND: JSON.stringify(inboundSettingsFor(demoConfig(), fn)),
    QUEUE_ARNS: JSON.stringify(demoQueueArns()),
    ...QUIET,
  };
}
