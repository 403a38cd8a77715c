/**
 * The config slice the supervisor console's routes need (shared/operator/supervisor-routes.ts), built from the
 * validated config (`supervisorSettingsFor`) and carried to the deployed supervisor-api Lambda in
 * `SANTRAL_SUPERVISOR_API` (JSON): the main time zone (local `from`/`to`, interval labels, evidence text), the
 * queue names (report rows, the `queue` filter, the live view), routing profile → queues (an agent counts for
 * every queue of their routing profile in the live view), the KPI settings and the cost figures.
 *
 * Lambda allows 4 KB of environment in total (keys and values,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html), so the whole config never goes there;
 * infra checks this slice's size at synth (infra/constructs/supervisor-api.ts).
 */
import { z } from 'zod';
import type { ContactCenterConfig } from '#shared/config/schema.ts';

export const SUPERVISOR_API_ENV = 'SANTRAL_SUPERVISOR_API';
/** The stage's erasure function's name, which supervisor-api invokes for erasure requests. */
export const ERASURE_FUNCTION_ENV = 'ERASURE_FUNCTION_NAME';

export interface SupervisorSettings {
  /** The center's main time zone (config.hours[0]; UTC when no hours are configured). */
  timeZone: string;
  /** Configured queue names, in config order. */
  queues: string[];
  /** Routing profile → the queues it serves. */
  routingProfiles: { name: string; queues: string[] }[];
  kpi: { serviceLevelSeconds: number; fcrDays: number };
  cost: { currency: string; telephonyPerMinute: number; agentPerHour: number };
}

const settingsSchema = z
  .object({
    timeZone: z.string().min(1),
    queues: z.array(z.string().min(1)),
    routingProfiles: z.array(
      z.object({ name: z.string().min(1), queues: z.array(z.string().min(1)) }).strict(),
    ),
    kpi: z
      .object({ serviceLevelSeconds: z.number().int().min(1), fcrDays: z.number().int().min(1) })
      .strict(),
    cost: z
      .object({
        currency: z.string().regex(/^[A-Z]{3}$/),
        telephonyPerMinute: z.number().min(0),
        agentPerHour: z.number().min(0),
      })
      .strict(),
  })
  .strict();

export class SupervisorSettingsError extends Error {
  override readonly name = 'SupervisorSettingsError';
}

export function supervisorSettingsFor(config: ContactCenterConfig): SupervisorSettings {
  return {
    timeZone: config.hours[0]?.timeZone ?? 'UTC',
    queues: config.queues.map((q) => q.name),
    routingProfiles: config.routingProfiles.map((rp) => ({
      name: rp.name,
      queues: rp.queues.map((q) => q.queue),
    })),
    kpi: { serviceLevelSeconds: config.kpi.serviceLevelSeconds, fcrDays: config.kpi.fcrDays },
    cost: {
      currency: config.cost.currency,
      telephonyPerMinute: config.cost.telephonyPerMinute,
      agentPerHour: config.cost.agentPerHour,
    },
  };
}

/** The settings infra wrote; a missing or malformed value names the variable and the field. */
export function readSupervisorSettings(env: NodeJS.ProcessEnv = process.env): SupervisorSettings {
  const raw = env[SUPERVISOR_API_ENV];
  if (!raw)
    throw new SupervisorSettingsError(`${SUPERVISOR_API_ENV} is not set (infra sets it on supervisor-api)`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new SupervisorSettingsError(`${SUPERVISOR_API_ENV} is not JSON`, { cause: error });
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success)
    throw new SupervisorSettingsError(
      `${SUPERVISOR_API_ENV}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
