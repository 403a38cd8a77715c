/**
 * `santral diff --template <saved.json>`: what a deploy would change in Connect, in an admin's words.
 *
 * Pure: two CloudFormation templates in (the saved one — from an earlier `cdk synth`, or
 * `aws cloudformation get-template` — and the one the current config synthesizes), a change list out.
 * `cdk diff` shows the same facts as property paths and ARN tokens; this names things the way the config
 * does: queues, hours (windows per day, overrides), phone numbers, routing profiles, quick connects,
 * agents, security profiles, the instance and its storage, flows and modules block by block (the flow
 * diff, shared/flows/flow-diff.ts), and IAM permissions (actions per role).
 *
 * Connect resources are matched by the name Connect knows them by (a queue called "Support" is the same
 * queue whatever its CDK logical id); references between resources (`Fn::GetAtt`, `Ref`) are shown as the
 * name of what they point to, flows with `${Kind:name}` references like the files in contact-flows/.
 * Everything else in the template is counted per resource type, so no change goes unmentioned.
 */
import { diffFlowTexts, type FlowDiff } from '#shared/flows/flow-diff.ts';

export type TemplateResources = Record<string, { Type: string; Properties?: unknown; [k: string]: unknown }>;

/** A CloudFormation template, as far as the diff needs it. */
export interface CfnTemplate {
  Resources: TemplateResources;
}

export class TemplateFileError extends Error {
  override readonly name = 'TemplateFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parse a saved template's text. Accepts a template (`cdk synth`, `cdk.out/<stack>.template.json`) or the
 * output of `aws cloudformation get-template` (`{ "TemplateBody": … }`, the body an object or a string).
 */
export function parseTemplate(text: string, file: string): CfnTemplate {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const yamlish = /^\s*(AWSTemplateFormatVersion|Resources|Description)\s*:/m.test(text);
    throw new TemplateFileError(
      file,
      yamlish
        ? 'this looks like a YAML template; santral diff reads JSON (cdk synth --json, or aws cloudformation get-template --output json)'
        : `not valid JSON (${(err as Error).message})`,
      { cause: err },
    );
  }
  if (isObject(data) && 'TemplateBody' in data) {
    const body = data['TemplateBody'];
    if (typeof body === 'string') return parseTemplate(body, `${file} (TemplateBody)`);
    data = body;
  }
  if (!isObject(data) || !isObject(data['Resources']))
    throw new TemplateFileError(
      file,
      'not a CloudFormation template: expected a JSON object with "Resources" (save one with `npx cdk synth -c stage=<stage> > saved.json` or `aws cloudformation get-template --stack-name <stack> --query TemplateBody`)',
    );
  for (const [id, r] of Object.entries(data['Resources'])) {
    if (!isObject(r) || typeof r['Type'] !== 'string')
      throw new TemplateFileError(file, `Resources.${id}: expected an object with a string "Type"`);
  }
  return data as unknown as CfnTemplate;
}

// ---------------------------------------------------------------------------------------------------------
// Reading values: references become names.

type Kind =
  | 'Queue'
  | 'Hours'
  | 'Flow'
  | 'Module'
  | 'QuickConnect'
  | 'RoutingProfile'
  | 'Prompt'
  | 'User'
  | 'SecurityProfile'
  | 'HierarchyGroup'
  | 'PhoneNumber'
  | 'Lambda'
  | 'Instance';

const NAME_PROPERTY: Record<string, [Kind, string]> = {
  'AWS::Connect::Queue': ['Queue', 'Name'],
  'AWS::Connect::HoursOfOperation': ['Hours', 'Name'],
  'AWS::Connect::ContactFlow': ['Flow', 'Name'],
  'AWS::Connect::ContactFlowModule': ['Module', 'Name'],
  'AWS::Connect::QuickConnect': ['QuickConnect', 'Name'],
  'AWS::Connect::RoutingProfile': ['RoutingProfile', 'Name'],
  'AWS::Connect::Prompt': ['Prompt', 'Name'],
  'AWS::Connect::User': ['User', 'Username'],
  'AWS::Connect::SecurityProfile': ['SecurityProfile', 'SecurityProfileName'],
  'AWS::Connect::UserHierarchyGroup': ['HierarchyGroup', 'Name'],
  'AWS::Lambda::Function': ['Lambda', 'FunctionName'],
};

/** CDK logical ids end in an 8-hex-digit hash of the construct path; a reader wants the path part. */
const shortId = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');

/** `[santral:main-line]` in a phone number's description: the number's name in the config. */
const numberTag = (description: unknown) =>
  typeof description === 'string' ? /\[santral:([^\]]+)\]/.exec(description)?.[1] : undefined;

class Reader {
  constructor(readonly resources: TemplateResources) {}

  props(id: string): Record<string, unknown> {
    const p = this.resources[id]?.Properties;
    return isObject(p) ? p : {};
  }

  /** What a logical id is, by the name Connect (or the config) gives it. */
  nameOf(id: string): { kind?: Kind; name: string } {
    const r = this.resources[id];
    if (!r) return { name: shortId(id) };
    if (r.Type === 'AWS::Connect::Instance') return { kind: 'Instance', name: 'instance' };
    const p = this.props(id);
    if (r.Type === 'AWS::Connect::PhoneNumber')
      return { kind: 'PhoneNumber', name: numberTag(p['Description']) ?? shortId(id) };
    const np = NAME_PROPERTY[r.Type];
    if (!np) return { name: shortId(id) };
    const name = p[np[1]];
    return { kind: np[0], name: typeof name === 'string' ? name : shortId(id) };
  }

  /** `${Queue:Support}` — the form flows use. */
  placeholder(id: string): string {
    const n = this.nameOf(id);
    return n.kind ? `\${${n.kind}:${n.name}}` : `\${${n.name}}`;
  }

  /** Render any template value as text: references as placeholders, joins joined, objects as JSON. */
  text(v: unknown, inJsonString = false): string {
    const ph = (s: string) => (inJsonString ? JSON.stringify(s).slice(1, -1) : s);
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.map((x) => this.text(x)).join(', ');
    if (isObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1) {
        const k = keys[0]!;
        const x = v[k];
        if (k === 'Ref' && typeof x === 'string')
          return ph(x.startsWith('AWS::') ? `\${${x}}` : this.placeholder(x));
        if (k === 'Fn::GetAtt') {
          const [id] = Array.isArray(x) ? x : typeof x === 'string' ? x.split('.') : [];
          if (typeof id === 'string') return ph(this.placeholder(id));
        }
        if (k === 'Fn::Join' && Array.isArray(x) && Array.isArray(x[1]))
          return x[1].map((p) => this.text(p, inJsonString)).join(typeof x[0] === 'string' ? x[0] : '');
        if (k === 'Fn::Sub') {
          const [s] = Array.isArray(x) ? x : [x];
          if (typeof s === 'string')
            return s.replace(/\$\{([^}!]+)\}/g, (all, ref: string) => {
              const id = ref.split('.')[0]!;
              return this.resources[id] ? ph(this.placeholder(id)) : all;
            });
        }
      }
      return JSON.stringify(this.canonical(v));
    }
    return JSON.stringify(v);
  }

  /** A value as sorted-key JSON with references to resources as placeholders (never recurses into text()). */
  canonical(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => this.canonical(x));
    if (!isObject(v)) return v;
    const id = refId(v);
    if (id && Object.keys(v).length === 1 && this.resources[id]) return this.placeholder(id);
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, this.canonical(v[k])]),
    );
  }

  /** A reference to another resource, shown as that resource's name. */
  ref(v: unknown): string {
    const id = refId(v);
    return id ? this.nameOf(id).name : this.text(v);
  }

  ofType(type: string): string[] {
    return Object.keys(this.resources).filter((id) => this.resources[id]!.Type === type);
  }
}

function refId(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  if (typeof v['Ref'] === 'string') return v['Ref'];
  const g = v['Fn::GetAtt'];
  if (Array.isArray(g) && typeof g[0] === 'string') return g[0];
  if (typeof g === 'string') return g.split('.')[0];
  return undefined;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

// ---------------------------------------------------------------------------------------------------------
// Facts: what an admin reads about each kind of resource, as `field → value` text.

export type Category =
  | 'instance'
  | 'storage'
  | 'hours'
  | 'queues'
  | 'phone numbers'
  | 'routing profiles'
  | 'quick connects'
  | 'agents'
  | 'security profiles'
  | 'permissions';

/** A resource in one category: its name and the facts compared. */
interface Described {
  name: string;
  facts: Map<string, string>;
}

const hhmm = (t: unknown) => {
  const o = isObject(t) ? t : {};
  const h = typeof o['Hours'] === 'number' ? o['Hours'] : 0;
  const m = typeof o['Minutes'] === 'number' ? o['Minutes'] : 0;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
};

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** Windows per day: `MONDAY → 09:00-12:00, 13:00-17:00`. */
function windowsByDay(config: unknown): Map<string, string> {
  const byDay = new Map<string, string[]>();
  for (const c of list(config)) {
    if (!isObject(c)) continue;
    const day = str(c['Day']) ?? '?';
    byDay.set(day, [...(byDay.get(day) ?? []), `${hhmm(c['StartTime'])}-${hhmm(c['EndTime'])}`]);
  }
  const days = [...byDay.keys()].sort((a, b) => DAYS.indexOf(a) - DAYS.indexOf(b));
  return new Map(days.map((d) => [d, byDay.get(d)!.sort().join(', ')]));
}

const ORDINAL: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
};
const MONTHS = ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An hours override in one line: `closed 2026-12-28…2026-12-31`, `every year last MONDAY of May: closed`. */
function overrideText(o: Record<string, unknown>): string {
  const type = str(o['OverrideType']) ?? '';
  const windows = [...windowsByDay(o['OverrideConfig'])];
  const what =
    type === 'CLOSED'
      ? 'closed'
      : `${type.toLowerCase()} ${windows.map(([d, w]) => `${d} ${w}`).join('; ')}`.trim();
  const from = str(o['EffectiveFrom']);
  const till = str(o['EffectiveTill']);
  const rc = isObject(o['RecurrenceConfig']) ? o['RecurrenceConfig']['RecurrencePattern'] : undefined;
  if (isObject(rc)) {
    const months = list(rc['ByMonth']).map((m) => MONTHS[Number(m)] ?? String(m));
    const occurrence = list(rc['ByWeekdayOccurrence']).map((n) => ORDINAL[String(n)] ?? String(n));
    const days = list(rc['ByMonthDay']).map(String);
    const weekday = windows.map(([d]) => d).join('/');
    const when =
      occurrence.length > 0
        ? `${occurrence.join('/')} ${weekday} of ${months.join('/')}`
        : `${months.join('/')} ${days.join('/')}`;
    const every = Number(rc['Interval'] ?? 1) > 1 ? `every ${rc['Interval']} years` : 'every year';
    return `${every} ${when}: ${what} (${from}…${till})`;
  }
  return `${from === till ? from : `${from}…${till}`}: ${what}`;
}

function describeHours(r: Reader, id: string): Described {
  const p = r.props(id);
  const facts = new Map<string, string>([
    ['time zone', r.text(p['TimeZone'])],
    ['description', r.text(p['Description'])],
  ]);
  for (const [day, w] of windowsByDay(p['Config'])) facts.set(day, w);
  for (const o of list(p['HoursOfOperationOverrides']))
    if (isObject(o)) facts.set(`override “${r.text(o['OverrideName'])}”`, overrideText(o));
  return { name: r.nameOf(id).name, facts };
}

function describeQueue(r: Reader, id: string): Described {
  const p = r.props(id);
  const caller = isObject(p['OutboundCallerConfig']) ? p['OutboundCallerConfig'] : {};
  const facts = new Map<string, string>([
    ['description', r.text(p['Description'])],
    ['hours', r.ref(p['HoursOfOperationArn'])],
    ['max contacts', r.text(p['MaxContacts'])],
    ['status', r.text(p['Status'])],
    ['outbound caller id name', r.text(caller['OutboundCallerIdName'])],
    ['outbound caller id number', r.ref(caller['OutboundCallerIdNumberArn'])],
    ['outbound flow', r.ref(caller['OutboundFlowArn'])],
  ]);
  // Quick connects reach a queue through Santral's association custom resource.
  for (const a of r.ofType('Custom::QueueQuickConnects')) {
    const ap = r.props(a);
    if (refId(ap['QueueArn']) === id)
      facts.set(
        'quick connects',
        list(ap['QuickConnectArns'])
          .map((q) => r.ref(q))
          .sort()
          .join(', '),
      );
  }
  return { name: r.nameOf(id).name, facts };
}

function describeNumber(r: Reader, id: string): Described {
  const p = r.props(id);
  const facts = new Map<string, string>([
    ['country', r.text(p['CountryCode'])],
    ['type', r.text(p['Type'])],
    ['prefix', r.text(p['Prefix'])],
    ['number', r.text(p['SourcePhoneNumberArn'] ?? p['PhoneNumber'])],
    ['description', r.text(p['Description'])],
  ]);
  for (const a of r.ofType('Custom::PhoneNumberContactFlow')) {
    const ap = r.props(a);
    if (refId(ap['PhoneNumberArn']) === id) facts.set('flow', r.ref(ap['ContactFlowArn']));
  }
  return { name: r.nameOf(id).name, facts };
}

function describeRoutingProfile(r: Reader, id: string): Described {
  const p = r.props(id);
  const facts = new Map<string, string>([
    ['description', r.text(p['Description'])],
    ['default outbound queue', r.ref(p['DefaultOutboundQueueArn'])],
    ['agent availability timer', r.text(p['AgentAvailabilityTimer'])],
  ]);
  for (const m of list(p['MediaConcurrencies']))
    if (isObject(m)) facts.set(`${r.text(m['Channel'])} concurrency`, r.text(m['Concurrency']));
  for (const q of list(p['QueueConfigs'])) {
    if (!isObject(q)) continue;
    const ref = isObject(q['QueueReference']) ? q['QueueReference'] : {};
    facts.set(
      `queue ${r.ref(ref['QueueArn'])} (${r.text(ref['Channel'])})`,
      `priority ${r.text(q['Priority'])}, delay ${r.text(q['Delay'])} s`,
    );
  }
  return { name: r.nameOf(id).name, facts };
}

function describeQuickConnect(r: Reader, id: string): Described {
  const p = r.props(id);
  const c = isObject(p['QuickConnectConfig']) ? p['QuickConnectConfig'] : {};
  const q = isObject(c['QueueConfig']) ? c['QueueConfig'] : {};
  const u = isObject(c['UserConfig']) ? c['UserConfig'] : {};
  const n = isObject(c['PhoneConfig']) ? c['PhoneConfig'] : {};
  const target = q['QueueArn']
    ? `queue ${r.ref(q['QueueArn'])}`
    : u['UserArn']
      ? `agent ${r.ref(u['UserArn'])}`
      : `number ${r.text(n['PhoneNumber'])}`;
  return {
    name: r.nameOf(id).name,
    facts: new Map([
      ['description', r.text(p['Description'])],
      ['type', r.text(c['QuickConnectType'])],
      ['target', target],
      ['flow', r.ref(q['ContactFlowArn'] ?? u['ContactFlowArn'])],
    ]),
  };
}

function describeUser(r: Reader, id: string): Described {
  const p = r.props(id);
  const phone = isObject(p['PhoneConfig']) ? p['PhoneConfig'] : {};
  const identity = isObject(p['IdentityInfo']) ? p['IdentityInfo'] : {};
  return {
    name: r.nameOf(id).name,
    facts: new Map([
      ['routing profile', r.ref(p['RoutingProfileArn'])],
      [
        'security profiles',
        list(p['SecurityProfileArns'])
          .map((s) => r.ref(s))
          .sort()
          .join(', '),
      ],
      ['hierarchy group', r.ref(p['HierarchyGroupArn'])],
      ['phone type', r.text(phone['PhoneType'])],
      ['auto-accept', r.text(phone['AutoAccept'])],
      ['after-contact work limit (s)', r.text(phone['AfterContactWorkTimeLimit'])],
      // Names and e-mail addresses are personal data: say that they changed, not what they are.
      ['name and e-mail', digest(r.text(identity))],
    ]),
  };
}

/** A value compared but not shown (personal data): equal texts give equal digests. */
function digest(s: string): string {
  if (s === '') return '';
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
  return `(not shown, #${h.toString(16)})`;
}

function describeSecurityProfile(r: Reader, id: string): Described {
  const p = r.props(id);
  const facts = new Map<string, string>([['description', r.text(p['Description'])]]);
  for (const perm of list(p['Permissions'])) facts.set(`permission ${r.text(perm)}`, 'granted');
  for (const a of list(p['Applications']))
    if (isObject(a))
      facts.set(`application ${r.text(a['Namespace'])}`, list(a['ApplicationPermissions']).join(', '));
  return { name: r.nameOf(id).name, facts };
}

function describeInstance(r: Reader, id: string): Described {
  const p = r.props(id);
  const facts = new Map<string, string>([
    ['alias', r.text(p['InstanceAlias'])],
    ['identity management', r.text(p['IdentityManagementType'])],
    ['directory', r.text(p['DirectoryId'])],
  ]);
  const attrs = isObject(p['Attributes']) ? p['Attributes'] : {};
  for (const k of Object.keys(attrs).sort()) facts.set(`attribute ${k}`, r.text(attrs[k]));
  return { name: 'instance', facts };
}

function describeStorage(r: Reader, id: string): Described {
  const p = r.props(id);
  const s3 = isObject(p['S3Config']) ? p['S3Config'] : {};
  const enc = isObject(s3['EncryptionConfig']) ? s3['EncryptionConfig'] : {};
  const kinesis = isObject(p['KinesisStreamConfig']) ? p['KinesisStreamConfig'] : {};
  return {
    name: r.text(p['ResourceType']),
    facts: new Map([
      ['storage type', r.text(p['StorageType'])],
      ['bucket', r.ref(s3['BucketName'])],
      ['prefix', r.text(s3['BucketPrefix'])],
      ['encryption', [r.text(enc['EncryptionType']), r.ref(enc['KeyId'])].filter(Boolean).join(' ')],
      ['stream', r.ref(kinesis['StreamArn'])],
    ]),
  };
}

/** IAM: every action a role is allowed, with the resources it applies to (inline and attached policies). */
function describeRoles(r: Reader): Described[] {
  const roles = new Map<string, Described>();
  const role = (id: string) => {
    let d = roles.get(id);
    if (!d) {
      const desc = r.text(r.props(id)['Description']);
      d = { name: `${shortId(id)}${desc ? ` (${desc})` : ''}`, facts: new Map() };
      roles.set(id, d);
    }
    return d;
  };
  const add = (d: Described, doc: unknown) => {
    const statements = isObject(doc) ? list(doc['Statement']) : [];
    for (const s of statements) {
      if (!isObject(s)) continue;
      const effect = str(s['Effect']) === 'Deny' ? 'deny ' : '';
      const resources = list(s['Resource']).map((x) => r.text(x));
      for (const a of list(s['Action'])) {
        const key = `${effect}${r.text(a)}`;
        const had = d.facts.get(key);
        const all = new Set([...(had ? had.split(', ') : []), ...resources]);
        d.facts.set(key, [...all].sort().join(', '));
      }
    }
  };
  for (const id of r.ofType('AWS::IAM::Role')) {
    const d = role(id);
    for (const p of list(r.props(id)['Policies'])) if (isObject(p)) add(d, p['PolicyDocument']);
    for (const m of list(r.props(id)['ManagedPolicyArns']))
      d.facts.set(`managed policy ${r.text(m)}`, 'attached');
  }
  for (const id of [...r.ofType('AWS::IAM::Policy'), ...r.ofType('AWS::IAM::ManagedPolicy')]) {
    const p = r.props(id);
    for (const target of list(p['Roles'])) {
      const rid = refId(target);
      if (rid && r.resources[rid]?.Type === 'AWS::IAM::Role') add(role(rid), p['PolicyDocument']);
    }
  }
  return [...roles.values()];
}

interface CategorySpec {
  category: Category;
  types: string[];
  describe: (r: Reader, id: string) => Described;
}

const CATEGORIES: CategorySpec[] = [
  { category: 'instance', types: ['AWS::Connect::Instance'], describe: describeInstance },
  { category: 'storage', types: ['AWS::Connect::InstanceStorageConfig'], describe: describeStorage },
  { category: 'hours', types: ['AWS::Connect::HoursOfOperation'], describe: describeHours },
  { category: 'queues', types: ['AWS::Connect::Queue'], describe: describeQueue },
  { category: 'phone numbers', types: ['AWS::Connect::PhoneNumber'], describe: describeNumber },
  { category: 'routing profiles', types: ['AWS::Connect::RoutingProfile'], describe: describeRoutingProfile },
  { category: 'quick connects', types: ['AWS::Connect::QuickConnect'], describe: describeQuickConnect },
  { category: 'agents', types: ['AWS::Connect::User'], describe: describeUser },
  {
    category: 'security profiles',
    types: ['AWS::Connect::SecurityProfile'],
    describe: describeSecurityProfile,
  },
];

/** Types whose changes are reported through their category or the flow diff (not in "other"). */
const COVERED = new Set([
  ...CATEGORIES.flatMap((c) => c.types),
  'AWS::Connect::ContactFlow',
  'AWS::Connect::ContactFlowModule',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'Custom::QueueQuickConnects',
  'Custom::PhoneNumberContactFlow',
]);

// ---------------------------------------------------------------------------------------------------------
// The diff.

export interface FieldChange {
  what: string;
  before?: string;
  after?: string;
}

export interface ResourceChange {
  category: Category;
  name: string;
  change: 'added' | 'removed' | 'changed';
  details: FieldChange[];
  /** What the change means beyond its fields (a removed number stays claimed). */
  note?: string;
}

/** Resources outside the admin categories, counted per CloudFormation type. */
export interface OtherChange {
  type: string;
  added: number;
  removed: number;
  changed: number;
}

/**
 * A resource CloudFormation would replace (create a new one, then delete or retain the old): a property it
 * cannot update in place changed, or the resource's type did.
 */
export interface Replacement {
  type: string;
  logicalId: string;
  /** The admin's name for it (a queue's name, a number's config name), or the logical id's readable part. */
  name: string;
  /** The create-only properties that differ (`Type` when the resource type itself changed). */
  properties: string[];
  /** What the replacement means for the center, in plain words. */
  consequence: string;
  /** `atStake`: data, a number, callers or sign-ins are affected; `routine`: plumbing CloudFormation recreates. */
  impact: 'atStake' | 'routine';
}

export interface TemplateDiff {
  changes: ResourceChange[];
  flows: FlowDiff[];
  other: OtherChange[];
  /** Replacements, the changes to read first (a new phone number, a new empty table, a new instance). */
  replacements: Replacement[];
}

/**
 * Create-only properties (CloudFormation replaces the resource when one changes) of the types Santral
 * deploys, from each type's resource provider schema (`createOnlyProperties`, the CloudFormation registry's
 * schemas as cfn-lint ships them; test/unit/admin/replacements.test.ts compares this table with the installed
 * cfn-lint's schemas for every type a synthesized stack has). Types without create-only properties are absent.
 */
export const CREATE_ONLY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::ApiGatewayV2::Api': ['ProtocolType'],
  'AWS::ApiGatewayV2::Authorizer': ['ApiId'],
  'AWS::ApiGatewayV2::Integration': ['ApiId'],
  'AWS::ApiGatewayV2::Route': ['ApiId'],
  'AWS::ApiGatewayV2::Stage': ['ApiId', 'StageName'],
  'AWS::CloudWatch::Alarm': ['AlarmName'],
  'AWS::CloudWatch::Dashboard': ['DashboardName'],
  'AWS::Cognito::ManagedLoginBranding': ['ClientId', 'UserPoolId'],
  'AWS::Cognito::UserPoolClient': ['GenerateSecret', 'UserPoolId'],
  'AWS::Cognito::UserPoolDomain': ['Domain', 'UserPoolId'],
  'AWS::Cognito::UserPoolGroup': ['GroupName', 'UserPoolId'],
  'AWS::Cognito::UserPoolUser': [
    'ClientMetadata',
    'DesiredDeliveryMediums',
    'ForceAliasCreation',
    'MessageAction',
    'UserAttributes',
    'UserPoolId',
    'Username',
    'ValidationData',
  ],
  'AWS::Cognito::UserPoolUserToGroupAttachment': ['GroupName', 'UserPoolId', 'Username'],
  'AWS::Connect::ContactFlow': ['Type'],
  'AWS::Connect::Instance': ['DirectoryId', 'IdentityManagementType', 'InstanceAlias'],
  'AWS::Connect::InstanceStorageConfig': ['InstanceArn', 'ResourceType'],
  'AWS::Connect::IntegrationAssociation': ['InstanceId', 'IntegrationArn', 'IntegrationType'],
  'AWS::Connect::PhoneNumber': ['CountryCode', 'Prefix', 'SourcePhoneNumberArn', 'Type'],
  'AWS::Connect::SecurityProfile': ['InstanceArn', 'SecurityProfileName'],
  'AWS::Connect::UserHierarchyGroup': ['ParentGroupArn'],
  'AWS::Connect::UserHierarchyStructure': ['InstanceArn'],
  'AWS::DynamoDB::GlobalTable': ['TableName'],
  'AWS::Events::Rule': ['Name'],
  'AWS::IAM::Role': ['Path', 'RoleName'],
  'AWS::Kinesis::Stream': ['Name'],
  'AWS::Lambda::EventInvokeConfig': ['FunctionName', 'Qualifier'],
  'AWS::Lambda::EventSourceMapping': [
    'EventSourceArn',
    'SelfManagedEventSource',
    'StartingPosition',
    'StartingPositionTimestamp',
  ],
  'AWS::Lambda::Function': ['FunctionName', 'PackageType', 'TenancyConfig'],
  'AWS::Lambda::Permission': [
    'Action',
    'EventSourceToken',
    'FunctionName',
    'FunctionUrlAuthType',
    'InvokedViaFunctionUrl',
    'Principal',
    'PrincipalOrgID',
    'SourceAccount',
    'SourceArn',
  ],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::S3::Bucket': ['BucketName', 'BucketNamePrefix', 'BucketNamespace'],
  'AWS::S3::BucketPolicy': ['Bucket'],
  'AWS::SNS::Subscription': ['Endpoint', 'Protocol', 'TopicArn'],
  'AWS::SNS::Topic': ['FifoTopic', 'TopicName'],
  'AWS::SQS::Queue': ['FifoQueue', 'QueueName'],
  'AWS::SecretsManager::Secret': ['Name'],
  'AWS::StepFunctions::StateMachine': ['StateMachineName', 'StateMachineType'],
};

/** Types whose replacement puts data, a phone number or callers at stake (the rest is plumbing). */
const AT_STAKE = new Set([
  'AWS::Connect::Instance',
  'AWS::Connect::PhoneNumber',
  'AWS::Connect::ContactFlow',
  'AWS::Connect::SecurityProfile',
  'AWS::Connect::InstanceStorageConfig',
  'AWS::DynamoDB::GlobalTable',
  'AWS::S3::Bucket',
  'AWS::Kinesis::Stream',
  'AWS::Logs::LogGroup',
  'AWS::SecretsManager::Secret',
  'AWS::Cognito::UserPoolUser',
  'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::UserPoolDomain',
]);

function consequenceOf(type: string, retained: boolean): string {
  const old = retained ? 'the old one is retained outside the stack' : 'the old one is deleted';
  switch (type) {
    case 'AWS::Connect::PhoneNumber':
      return retained
        ? 'Connect claims a different number; the old number stays claimed outside the stack (it is retained) and no longer follows the config: callers who dial it, and anything that shows it, must move to the new one'
        : 'Connect claims a different number and releases the old one: callers who dial it reach nobody';
    case 'AWS::Connect::Instance':
      return `a new, empty Connect instance: its numbers, users, queues and flows are created again, and the contact history, recordings and metrics stay with the old instance (${old})`;
    case 'AWS::DynamoDB::GlobalTable':
      return `a new, empty table; the items stay in the old table (${old})`;
    case 'AWS::S3::Bucket':
      return `a new, empty bucket; the objects stay in the old bucket (${old})`;
    case 'AWS::Kinesis::Stream':
      return `a new stream; records not yet processed from the old one are not read again (${old})`;
    case 'AWS::Logs::LogGroup':
      return `a new log group; the logs stay in the old one (${old})`;
    case 'AWS::SecretsManager::Secret':
      return `a new secret with a new value; whatever used the old one must use the new one (${old})`;
    case 'AWS::Cognito::UserPoolDomain':
      return `the workspace's sign-in address changes: the app's config.json needs the new one (stack output WorkspaceCognitoDomain), and agents signed in through the old one sign in again (${old})`;
    case 'AWS::Cognito::UserPoolUser':
    case 'AWS::Cognito::UserPoolGroup':
      return `the workspace sign-in entry is created again; members and passwords set since are lost (${old})`;
    case 'AWS::Connect::SecurityProfile':
      return `a new security profile; the stack assigns its users again, permissions granted to it outside the stack are lost (${old})`;
    case 'AWS::Connect::InstanceStorageConfig':
      return `the storage association is made again: until it is, recordings or records of that type have nowhere to go (${old})`;
    case 'AWS::Connect::ContactFlow':
      return `a new flow with a new id; anything outside the stack that points at the old flow breaks (${old})`;
    default:
      return `CloudFormation creates a new ${type} and then ${retained ? 'retains' : 'deletes'} the old one`;
  }
}

/** Every resource a template value points at (Ref, Fn::GetAtt), however deep. */
function referencedIds(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) referencedIds(x, out);
  else if (isObject(v)) {
    const id = refId(v);
    if (id) out.add(id);
    for (const x of Object.values(v)) referencedIds(x, out);
  }
  return out;
}

function replacementsBetween(rb: Reader, ra: Reader, before: CfnTemplate, after: CfnTemplate): Replacement[] {
  const out: Replacement[] = [];
  const seen = new Set<string>();
  const push = (id: string, b: TemplateResources[string], properties: string[]) => {
    seen.add(id);
    const retained = b['DeletionPolicy'] === 'Retain' || b['DeletionPolicy'] === 'RetainExceptOnCreate';
    out.push({
      type: b.Type,
      logicalId: id,
      name: rb.nameOf(id).name,
      properties,
      consequence: consequenceOf(b.Type, retained),
      impact: AT_STAKE.has(b.Type) ? 'atStake' : 'routine',
    });
  };
  for (const id of Object.keys(after.Resources).sort()) {
    const b = before.Resources[id];
    const a = after.Resources[id]!;
    if (!b) continue;
    const properties =
      b.Type !== a.Type
        ? ['Type']
        : (CREATE_ONLY_PROPERTIES[a.Type] ?? []).filter(
            (k) => rb.text(rb.props(id)[k]) !== ra.text(ra.props(id)[k]),
          );
    if (properties.length === 0) continue;
    push(id, b, properties);
  }
  // A create-only property that points at a replaced resource (a queue's InstanceArn when the instance is
  // replaced) changes too, at deploy time: CloudFormation replaces that resource as well. Until nothing new.
  for (let grew = true; grew; ) {
    grew = false;
    for (const id of Object.keys(after.Resources).sort()) {
      const b = before.Resources[id];
      const a = after.Resources[id]!;
      if (!b || seen.has(id) || b.Type !== a.Type) continue;
      const properties = (CREATE_ONLY_PROPERTIES[a.Type] ?? []).filter((k) =>
        [...referencedIds(ra.props(id)[k])].some((r) => seen.has(r)),
      );
      if (properties.length === 0) continue;
      push(id, b, properties);
      grew = true;
    }
  }
  return out;
}

function compareFacts(before: Map<string, string>, after: Map<string, string>): FieldChange[] {
  const out: FieldChange[] = [];
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  for (const k of keys) {
    const b = before.get(k) || undefined;
    const a = after.get(k) || undefined;
    if (b !== a)
      out.push({
        what: k,
        ...(b !== undefined ? { before: b } : {}),
        ...(a !== undefined ? { after: a } : {}),
      });
  }
  return out;
}

function compareSets(category: Category, before: Described[], after: Described[]): ResourceChange[] {
  const b = new Map(before.map((d) => [d.name, d]));
  const a = new Map(after.map((d) => [d.name, d]));
  const out: ResourceChange[] = [];
  for (const name of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(name);
    const y = a.get(name);
    const details = compareFacts(x?.facts ?? new Map(), y?.facts ?? new Map());
    const change = !x ? 'added' : !y ? 'removed' : 'changed';
    if (change !== 'changed' || details.length > 0) out.push({ category, name, change, details });
  }
  return out;
}

/** Flow texts in the flow-file form (`{ name, type, description, content }`) by flow name. */
function flowTexts(r: Reader): Map<string, string> {
  const out = new Map<string, string>();
  for (const type of ['AWS::Connect::ContactFlow', 'AWS::Connect::ContactFlowModule']) {
    for (const id of r.ofType(type)) {
      const p = r.props(id);
      const name = r.nameOf(id).name;
      const contentText = r.text(p['Content'], true);
      let content: unknown;
      try {
        content = JSON.parse(contentText);
      } catch {
        content = { Version: '2019-10-30', StartAction: '', Actions: [], unreadable: contentText };
      }
      out.set(
        name,
        JSON.stringify({
          name,
          type: type === 'AWS::Connect::ContactFlowModule' ? 'MODULE' : r.text(p['Type']),
          description: r.text(p['Description']),
          content,
        }),
      );
    }
  }
  return out;
}

/**
 * Properties compared for "other" resources. Lambda code is left out: `santral diff` synthesizes without
 * bundling (offline, fast), so code asset hashes differ from a bundled `cdk synth` even when nothing changed.
 */
function comparable(r: Reader, id: string): string {
  const res = r.resources[id]!;
  const props = isObject(res.Properties) ? { ...res.Properties } : {};
  if (res.Type === 'AWS::Lambda::Function') delete props['Code'];
  return r.text({ ...props, _dependsOn: list(res['DependsOn']).length > 0 ? 'yes' : 'no' });
}

/** Compare a saved template (before) with the one the current config synthesizes (after). */
export function diffTemplates(before: CfnTemplate, after: CfnTemplate): TemplateDiff {
  const rb = new Reader(before.Resources);
  const ra = new Reader(after.Resources);
  const changes: ResourceChange[] = [];
  for (const spec of CATEGORIES) {
    const ids = (r: Reader) => spec.types.flatMap((t) => r.ofType(t)).map((id) => spec.describe(r, id));
    changes.push(...compareSets(spec.category, ids(rb), ids(ra)));
  }
  changes.push(...compareSets('permissions', describeRoles(rb), describeRoles(ra)));
  // A number leaving the config leaves the stack, but Telephony retains it (claim and release count against a
  // rolling 180-day allowance): it stays claimed in the instance, still answering with its last flow.
  for (const c of changes) {
    if (c.category !== 'phone numbers' || c.change !== 'removed') continue;
    const id = rb.ofType('AWS::Connect::PhoneNumber').find((x) => rb.nameOf(x).name === c.name);
    const retained = id !== undefined && before.Resources[id]?.['DeletionPolicy'] === 'Retain';
    c.note = retained
      ? 'the number stays claimed in the instance (the stack retains it) and keeps answering with its last flow; release it in Connect when it is no longer wanted'
      : 'CloudFormation releases the number: callers who dial it reach nobody, and it may not be claimable again';
  }
  const fb = flowTexts(rb);
  const fa = flowTexts(ra);
  const flows = [...new Set([...fb.keys(), ...fa.keys()])]
    .sort()
    .map((n) => diffFlowTexts(fb.get(n), fa.get(n), `flow ${n}`))
    .filter((d) => d.change !== 'unchanged');
  const other = new Map<string, OtherChange>();
  const bump = (type: string, k: 'added' | 'removed' | 'changed') => {
    const o = other.get(type) ?? { type, added: 0, removed: 0, changed: 0 };
    o[k]++;
    other.set(type, o);
  };
  for (const id of new Set([...Object.keys(before.Resources), ...Object.keys(after.Resources)])) {
    const tb = before.Resources[id]?.Type;
    const ta = after.Resources[id]?.Type;
    if ((tb && COVERED.has(tb)) || (ta && COVERED.has(ta))) continue;
    if (!tb) bump(ta!, 'added');
    else if (!ta) bump(tb, 'removed');
    else if (tb !== ta) {
      bump(tb, 'removed');
      bump(ta, 'added');
    } else if (comparable(rb, id) !== comparable(ra, id)) bump(tb, 'changed');
  }
  return {
    changes,
    flows,
    other: [...other.values()].sort((x, y) => x.type.localeCompare(y.type)),
    replacements: replacementsBetween(rb, ra, before, after),
  };
}

export const hasChanges = (d: TemplateDiff) =>
  d.changes.length > 0 || d.flows.length > 0 || d.other.length > 0 || d.replacements.length > 0;

/** The names of the Connect resources a template creates, per CloudFormation type (for `santral preflight`). */
export function connectResourceNames(template: CfnTemplate): Map<string, string[]> {
  const r = new Reader(template.Resources);
  const out = new Map<string, string[]>();
  for (const [id, res] of Object.entries(template.Resources)) {
    if (!res.Type.startsWith('AWS::Connect::')) continue;
    out.set(res.Type, [...(out.get(res.Type) ?? []), r.nameOf(id).name]);
  }
  return out;
}

/** Prompts the template looks up in the instance's library (Santral's `searchPrompts` custom resources). */
export function libraryPromptLookups(template: CfnTemplate): string[] {
  const r = new Reader(template.Resources);
  const out: string[] = [];
  for (const id of r.ofType('Custom::AWS')) {
    try {
      const call = JSON.parse(r.text(r.props(id)['Create'])) as {
        action?: string;
        parameters?: { SearchCriteria?: { StringCondition?: { Value?: unknown } } };
      };
      const value = call.parameters?.SearchCriteria?.StringCondition?.Value;
      if (call.action === 'searchPrompts' && typeof value === 'string') out.push(value);
    } catch {
      // Not one of ours (another SDK call): nothing to look up.
    }
  }
  return out.sort();
}
