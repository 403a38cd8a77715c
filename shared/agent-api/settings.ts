/**
 * The config slice the agent API needs, built from the validated config (`agentApiSettingsFor`) and carried
 * to the Lambda in `SANTRAL_AGENT_API` (JSON), beside `QUEUE_ARNS` (queue name → ARN, filled by infra) that
 * turns Connect's queue ids back into names.
 */
import { z } from 'zod';
import type { ContactCenterConfig } from '../config/schema.ts';
import type { AgentApiSettings } from './ports.ts';

export const AGENT_API_ENV = 'SANTRAL_AGENT_API';

const settingsSchema = z.object({
  queues: z.array(z.string()),
  agents: z.array(z.string()),
  wrapUp: z.object({
    codes: z.array(
      z.object({ code: z.string(), label: z.string(), labels: z.record(z.string(), z.string()) }),
    ),
    queues: z.array(z.object({ queue: z.string(), codes: z.array(z.string()), required: z.boolean() })),
  }),
  transferGuard: z.object({
    allowedCountries: z.array(z.string()),
    blockedNumberTypes: z.array(z.string()),
    allowList: z.array(z.string()),
    denyList: z.array(z.string()),
  }),
  defaultCountry: z.string(),
  historyLimit: z.number().int().min(1),
});

export class AgentApiSettingsError extends Error {
  override readonly name = 'AgentApiSettingsError';
}

export function agentApiSettingsFor(config: ContactCenterConfig): AgentApiSettings {
  return {
    queues: config.queues.map((q) => q.name),
    agents: config.agents.map((a) => a.login),
    wrapUp: {
      codes: config.wrapUp.codes.map((c) => ({ code: c.code, label: c.label, labels: c.labels })),
      queues: config.wrapUp.queues.map((q) => ({ queue: q.queue, codes: q.codes, required: q.required })),
    },
    transferGuard: config.transferGuard,
    defaultCountry: config.phoneNumbers[0]?.country ?? 'US',
    historyLimit: config.workspace?.historyLimit ?? 5,
  };
}

export function readAgentApiSettings(env: NodeJS.ProcessEnv = process.env): AgentApiSettings {
  let json: unknown;
  try {
    json = JSON.parse(env[AGENT_API_ENV] ?? '');
  } catch (error) {
    throw new AgentApiSettingsError(`${AGENT_API_ENV} is not JSON`, { cause: error });
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success)
    throw new AgentApiSettingsError(
      `${AGENT_API_ENV}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
