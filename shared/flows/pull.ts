/**
 * `santral flows pull`: bring flows edited in the Connect designer back into contact-flows/ as files with
 * symbolic references. ARNs are mapped back to `${Kind:name}` through the instance's own inventory
 * (queues, hours, prompts, flows, modules, quick connects, Lambda functions); designer Metadata is kept;
 * files are written in the canonical layout (stable key order, 2-space indent) so diffs stay small.
 * Anything that could not be mapped is reported (and left in place, where the validator flags it).
 *
 * Phone numbers (ListPhoneNumbersV2) are matched to config names by their description: infra (Telephony)
 * sets it to `<config description or name> [santral:<name>]`, and the `[santral:<name>]` tag wins; a number
 * without the tag (claimed before the tag existed) matches the config entry whose `description ?? name` is
 * exactly its description, if only one does. Other numbers stay unmapped and are reported.
 * Spoken opening hours rendered from config (`${HoursText:Main:en-US}`) are turned back into the reference.
 *
 * Flow modules (DescribeContactFlowModule) come back as files of wrapper type MODULE, like the flows: the
 * designer's Metadata (positions) kept, ARNs mapped. A module's Settings (InputParameters,
 * OutputParameters, Transitions) are kept where the content has them (the designer's exports carry them
 * inside Content); when the instance returns them only in the response's separate `Settings` field
 * (CreateContactFlowModule / DescribeContactFlowModule: "The configuration settings for the flow module"),
 * they are put into the file's `content.Settings`, so a pulled module keeps its interface.
 */
import {
  type ConnectClient,
  DescribeContactFlowCommand,
  DescribeContactFlowModuleCommand,
  paginateListContactFlowModules,
  paginateListContactFlows,
  paginateListHoursOfOperations,
  paginateListLambdaFunctions,
  paginateListPhoneNumbersV2,
  paginateListPrompts,
  paginateListQueues,
  paginateListQuickConnects,
} from '@aws-sdk/client-connect';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { HOURS_TEXT_LANGUAGES, renderHoursText } from './hours-text.ts';
import { FLOW_TYPES, type FlowContent, type FlowFile, type FlowType, formatFlowFile } from './model.ts';
import { phoneNumberConfigName } from './phone-numbers.ts';
import { type ReferenceKind, reference } from './references.ts';

/** One named resource of the instance. */
export interface NamedArn {
  arn: string;
  name: string;
  /** Phone numbers: the number's description (what config names are matched by). */
  description?: string;
}

export interface InstanceInventory {
  queues: NamedArn[];
  hours: NamedArn[];
  prompts: NamedArn[];
  flows: NamedArn[];
  modules: NamedArn[];
  quickConnects: NamedArn[];
  lambdas: NamedArn[];
  phoneNumbers: NamedArn[];
}

export interface UnmappedValue {
  flow: string;
  path: string;
  action?: string;
  value: string;
}

export class FlowPullError extends Error {
  override name = 'FlowPullError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** ARN → `${Kind:name}`. Prompts from the instance library map to the config prompt that uses them. */
export function arnReferenceMap(inv: InstanceInventory, config?: ContactCenterConfig): Map<string, string> {
  const map = new Map<string, string>();
  const add = (kind: ReferenceKind, list: NamedArn[], rename: (n: string) => string = (n) => n) => {
    for (const r of list) map.set(r.arn, reference(kind, rename(r.name)));
  };
  const promptName = new Map<string, string>();
  for (const p of config?.prompts ?? []) promptName.set(p.instancePrompt ?? p.name, p.name);
  add('Queue', inv.queues);
  add('Hours', inv.hours);
  add('Prompt', inv.prompts, (n) => promptName.get(n) ?? n);
  add('Flow', inv.flows);
  add('Module', inv.modules);
  add('QuickConnect', inv.quickConnects);
  add('Lambda', inv.lambdas);
  for (const n of inv.phoneNumbers) {
    const name = phoneNumberConfigName(n.description, config);
    if (name) map.set(n.arn, reference('PhoneNumber', name));
  }
  return map;
}

/** Rendered text → `${HoursText:…}` for every hours × language of the config (longest text first). */
export function textReferenceMap(config?: Pick<ContactCenterConfig, 'hours'>): Map<string, string> {
  const entries: [string, string][] = [];
  for (const h of config?.hours ?? [])
    for (const l of HOURS_TEXT_LANGUAGES)
      entries.push([renderHoursText(h, l), reference('HoursText', `${h.name}:${l}`)]);
  return new Map(entries.sort((a, b) => b[0].length - a[0].length));
}

/** Replace rendered config texts inside every string of a document by their references. */
export function unresolveTexts(content: FlowContent, texts: ReadonlyMap<string, string>): FlowContent {
  if (texts.size === 0) return content;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let s = v;
      for (const [text, ref] of texts) if (s.includes(text)) s = s.split(text).join(ref);
      return s;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(content) as FlowContent;
}

const ARN_IN_TEXT = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[A-Za-z0-9/_:.$-]+/g;

/**
 * Replace every known ARN in a document (Parameters, Metadata, Settings) by its reference. Lambda ARNs
 * with a version or alias qualifier map like the bare ARN. Returns the unmapped ARNs it saw.
 */
export function unresolveArns(
  content: FlowContent,
  map: ReadonlyMap<string, string>,
  flowName: string,
): { content: FlowContent; unmapped: UnmappedValue[] } {
  const unmapped: UnmappedValue[] = [];
  const lookup = (arn: string): string | undefined => {
    const exact = map.get(arn);
    if (exact) return exact;
    const unqualified = /^(arn:aws[a-z-]*:lambda:[^:]+:\d{12}:function:[^:]+):[^:]+$/.exec(arn)?.[1];
    return unqualified ? map.get(unqualified) : undefined;
  };
  const walk = (v: unknown, path: string, action?: string): unknown => {
    if (typeof v === 'string')
      return v.replace(ARN_IN_TEXT, (arn) => {
        const ref = lookup(arn);
        if (ref) return ref;
        unmapped.push({ flow: flowName, path, ...(action ? { action } : {}), value: arn });
        return arn;
      });
    if (Array.isArray(v))
      return v.map((x, i) => {
        const id = path === 'Actions' ? (x as { Identifier?: string })?.Identifier : action;
        return walk(x, `${path}[${i}]`, id);
      });
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k, action)]),
      );
    return v;
  };
  return { content: walk(content, '') as FlowContent, unmapped };
}

/** Turn one described flow (or module: type MODULE) into the canonical file text. */
export function flowFileText(
  described: { name: string; type: string; description?: string; content: string; settings?: string },
  map: ReadonlyMap<string, string>,
  texts: ReadonlyMap<string, string> = new Map(),
): { file: FlowFile; text: string; unmapped: UnmappedValue[] } {
  const kind = described.type === 'MODULE' ? 'module' : 'flow';
  const json = (text: string, what: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new FlowPullError(`${kind} "${described.name}": the instance returned ${what} that is not JSON`, {
        cause: err,
      });
    }
  };
  const parsed = json(described.content, 'content') as FlowContent;
  if (described.settings !== undefined && described.settings.trim() !== '' && parsed.Settings === undefined) {
    const settings = json(described.settings, 'Settings');
    if (settings && typeof settings === 'object' && !Array.isArray(settings))
      parsed.Settings = settings as Record<string, unknown>;
  }
  if (!FLOW_TYPES.includes(described.type as FlowType))
    throw new FlowPullError(`flow "${described.name}": unsupported flow type ${described.type}`);
  const { content, unmapped } = unresolveArns(parsed, map, described.name);
  const file: FlowFile = {
    name: described.name,
    type: described.type as FlowType,
    description: described.description ?? '',
    content: unresolveTexts(content, texts),
  };
  return { file, text: formatFlowFile(file), unmapped };
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

const named = (items: { Arn?: string; Name?: string }[] | undefined): NamedArn[] =>
  (items ?? []).filter((i) => i.Arn && i.Name).map((i) => ({ arn: i.Arn!, name: i.Name! }));

/**
 * The instance's inventory. Lambda functions are named by their POWERTOOLS_SERVICE_NAME (ConnectFunction
 * sets it to the functions/ folder name); a function without it is named by its function name.
 */
export async function readInventory(
  connect: ConnectClient,
  lambda: LambdaClient | undefined,
  instanceId: string,
): Promise<InstanceInventory> {
  const client = { client: connect };
  const p = { InstanceId: instanceId };
  const [queues, hours, prompts, flows, modules, quickConnects, lambdaPages, numbers] = await Promise.all([
    collect(paginateListQueues(client, { ...p, QueueTypes: ['STANDARD'] })),
    collect(paginateListHoursOfOperations(client, p)),
    collect(paginateListPrompts(client, p)),
    collect(paginateListContactFlows(client, p)),
    collect(paginateListContactFlowModules(client, p)),
    collect(paginateListQuickConnects(client, p)),
    collect(paginateListLambdaFunctions(client, p)),
    collect(paginateListPhoneNumbersV2(client, p)),
  ]);
  const lambdaArns = lambdaPages.flatMap((pg) => pg.LambdaFunctions ?? []);
  const lambdas: NamedArn[] = [];
  for (const arn of lambdaArns) {
    let name = arn.split(':function:')[1]?.split(':')[0] ?? arn;
    if (lambda) {
      const cfg = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: arn }));
      name = cfg.Environment?.Variables?.['POWERTOOLS_SERVICE_NAME'] ?? name;
    }
    lambdas.push({ arn, name });
  }
  return {
    queues: named(queues.flatMap((x) => x.QueueSummaryList ?? [])),
    hours: named(hours.flatMap((x) => x.HoursOfOperationSummaryList ?? [])),
    prompts: named(prompts.flatMap((x) => x.PromptSummaryList ?? [])),
    flows: named(flows.flatMap((x) => x.ContactFlowSummaryList ?? [])),
    modules: named(modules.flatMap((x) => x.ContactFlowModulesSummaryList ?? [])),
    quickConnects: named(quickConnects.flatMap((x) => x.QuickConnectSummaryList ?? [])),
    lambdas,
    phoneNumbers: numbers
      .flatMap((x) => x.ListPhoneNumbersSummaryList ?? [])
      .filter((n) => n.PhoneNumberArn)
      .map((n) => ({
        arn: n.PhoneNumberArn!,
        name: n.PhoneNumber ?? n.PhoneNumberArn!,
        ...(n.PhoneNumberDescription ? { description: n.PhoneNumberDescription } : {}),
      })),
  };
}

export interface PullOptions {
  instanceId: string;
  /** Flow names to pull; empty = all flows of the instance. */
  flows?: readonly string[];
  config?: ContactCenterConfig;
  onProgress?: (done: number, total: number, name: string) => void;
}

export interface PulledFlow {
  name: string;
  file: FlowFile;
  text: string;
}

export interface PullResult {
  pulled: PulledFlow[];
  unmapped: UnmappedValue[];
  /** Requested flow names the instance does not have. */
  missing: string[];
}

/** Read flows and flow modules from a live instance and return their canonical files (writing them is the caller's job). */
export async function pullFlows(
  connect: ConnectClient,
  lambda: LambdaClient | undefined,
  options: PullOptions,
): Promise<PullResult> {
  const inventory = await readInventory(connect, lambda, options.instanceId);
  const map = arnReferenceMap(inventory, options.config);
  const texts = textReferenceMap(options.config);
  const wanted = options.flows?.length ? new Set(options.flows) : undefined;
  const all = [
    ...inventory.flows.map((f) => ({ ...f, module: false })),
    ...inventory.modules.map((m) => ({ ...m, module: true })),
  ];
  const targets = all
    .filter((f) => !wanted || wanted.has(f.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const missing = wanted ? [...wanted].filter((n) => !all.some((f) => f.name === n)) : [];
  const pulled: PulledFlow[] = [];
  const unmapped: UnmappedValue[] = [];
  for (const [i, target] of targets.entries()) {
    const described = target.module
      ? await describeModule(connect, options.instanceId, target)
      : await describeFlow(connect, options.instanceId, target);
    const out = flowFileText(described, map, texts);
    pulled.push({ name: out.file.name, file: out.file, text: out.text });
    unmapped.push(...out.unmapped);
    options.onProgress?.(i + 1, targets.length, target.name);
  }
  return { pulled, unmapped, missing };
}

type Described = Parameters<typeof flowFileText>[0];

async function describeFlow(
  connect: ConnectClient,
  instanceId: string,
  target: NamedArn,
): Promise<Described> {
  const res = await connect.send(
    new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: target.arn }),
  );
  const cf = res.ContactFlow;
  if (!cf?.Content || !cf.Type)
    throw new FlowPullError(`flow "${target.name}": DescribeContactFlow returned no content`);
  return {
    name: cf.Name ?? target.name,
    type: cf.Type,
    description: cf.Description ?? '',
    content: cf.Content,
  };
}

/** A module has no flow type in Connect (it lives apart: DescribeContactFlowModule); the file says MODULE. */
async function describeModule(
  connect: ConnectClient,
  instanceId: string,
  target: NamedArn,
): Promise<Described> {
  const res = await connect.send(
    // The module's id: the last part of its ARN (…/flow-module/<id>).
    new DescribeContactFlowModuleCommand({
      InstanceId: instanceId,
      ContactFlowModuleId: target.arn.split('/').pop() ?? target.arn,
    }),
  );
  const m = res.ContactFlowModule;
  if (!m?.Content)
    throw new FlowPullError(`module "${target.name}": DescribeContactFlowModule returned no content`);
  return {
    name: m.Name ?? target.name,
    type: 'MODULE',
    description: m.Description ?? '',
    content: m.Content,
    ...(m.Settings ? { settings: m.Settings } : {}),
  };
}

/** An ARN for messages: the account id masked (reports end up in CI logs and pull requests). */
export function maskArn(arn: string): string {
  return arn.replace(/:(\d{4})\d{4}(\d{4}):/, ':$1****$2:');
}
