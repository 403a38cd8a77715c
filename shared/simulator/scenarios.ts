/**
 * Scenario tests as data, beside the flows: `contact-flows/scenarios/*.yaml|json`. Each file holds
 * `scenarios: [...]` (or one scenario); each scenario is a call (caller, time, keys, agents, seeded
 * customers, injected Lambda failures) and what must come of it (outcome, prompts containing text,
 * attributes, Lambdas called). Run by test/flows/scenarios.test.ts (`npm test`) and `santral flows test`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FLOWS_DIR } from '#shared/config/load.ts';
import { InvalidDateTimeError, parseInstant, parseLocalDateTime } from '#shared/time/strict.ts';
import { SIM_AGENT_STATES } from './agents.ts';
import { FaultInjectingInvoker } from './lambda-invoker.ts';
import { type SimulatorContext, simulateCall } from './simulator.ts';
import { ScriptedKeypad } from './transcript.ts';
import type { CallResult } from './types.ts';

export const SCENARIOS_DIR = join(FLOWS_DIR, 'scenarios');

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected E.164, e.g. +12065550100');
const queueSpec = z
  .object({
    staffed: z.number().int().min(0).optional(),
    available: z.number().int().min(0).optional(),
    inQueue: z.number().int().min(0).optional(),
    expectedWaitSeconds: z.number().min(0).optional(),
    atCapacity: z.boolean().optional(),
  })
  .strict();

export const customerSeedSchema = z
  .object({
    phone: e164,
    firstName: z.string().min(1),
    lastName: z.string().optional(),
    tier: z.enum(['VIP', 'standard']).default('standard'),
    preferredLanguage: z.enum(['en-US', 'tr-TR']).default('en-US'),
    openCaseId: z.string().optional(),
  })
  .strict();
export type CustomerSeed = z.infer<typeof customerSeedSchema>;

const fault = z.enum(['error', 'throttle', 'timeout', 'invalid-response']);

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    from: e164,
    /** A configured number (name or simulated address) or a flow name; default the main number. */
    to: z.string().optional(),
    /**
     * When the call happens: an ISO instant with an offset, e.g. "2026-11-24T11:00:00-05:00"; with the center's
     * time zone given to the loader, also "2026-11-24T11:00" (wall-clock time there). Checked by the one strict
     * parser (shared/time/strict.ts) when the file is loaded; loaded scenarios hold the instant in UTC.
     */
    at: z.string().min(1, 'expected a date-time'),
    /** Keys: a string consumed key by key ("_" = no input), or one entry per input block. */
    press: z.union([z.string(), z.array(z.string())]).default(''),
    /**
     * Agents in every queue, or per queue name ("*" for the rest); default: the config's staffing (queues a
     * routing profile serves get `simulator.agentsPerQueue`, others none).
     */
    agents: z
      .union([z.number().int().min(0), z.record(z.string(), z.union([z.number().int().min(0), queueSpec]))])
      .optional(),
    /** Customers seeded before the call, in addition to the demo data. */
    customers: z.array(customerSeedSchema).default([]),
    /** Numbers on the internal do-not-call list before the call. */
    dnc: z.array(e164).default([]),
    /** Break Lambdas on purpose: function name (or "*") → fault. */
    lambdaFailures: z.record(z.string(), fault).default({}),
    callerStaysAfterAgent: z.boolean().default(false),
    /** Contact attributes already set when the call enters the flow (e.g. a transfer's context). */
    attributes: z.record(z.string(), z.string()).default({}),
    /** The working queue already set (QUEUE quick connects → transfer-to-queue). */
    queue: z.string().optional(),
    /** A USER quick connect (→ transfer-to-agent): the working queue is this agent's personal queue. */
    agent: z.string().optional(),
    /** Simulated agent states by login (default: every configured agent Available). */
    agentStates: z.record(z.string(), z.enum(SIM_AGENT_STATES)).optional(),
    expect: z
      .object({
        outcome: z
          .object({
            type: z.enum(['queued', 'transferred', 'callback', 'disconnected']),
            queue: z.string().optional(),
            priority: z.number().int().optional(),
            number: z.string().optional(),
            /** The configured agent (login) who answered. */
            agent: z.string().optional(),
          })
          .strict()
          .optional(),
        /** Each text must appear in some prompt, in this order. */
        prompts: z.array(z.string()).default([]),
        /** No prompt may contain any of these. */
        notPrompts: z.array(z.string()).default([]),
        attributes: z.record(z.string(), z.string()).default({}),
        /** These Lambdas are called, in this order (others may be called in between). */
        lambdas: z.array(z.string()).default([]),
        notLambdas: z.array(z.string()).default([]),
        /** These flow modules are entered and return to the flow that invoked them, in this order. */
        modules: z.array(z.string()).optional(),
        /** Lambda name → response keys/values that must be in its (last) result. */
        lambdaResults: z.record(z.string(), z.record(z.string(), z.string())).default({}),
      })
      .strict(),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;

const fileSchema = z.union([z.object({ scenarios: z.array(z.unknown()).min(1) }).strict(), z.unknown()]);

export interface LoadedScenario extends Scenario {
  /** File (relative) and index, for messages: `contact-flows/scenarios/inbound.yaml#2`. */
  source: string;
}

export class ScenarioFileError extends Error {
  override name = 'ScenarioFileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}

const rel = (f: string) => relative(process.cwd(), f) || f;

export interface ScenarioLoadOptions {
  /**
   * The center's main time zone (the config's first `hours` zone): `at` without an offset is wall-clock time
   * there. Without it, `at` must carry an offset.
   */
  timeZone?: string;
}

/** A scenario's `at` through the strict parser; the loaded scenario keeps it as a UTC instant. */
function scenarioInstant(at: string, options: ScenarioLoadOptions): Date {
  return options.timeZone ? parseLocalDateTime(at, options.timeZone) : parseInstant(at);
}

export function loadScenarioFile(file: string, options: ScenarioLoadOptions = {}): LoadedScenario[] {
  let data: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ScenarioFileError(rel(file), [(err as Error).message.split('\n')[0] ?? 'unreadable'], {
      cause: err,
    });
  }
  const parsed = fileSchema.parse(data);
  const list =
    typeof parsed === 'object' && parsed !== null && 'scenarios' in parsed
      ? (parsed as { scenarios: unknown[] }).scenarios
      : [data];
  const problems: string[] = [];
  const out: LoadedScenario[] = [];
  list.forEach((raw, i) => {
    const r = scenarioSchema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues)
        problems.push(`scenarios[${i}].${issue.path.map(String).join('.')}: ${issue.message}`);
    } else {
      try {
        const at = scenarioInstant(r.data.at, options).toISOString();
        out.push({ ...r.data, at, source: `${rel(file)}#${i + 1}` });
      } catch (err) {
        if (!(err instanceof InvalidDateTimeError)) throw err;
        problems.push(`scenarios[${i}].at: ${err.message} (scenario "${r.data.name}")`);
      }
    }
  });
  if (problems.length > 0) throw new ScenarioFileError(rel(file), problems);
  return out;
}

export function loadScenarios(dir = SCENARIOS_DIR, options: ScenarioLoadOptions = {}): LoadedScenario[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .flatMap((f) => loadScenarioFile(join(dir, f), options));
}

/** What the scenario expected that did not happen; empty = passed. */
export function checkExpectations(scenario: Scenario, result: CallResult): string[] {
  const { trace } = result;
  const failures: string[] = [];
  const e = scenario.expect;
  if (result.stopped) failures.push(`the run stopped: ${result.stopped}`);
  if (e.outcome) {
    for (const [k, v] of Object.entries(e.outcome)) {
      const actual = (trace.outcome as unknown as Record<string, unknown>)[k];
      if (actual !== v)
        failures.push(`outcome.${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(actual)}`);
    }
  }
  // In order: the next text may come later in the same prompt or in a later one.
  let pi = 0;
  let offset = 0;
  for (const text of e.prompts) {
    let found = false;
    for (let i = pi; i < trace.prompts.length && !found; i++) {
      const at = trace.prompts[i]!.indexOf(text, i === pi ? offset : 0);
      if (at >= 0) {
        found = true;
        pi = i;
        offset = at + text.length;
      }
    }
    if (!found) {
      const anywhere = trace.prompts.some((p) => p.includes(text));
      failures.push(`prompt containing "${text}" ${anywhere ? 'heard, but out of order' : 'never heard'}`);
    }
  }
  for (const text of e.notPrompts) {
    const hit = trace.prompts.find((p) => p.includes(text));
    if (hit) failures.push(`heard "${text}" (in "${hit}") but should not have`);
  }
  for (const [k, v] of Object.entries(e.attributes)) {
    if (trace.attributes[k] !== v)
      failures.push(`attribute ${k}: expected "${v}", got ${JSON.stringify(trace.attributes[k])}`);
  }
  const called = trace.lambdas.map((l) => l.name);
  let at = 0;
  for (const name of e.lambdas) {
    const idx = called.indexOf(name, at);
    if (idx < 0)
      failures.push(`Lambda ${name} not called${called.includes(name) ? ' in the expected order' : ''}`);
    else at = idx + 1;
  }
  for (const name of e.notLambdas)
    if (called.includes(name)) failures.push(`Lambda ${name} called but should not be`);
  failures.push(...moduleFailures(e.modules ?? [], trace.path));
  for (const [name, expected] of Object.entries(e.lambdaResults)) {
    const last = [...trace.lambdas].reverse().find((l) => l.name === name);
    const result = (last?.result ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected))
      if (result[k] !== v)
        failures.push(
          `${name} result ${k}: expected "${v}", got ${JSON.stringify(result[k])}${last?.error ? ` (${last.error})` : ''}`,
        );
  }
  if (failures.length > 0)
    failures.push(`called: ${called.join(', ') || '(none)'}; outcome: ${JSON.stringify(trace.outcome)}`);
  return failures;
}

/**
 * Modules entered and returned from, in order: a step of the module's own flow, then the invoking flow's
 * InvokeFlowModule step taking its Success branch (the engine records that step once the module returned).
 */
function moduleFailures(expected: readonly string[], path: CallResult['trace']['path']): string[] {
  const failures: string[] = [];
  let at = 0;
  for (const name of expected) {
    const entered = path.findIndex((p, i) => i >= at && p.flow === name);
    if (entered < 0) {
      failures.push(
        `module ${name} never entered${path.some((p) => p.flow === name) ? ' in the expected order' : ''}`,
      );
      continue;
    }
    const returned = path.findIndex(
      (p, i) => i > entered && p.flow !== name && p.type === 'InvokeFlowModule' && p.branch === 'Success',
    );
    if (returned < 0) failures.push(`module ${name} entered but did not return to the invoking flow`);
    else at = returned + 1;
  }
  return failures;
}

/**
 * What the caller heard next to what the scenario expected, for a failed scenario: the expected texts (in
 * order) and the forbidden ones, then every prompt of the call, numbered, marking the prompts where an
 * expected text was found (✓) and those holding a forbidden one (✗). `[agent] ` prompts are the whisper.
 */
export function heardVersusExpected(scenario: Scenario, result: CallResult): string[] {
  const e = scenario.expect;
  const heard = result.trace.prompts;
  const found = new Set<number>();
  let from = 0;
  for (const text of e.prompts) {
    const i = heard.findIndex((p, idx) => idx >= from && p.includes(text));
    if (i >= 0) {
      found.add(i);
      from = i;
    }
  }
  const lines = [
    `expected to hear, in order: ${e.prompts.length ? e.prompts.map((t) => `“${t}”`).join(' → ') : '(nothing in particular)'}`,
  ];
  if (e.notPrompts.length)
    lines.push(`expected not to hear: ${e.notPrompts.map((t) => `“${t}”`).join(', ')}`);
  if (heard.length === 0) lines.push('the caller heard nothing');
  else {
    lines.push(`the caller heard (${heard.length} prompt${heard.length === 1 ? '' : 's'}):`);
    heard.forEach((p, i) => {
      const mark = e.notPrompts.some((t) => p.includes(t)) ? '✗' : found.has(i) ? '✓' : ' ';
      lines.push(`  ${mark} ${i + 1}. “${p}”`);
    });
  }
  return lines;
}

export interface ScenarioRun {
  scenario: LoadedScenario;
  result: CallResult & { flow: string };
  failures: string[];
}

export interface ScenarioHooks {
  /** Reset state and seed data (demo data, the scenario's customers and DNC entries) before each call. */
  prepare?(scenario: Scenario): Promise<void>;
}

export async function runScenario(
  ctx: SimulatorContext,
  scenario: LoadedScenario,
  hooks: ScenarioHooks = {},
): Promise<ScenarioRun> {
  await hooks.prepare?.(scenario);
  const lambdas =
    Object.keys(scenario.lambdaFailures).length > 0
      ? new FaultInjectingInvoker(ctx.lambdas, scenario.lambdaFailures)
      : ctx.lambdas;
  const result = await simulateCall(ctx, {
    from: scenario.from,
    ...(scenario.to ? { to: scenario.to } : {}),
    at: parseInstant(scenario.at),
    ...(scenario.agents !== undefined ? { agents: scenario.agents } : {}),
    keypad: new ScriptedKeypad(scenario.press),
    lambdas,
    callerStaysAfterAgent: scenario.callerStaysAfterAgent,
    attributes: scenario.attributes,
    ...(scenario.queue ? { queue: scenario.queue } : {}),
    ...(scenario.agent ? { agent: scenario.agent } : {}),
    ...(scenario.agentStates ? { agentStates: scenario.agentStates } : {}),
  });
  return { scenario, result, failures: checkExpectations(scenario, result) };
}
