/**
 * The slice of the contact-center config each inbound function needs, carried in its environment:
 * `SANTRAL_INBOUND` (JSON, built from the validated config by `inboundEnvironment`) and `QUEUE_ARNS`
 * (JSON queue name → ARN, filled by infra; the simulator fills it locally). Lambda environments are
 * limited to 4 KB in total, so each function gets only its own part (routing rules and hours for
 * `route`, the toll-fraud guard for `transfer` and `callback`, …). Parsed once per container, lazily, so a
 * broken variable is a fault the handler turns into its safe default rather than a failed cold start.
 */
import * as z from 'zod/mini';
import type { ContactCenterConfig } from '../config/schema.ts';
import type { RoutingSettings } from '../domain/routing.ts';

export const INBOUND_FUNCTIONS = [
  'ivr-lookup',
  'route',
  'transfer',
  'callback',
  'survey',
  'opt-out',
] as const;
export type InboundFunctionName = (typeof INBOUND_FUNCTIONS)[number];

export const INBOUND_ENV = 'SANTRAL_INBOUND';
export const QUEUE_ARNS_ENV = 'QUEUE_ARNS';

const guardSchema = z.object({
  allowedCountries: z.array(z.string()),
  blockedNumberTypes: z.array(z.string()),
  allowList: z.array(z.string()),
  denyList: z.array(z.string()),
});

const hoursSchema = z.object({
  name: z.string(),
  timeZone: z.string(),
  weekly: z.record(z.string(), z.string()),
  holidays: z.array(
    z.object({
      name: z.string(),
      date: z.optional(z.string()),
      from: z.optional(z.string()),
      to: z.optional(z.string()),
      yearly: z.optional(z.string()),
      open: z.optional(z.string()),
    }),
  ),
});

// zod/mini (tree-shakable) keeps the classic zod build out of the handler bundles.
export const inboundSettingsSchema = z.object({
  defaultLanguage: z._default(z.string(), 'en-US'),
  supportedLanguages: z._default(z.array(z.string()), ['en-US']),
  /** Country for national-format numbers (callers' keypad input). */
  defaultCountry: z._default(z.string(), 'US'),
  repeatCallerWindowHours: z._default(z.number(), 72),
  queueNames: z._default(z.array(z.string()), []),
  routing: z.optional(
    z.object({
      intents: z.record(z.string(), z.object({ digit: z.string(), queue: z.string() })),
      defaultQueue: z.string(),
      priority: z.object({ vip: z.number(), standard: z.number() }),
      languageQueues: z.record(z.string(), z.record(z.string(), z.string())),
      callbackOfferAfterSeconds: z.number(),
      repeatCallerWindowHours: z.number(),
      stickyAgent: z.boolean(),
    }),
  ),
  queues: z._default(
    z.array(z.object({ name: z.string(), hours: z.string(), language: z.optional(z.string()) })),
    [],
  ),
  hours: z._default(z.array(hoursSchema), []),
  transferGuard: z.optional(guardSchema),
});
export type InboundSettings = z.infer<typeof inboundSettingsSchema>;

export class InboundSettingsError extends Error {
  override readonly name = 'InboundSettingsError';
}

/** The settings document for one function, from the validated config. */
export function inboundSettingsFor(
  config: ContactCenterConfig,
  fn: InboundFunctionName,
): z.input<typeof inboundSettingsSchema> {
  const base = {
    defaultLanguage: config.languages.default,
    supportedLanguages: config.languages.supported.map((l) => l.code),
  };
  switch (fn) {
    case 'ivr-lookup':
      return { ...base, repeatCallerWindowHours: config.routing.repeatCallerWindowHours };
    case 'route': {
      const used = new Set(config.queues.map((q) => q.hours));
      return {
        ...base,
        routing: config.routing,
        queues: config.queues.map((q) => ({
          name: q.name,
          hours: q.hours,
          ...(q.language ? { language: q.language } : {}),
        })),
        hours: config.hours
          .filter((h) => used.has(h.name))
          .map((h) => ({ name: h.name, timeZone: h.timeZone, weekly: h.weekly, holidays: h.holidays })),
      };
    }
    case 'transfer':
    case 'callback':
      return {
        defaultCountry: config.phoneNumbers[0]?.country ?? 'US',
        queueNames: config.queues.map((q) => q.name),
        transferGuard: config.transferGuard,
      };
    case 'survey':
    case 'opt-out':
      return {};
  }
}

/** Environment variables for one inbound function (QUEUE_ARNS is added by infra or the simulator). */
export function inboundEnvironment(
  config: ContactCenterConfig,
  fn: InboundFunctionName,
): Record<string, string> {
  return { [INBOUND_ENV]: JSON.stringify(inboundSettingsFor(config, fn)) };
}

/**
 * Parsed values by the variable's text. In Lambda one function owns the container, so one entry is used; the
 * simulator runs every handler in one process and switches the variables per function before each call, so
 * a single-entry cache would re-parse (zod) on every call. Bounded: stale texts are dropped oldest first.
 */
const MAX_CACHED = 32;
function remember<T>(cache: Map<string, T>, raw: string, value: T): T {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(raw, value);
  return value;
}
const settingsByText = new Map<string, InboundSettings>();
const queueArnsByText = new Map<string, Record<string, string>>();

/** This function's settings from `SANTRAL_INBOUND` (cached per container; re-read when the variable changes). */
export function readInboundSettings(env: NodeJS.ProcessEnv = process.env): InboundSettings {
  const raw = env[INBOUND_ENV];
  const cached = settingsByText.get(raw ?? '');
  if (cached) return cached;
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '{}');
  } catch (error) {
    throw new InboundSettingsError(`${INBOUND_ENV} is not JSON`, { cause: error });
  }
  const parsed = inboundSettingsSchema.safeParse(json);
  if (!parsed.success) {
    throw new InboundSettingsError(
      `${INBOUND_ENV}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return remember(settingsByText, raw ?? '', parsed.data);
}

/** Queue name → ARN from `QUEUE_ARNS`; empty when unset (local runs without Connect). */
export function readQueueArns(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const raw = env[QUEUE_ARNS_ENV];
  if (!raw) return {};
  const cached = queueArnsByText.get(raw);
  if (cached) return cached;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new InboundSettingsError(`${QUEUE_ARNS_ENV} is not JSON`, { cause: error });
  }
  const parsed = z.record(z.string(), z.string()).safeParse(json);
  if (!parsed.success)
    throw new InboundSettingsError(`${QUEUE_ARNS_ENV} must be a JSON object of queue name → ARN`);
  return remember(queueArnsByText, raw, parsed.data);
}

/** Settings or undefined, for computing a safe default at module scope without failing the cold start. */
export function tryReadInboundSettings(env: NodeJS.ProcessEnv = process.env): InboundSettings | undefined {
  try {
    return readInboundSettings(env);
  } catch {
    return undefined;
  }
}

/** Settings for `route`: the rules, queues, hours and queue ARNs (throws when the rules are missing). */
export function readRoutingSettings(
  env: NodeJS.ProcessEnv = process.env,
): RoutingSettings & { defaultCountry: string } {
  const settings = readInboundSettings(env);
  if (!settings.routing) throw new InboundSettingsError(`${INBOUND_ENV} has no routing rules`);
  return { ...settings, rules: settings.routing, queueArns: readQueueArns(env) };
}

/** The default queue and its ARN for a safe default; never throws (a broken environment gives "General", ""). */
export function defaultQueueTarget(env: NodeJS.ProcessEnv = process.env): {
  queueName: string;
  queueArn: string;
} {
  const queueName = tryReadInboundSettings(env)?.routing?.defaultQueue ?? 'General';
  try {
    return { queueName, queueArn: readQueueArns(env)[queueName] ?? '' };
  } catch {
    return { queueName, queueArn: '' };
  }
}
