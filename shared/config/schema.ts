/**
 * The contact-center config: one document an admin edits (infra/config/<stage>.yaml), validated once at
 * the edge. Every later capability (flows, functions, campaigns, KPIs) reads its settings from here.
 *
 * Structural checks live in the zod schema; cross-references (a queue naming unknown hours, a number
 * answered by an unknown flow) are checked in `checkReferences` so the message can list what is defined.
 */
import { z } from 'zod';
import {
  formatWindows,
  holidayDates,
  holidayProblems,
  InvalidHoursError,
  parseWindows,
} from '../domain/hours.ts';
import { isCalendarDate, parseClockTime } from '../time/strict.ts';
import { didYouMean, knownTimeZones } from './suggest.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,126}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export const WEEKDAYS = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const name = (what: string) =>
  z.string().regex(NAME, `${what} must be 1–127 letters, digits, space, dot, dash or underscore`);

/**
 * Opening windows of a day in the hours' own time zone: "09:00-18:00", "09:00-12:00, 13:00-18:00" (split
 * shift, lunch break) or a list of windows. Validated with the one strict clock parser and normalized to
 * "09:00-12:00,13:00-18:00" (shared/domain/hours.ts).
 */
export const timeRange = z
  .union([z.string(), z.array(z.string()).min(1)], {
    error: 'expected opening windows "HH:MM-HH:MM", e.g. "09:00-18:00" or "09:00-12:00, 13:00-18:00"',
  })
  .transform((v, ctx) => {
    try {
      return formatWindows(parseWindows(v));
    } catch (err) {
      if (!(err instanceof InvalidHoursError)) throw err;
      ctx.issues.push({ code: 'custom', message: err.message, input: v });
      return z.NEVER;
    }
  });

export const timeZone = z.string().superRefine((tz, ctx) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `"${tz}" is not a time zone${didYouMean(tz, knownTimeZones())} (expected an IANA time zone such as "America/New_York")`,
    });
  }
});

/** A calendar date that exists (the one strict parser, shared/time/strict.ts): 2026-02-30 is an error. */
const isoDate = z.string().superRefine((d, ctx) => {
  if (!isCalendarDate(d))
    ctx.addIssue({ code: 'custom', message: `"${d}" is not a calendar date YYYY-MM-DD that exists` });
});

const instanceSchema = z
  .object({
    /** Create a new instance (retained on stack deletion). */
    create: z
      .object({
        alias: z
          .string()
          .regex(
            /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/,
            'alias: lowercase letters, digits and dashes, 2–63 chars',
          ),
        identityManagement: z
          .enum(['CONNECT_MANAGED', 'SAML', 'EXISTING_DIRECTORY'])
          .default('CONNECT_MANAGED'),
        directoryId: z.string().optional(),
        inboundCalls: z.boolean().default(true),
        outboundCalls: z.boolean().default(true),
        contactLens: z.boolean().default(true),
        contactFlowLogs: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /** Or import an existing instance: nothing about it is created or changed except what Santral adds. */
    import: z
      .object({
        arn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/,
            'expected an instance ARN "arn:aws:connect:<region>:<account>:instance/<uuid>"',
          ),
        /**
         * The instance's alias: names its flow-log group (`/aws/connect/<alias>`), which the stack then creates
         * and retains. Without it the stack cannot manage that group (synth warns).
         */
        alias: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'alias: lowercase letters, digits and dashes, 2–63 chars')
          .optional(),
        /**
         * Which instance storage configs Santral creates and owns on this instance (issue 14). Default: none.
         * AWS documents AssociateInstanceStorageConfig as a first-time association; an instance set up in
         * the console already has recording storage, so Santral adds only what is listed here.
         */
        manageStorage: z
          .array(z.enum(['CALL_RECORDINGS', 'CONTACT_TRACE_RECORDS', 'AGENT_EVENTS']))
          .optional(),
        /**
         * The flow-log group `/aws/connect/<alias>`: `create` (default) — the stack creates it, retained
         * `retention.flowLogsDays` and encrypted with the center key; `existing` — Connect already made it
         * (it does on the first flow log when the group is missing), so the stack leaves it alone: CloudFormation
         * cannot create a log group that exists. `santral preflight --deployed` tells which one the instance
         * needs and checks the existing group's retention.
         */
        flowLogGroup: z.enum(['create', 'existing']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!!v.create === !!v.import) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of "create" or "import"' });
    }
    if (v.create?.identityManagement === 'EXISTING_DIRECTORY' && !v.create.directoryId) {
      ctx.addIssue({
        code: 'custom',
        path: ['create', 'directoryId'],
        message: 'required when identityManagement is EXISTING_DIRECTORY',
      });
    }
  });

const languageSchema = z
  .object({
    code: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, 'expected a language code such as "en-US" or "tr-TR"'),
    /** Amazon Polly voice used for text-to-speech in this language. */
    voice: z.string().min(1),
    /** The digit that switches the main menu to this language (omit for the default language). */
    menuDigit: z.string().regex(/^\d$/, 'one keypad digit').optional(),
  })
  .strict();

// --- Calendars (hours[]): split shifts, holidays by date, closures, yearly rules (issue 14) -----------
/**
 * A day (or days) the weekly hours do not apply: exactly one of `date`, `from`+`to` (a closure of several
 * days) or `yearly` ("12-25", "last MONDAY of MAY"; optionally between `from` and `to`). Closed all day
 * unless `open` gives reduced hours. Semantics and Connect mapping: shared/domain/hours.ts.
 */
const holidaySchema = z
  .object({
    name: z.string().min(1).max(127),
    date: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    yearly: z.string().optional(),
    /** Reduced hours on these days instead of closed. */
    open: timeRange.optional(),
  })
  .strict()
  .superRefine((h, ctx) => {
    for (const p of holidayProblems(h))
      ctx.addIssue({ code: 'custom', path: p.key ? [p.key] : [], message: p.message });
  });

const hoursSchema = z
  .object({
    name: name('hours name'),
    description: z.string().max(250).optional(),
    timeZone,
    /** Opening windows per weekday; a missing day is closed. */
    weekly: z.partialRecord(z.enum(WEEKDAYS), timeRange),
    holidays: z.array(holidaySchema).default([]),
  })
  .strict()
  .superRefine((h, ctx) => {
    // Two holidays on one date would leave Connect's choice between overrides to chance: reject it.
    const coveredBy = new Map<string, number>();
    h.holidays.forEach((d, i) => {
      if (holidayProblems(d).length > 0) return; // reported at the holiday itself
      for (const date of holidayDates(d)) {
        const other = coveredBy.get(date);
        if (other !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['holidays', i],
            message: `${date} is already covered by holidays[${other}] ("${h.holidays[other]!.name}"); one override per day`,
          });
          return;
        }
        coveredBy.set(date, i);
      }
    });
  });
// --- end of calendars ---------------------------------------------------------------------------------

const queueSchema = z
  .object({
    name: name('queue name'),
    description: z.string().max(250).optional(),
    hours: z.string(),
    /** Name of a phone number (phoneNumbers[].name) shown as caller id on outbound calls from this queue. */
    outboundCallerId: z.string().optional(),
    outboundCallerIdName: z.string().max(50).optional(),
    maxContacts: z.number().int().min(1).max(10_000).optional(),
    /** Language this queue serves (used by routing rules for language queues). */
    language: z.string().optional(),
    /**
     * Only callbacks land here, never live callers: no routing profile needs to serve it (otherwise
     * `config check` requires one, so that callers never wait where no agent can take them).
     */
    callbackOnly: z.boolean().optional(),
  })
  .strict();

const routingProfileSchema = z
  .object({
    name: name('routing profile name'),
    description: z.string().min(1).max(250),
    defaultOutboundQueue: z.string(),
    voiceConcurrency: z.number().int().min(1).max(1).default(1),
    queues: z
      .array(
        z
          .object({
            queue: z.string(),
            priority: z.number().int().min(1).max(99).default(1),
            delaySeconds: z.number().int().min(0).max(9999).default(0),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const quickConnectSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('QUEUE'),
      name: name('quick connect name'),
      queue: z.string(),
      flow: z.string().default('transfer-to-queue'),
      description: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('PHONE_NUMBER'),
      name: name('quick connect name'),
      phoneNumber: z.string().regex(E164, 'expected E.164, e.g. +12065550123'),
      description: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('USER'),
      name: name('quick connect name'),
      /** The agent (agents[].login) the call is transferred to. */
      agent: z.string(),
      flow: z.string().default('transfer-to-agent'),
      description: z.string().optional(),
    })
    .strict(),
]);

/** Connect user names and Cognito user names alike: letters, digits and . _ - @ (Connect allows up to 64). */
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** The workspace UI languages (AGENT-API.md: `locale` en/tr). */
export const WORKSPACE_LOCALES = ['en', 'tr'] as const;

const agentSchema = z
  .object({
    /** Connect user name = Cognito user name = the token's `username` claim. */
    login: z.string().regex(LOGIN, 'login: 1–64 letters, digits, dot, underscore, dash or @'),
    firstName: z.string().min(1).max(100),
    lastName: z.string().min(1).max(100),
    /** Where Cognito sends the invitation (a temporary password chosen by Cognito, never by config). */
    email: z.string().email(),
    routingProfile: z.string(),
    securityProfile: z.string(),
    hierarchyGroup: z.string().optional(),
    /** Languages the agent speaks (languages.supported codes); the first one picks the UI locale by default. */
    languages: z.array(z.string()).min(1),
    /** Workspace UI language; default from the first of `languages`. */
    locale: z.enum(WORKSPACE_LOCALES).optional(),
    /** Member of the `supervisor` group (supervisor routes of the agent API). */
    supervisor: z.boolean().default(false),
    /** Seconds of after-contact work Connect gives the agent before it sets them available (0 = unlimited). */
    afterContactWorkSeconds: z.number().int().min(0).max(2000000).default(0),
  })
  .strict();

const securityProfileSchema = z
  .object({
    name: name('security profile name'),
    description: z.string().max(250).optional(),
    /** Connect security profile permissions, e.g. BasicAgentAccess, OutboundCallAccess. */
    permissions: z.array(z.string().regex(/^[A-Za-z0-9.]+$/, 'a Connect permission name')).default([]),
    /** Grant the Santral workspace app (AppIntegrations application) to this profile. */
    workspaceApp: z.boolean().default(true),
  })
  .strict();

const agentStatusSchema = z
  .object({
    name: name('agent status name'),
    description: z.string().max(250).optional(),
    state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
    displayOrder: z.number().int().min(1).max(50).optional(),
  })
  .strict();

const hierarchyGroupSchema = z
  .object({
    name: name('hierarchy group name'),
    /** The parent group (hierarchyGroups[].name); omit for a top-level group. */
    parent: z.string().optional(),
  })
  .strict();

const WRAP_UP_CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const wrapUpSchema = z
  .object({
    codes: z
      .array(
        z
          .object({
            code: z.string().regex(WRAP_UP_CODE, 'wrap-up codes: lowercase letters, digits, dashes'),
            label: z.string().min(1).max(60),
            /** Labels in other languages, by languages.supported code, e.g. { "tr-TR": "Çözüldü" }. */
            labels: z.record(z.string(), z.string().min(1).max(60)).default({}),
          })
          .strict(),
      )
      .default([]),
    /** Which codes the agent may pick on a queue's contacts, and whether one is required before leaving ACW. */
    queues: z
      .array(
        z
          .object({
            queue: z.string(),
            codes: z.array(z.string()).min(1),
            required: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const workspaceSchema = z
  .object({
    /** AppIntegrations application namespace (unique in the account and Region). */
    namespace: z
      .string()
      .regex(/^[a-zA-Z0-9/._-]{1,32}$/, 'namespace: 1–32 letters, digits, / . _ -')
      .default('santral-workspace'),
    /**
     * Deprecated: the instance's alias is `instance.create.alias` or `instance.import.alias`, the one source
     * of truth (the workspace's CSP frame-ancestors and the flow-log group `/aws/connect/<alias>` both use
     * it). Still read for an import without an alias, with a warning; contradicting the instance's alias is
     * an error.
     */
    instanceAlias: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/, 'alias: lowercase letters, digits and dashes')
      .optional(),
    /** How agents sign in to the app: default = the instance's identityManagement (created) or CONNECT_MANAGED. */
    identity: z.enum(['CONNECT_MANAGED', 'SAML']).optional(),
    /** SAML federation of the user pool to the instance's IdP (required when identity is SAML). */
    saml: z
      .object({
        providerName: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'providerName: 1–32 letters, digits, _ -'),
        metadataUrl: z.string().url().startsWith('https://', 'metadataUrl must be https').optional(),
        /** Path of the IdP metadata XML, relative to the repository root. */
        metadataFile: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Serve the app on your own domain (CloudFront alternate name) with an ACM certificate in us-east-1. */
    domain: z
      .object({
        name: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'a DNS name such as "agents.example.com"'),
        certificateArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
            'CloudFront needs an ACM certificate in us-east-1',
          ),
      })
      .strict()
      .optional(),
    /** Customer contacts shown on the card (history length). */
    historyLimit: z.number().int().min(1).max(50).default(5),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.saml && !!w.saml.metadataUrl === !!w.saml.metadataFile)
      ctx.addIssue({
        code: 'custom',
        path: ['saml'],
        message: 'give exactly one of "metadataUrl" or "metadataFile"',
      });
  });

const phoneNumberSchema = z
  .object({
    name: name('phone number name'),
    country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO country code such as "US"'),
    type: z.enum(['DID', 'TOLL_FREE']),
    prefix: z
      .string()
      .regex(/^\+\d{1,15}$/, 'expected a "+"-prefixed digit prefix such as "+1206"')
      .optional(),
    /** The inbound flow (a file name in contact-flows/ without .json) that answers this number. */
    flow: z.string(),
    description: z.string().optional(),
    /** The number as known to the local simulator (the sandbox dials it); in AWS Connect assigns the real one. */
    simulatedAddress: z.string().regex(E164, 'expected E.164').optional(),
  })
  .strict();

const promptSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'prompt names: lowercase letters, digits, dashes'),
    /** Audio file in S3 (s3://bucket/key); omit to use the instance's default prompt of the same name. */
    s3Uri: z
      .string()
      .regex(/^s3:\/\/[^/]+\/.+/, 'expected "s3://bucket/key"')
      .optional(),
    /** What the prompt says, for the simulator's transcript. */
    transcript: z.string().optional(),
    /** Without s3Uri: the name of the prompt in the instance's library (e.g. "CustomerQueue.wav"); default: `name`. */
    instancePrompt: z.string().min(1).optional(),
    description: z.string().optional(),
  })
  .strict();

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const retentionSchema = z
  .object({
    recordingsDays: z.number().int().min(1).default(365),
    /** Move recordings to infrequent access after this many days (0 = never). */
    recordingsInfrequentAccessDays: z.number().int().min(0).default(30),
    interactionsDays: z.number().int().min(1).default(730),
    /** Evidence of outbound dial decisions: 16 CFR 310.5 — keep telemarketing records 5 years. */
    evidenceYears: z
      .number()
      .int()
      .min(5, 'telemarketing records must be kept at least 5 years (16 CFR 310.5)')
      .default(5),
    importsDays: z.number().int().min(1).default(90),
    accessLogsDays: z.number().int().min(1).default(365),
    /** CTR batches kept in the ctr-failures bucket for `santral ctr replay` (they hold personal data: short). */
    ctrFailuresDays: z.number().int().min(7).max(90).default(30),
    /**
     * Connect's flow logs (`/aws/connect/<alias>`: caller numbers, names, attributes), created and retained by
     * the stack; one of CloudWatch Logs' retention values.
     */
    flowLogsDays: z
      .number()
      .int()
      .refine((d) => LOG_RETENTION_DAYS.includes(d), {
        message: `flowLogsDays: one of CloudWatch Logs' retention values (${[1, 3, 7, 14, 30, 90, 180, 365].join(', ')}, …)`,
      })
      .default(30),
    /** S3 Object Lock (compliance mode) on the evidence bucket; cannot be turned off once deployed. */
    evidenceObjectLock: z.boolean().default(false),
  })
  .strict();

const recordingSchema = z
  .object({
    /** Which participants are recorded when a flow turns recording on. */
    participants: z.array(z.enum(['Agent', 'Customer'])).default(['Agent', 'Customer']),
    /** Announce recording at the start of every inbound call. */
    announce: z.boolean().default(true),
  })
  .strict();

const costSchema = z
  .object({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('USD'),
    telephonyPerMinute: z.number().min(0),
    agentPerHour: z.number().min(0),
  })
  .strict();

/** A time of day "HH:MM" (the one strict parser). */
const clockTime = z.string().superRefine((t, ctx) => {
  try {
    parseClockTime(t);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});
const windowSchema = z.object({ start: clockTime, end: clockTime }).strict();

/**
 * Contact attributes a campaign call carries when nothing else is configured: exactly what the outbound flow
 * reads from the list (contact-flows/outbound-whisper.json: `$.Attributes.firstName` — the first word of the
 * list's `name` column — and `$.Attributes.language`); `campaign` and `attempt` are the dialer's own and are
 * always sent. test/unit/outbound/contact-attributes.test.ts keeps this equal to what the flows read.
 */
export const DEFAULT_CONTACT_ATTRIBUTES = ['firstName', 'language'] as const;

/** List columns that never become attributes, and what to write instead. */
const NOT_AN_ATTRIBUTE: Record<string, string> = {
  phone: 'the phone column is the number dialled; it is never sent as a contact attribute',
  name: 'the name column is sent as "firstName" (its first word): allow "firstName"',
  zip: 'zip is a location hint for the calling window, never sent as a contact attribute',
  state: 'state is a location hint for the calling window, never sent as a contact attribute',
  timezone: 'timezone is a location hint for the calling window, never sent as a contact attribute',
  consentDate: 'consentDate is a gate input, never sent as a contact attribute',
  campaign: 'campaign is always sent by the dialer; no list column may replace it',
  attempt: 'attempt is always sent by the dialer; no list column may replace it',
};

/** A contact attribute name (a list column's header, or firstName). */
const contactAttributeName = z
  .string()
  .min(1)
  .max(128)
  .superRefine((name, ctx) => {
    const why = NOT_AN_ATTRIBUTE[name] ?? NOT_AN_ATTRIBUTE[name.trim().toLowerCase()];
    if (why) ctx.addIssue({ code: 'custom', message: `"${name}": ${why}` });
  });
const contactAttributeList = z.array(contactAttributeName).superRefine((names, ctx) => {
  const seen = new Set<string>();
  for (const [i, n] of names.entries()) {
    if (seen.has(n)) ctx.addIssue({ code: 'custom', path: [i], message: `"${n}" is listed twice` });
    seen.add(n);
  }
});

const outboundSchema = z
  .object({
    perNumberPerDay: z.number().int().min(1).default(2),
    perCallerIdPerDay: z.number().int().min(1).default(100),
    /** TSR 310.4(b)(1)(iii)(B) / FCC: calls only 08:00–21:00 at the called party's location. */
    callingWindow: windowSchema.default({ start: '08:00', end: '21:00' }),
    /** Stricter state rules layered over the federal window, e.g. FL 08:00–20:00. */
    stateWindows: z.record(z.string().regex(/^[A-Z]{2}$/), windowSchema).default({}),
    /** When the called party's zone is unknown: a window legal everywhere from Hawaii to Atlantic time. */
    unknownZoneWindow: windowSchema
      .extend({ timeZone })
      .default({ start: '14:00', end: '20:00', timeZone: 'America/New_York' }),
    stopMinutesBeforeClose: z.number().int().min(0).max(120).default(10),
    /** TSR 310.4(b)(3)(iv): the registry copy used must be at most 31 days old on the day of the call. */
    registryMaxAgeDays: z.number().int().min(1).max(31).default(31),
    /**
     * A full registry list may drop at most this fraction of an area code's numbers against the copy in
     * force (a download truncated at a line boundary looks valid); more needs `dnc import --allow-shrink`.
     */
    registryMaxShrinkFraction: z.number().min(0).max(1).default(0.2),
    maxAttempts: z.number().int().min(1).max(10).default(3),
    retryDelayMinutes: z.number().int().min(1).default(60),
    requestsPerSecond: z.number().min(0.1).max(2).default(2),
    ringTimeoutSeconds: z.number().int().min(15).max(60).default(30),
    /** Countries whose rule packs this center dials (US, TR, UK); any other country is refused. */
    allowedCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).default(['US']),
    /**
     * No telemarketing on these dates at the called party's location (state holiday bans, company policy);
     * `states` limits a date to callees who may be in those states.
     */
    holidays: z
      .array(
        z
          .object({
            date: isoDate,
            name: z.string().min(1),
            states: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
          })
          .strict(),
      )
      .default([]),
    /**
     * Which list columns a campaign's calls carry as Connect contact attributes. Contact attributes are
     * copied into contact records (CTRs) and Connect's flow logs, so e-mails, notes and the like stay in the
     * list: only the columns named here are stored with the target and sent. `campaigns.<name>` replaces
     * `allow` for one campaign. `santral campaign preview` names the columns that will not be sent.
     */
    contactAttributes: z
      .object({
        allow: contactAttributeList.default([...DEFAULT_CONTACT_ATTRIBUTES]),
        campaigns: z
          .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/), contactAttributeList)
          .default({}),
      })
      .strict()
      .default({ allow: [...DEFAULT_CONTACT_ATTRIBUTES], campaigns: {} }),
  })
  .strict();

/** Local simulator settings (sandbox, `sim call`, scenarios); nothing here reaches AWS. */
const simulatorSchema = z
  .object({
    /**
     * Agents staffed and available in each queue a routing profile serves, until agents are configured
     * as code; a queue no routing profile serves is never staffed. `sim call --agents` overrides.
     */
    agentsPerQueue: z.number().int().min(0).max(1000).default(2),
    /** Per-queue staffing, by queue name, overriding agentsPerQueue. */
    queues: z.record(z.string(), z.number().int().min(0).max(1000)).default({}),
  })
  .strict();

const routingRulesSchema = z
  .object({
    /** Main-menu digit → intent name → queue. */
    intents: z.record(z.string(), z.object({ digit: z.string().regex(/^\d$/), queue: z.string() }).strict()),
    defaultQueue: z.string(),
    /** Queue priority (1 = highest) per customer tier. */
    priority: z
      .object({ vip: z.number().int().min(1).default(1), standard: z.number().int().min(1).default(5) })
      .strict(),
    /** Per-language queue for an intent, e.g. Turkish callers to "Support TR"; missing → the intent's queue. */
    languageQueues: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    /** Offer a callback when the expected wait exceeds this many seconds or no agent is staffed. */
    callbackOfferAfterSeconds: z.number().int().min(0).default(120),
    /** A caller who contacted us within this many hours counts as a repeat caller. */
    repeatCallerWindowHours: z.number().int().min(1).default(72),
    /** Sticky routing: prefer the last agent for repeat callers when they are available. */
    stickyAgent: z.boolean().default(true),
  })
  .strict();

const transferGuardSchema = z
  .object({
    /** Countries an external transfer may dial (ISO codes). */
    allowedCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).default(['US']),
    /** Number types blocked unless explicitly allowed (toll-fraud protection). */
    blockedNumberTypes: z
      .array(z.string())
      .default(['PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOIP', 'PERSONAL_NUMBER', 'PAGER']),
    allowList: z.array(z.string().regex(E164)).default([]),
    denyList: z.array(z.string().regex(E164)).default([]),
  })
  .strict();

const kpiSchema = z
  .object({
    serviceLevelSeconds: z.number().int().min(1).default(20),
    fcrDays: z.number().int().min(1).default(7),
  })
  .strict();

/** Alarm thresholds (infra/constructs/observability.ts, alerts.ts). */
const alertThresholdsSchema = z
  .object({
    /** Abandoned ÷ queued × 100 above this for 30 minutes. */
    abandonmentPercent: z.number().gt(0).lt(100).default(10),
    /** Service level (kpi.serviceLevelSeconds) below this for 30 minutes. */
    serviceLevelPercent: z.number().gt(0).lt(100).default(80),
    /** Average speed of answer (seconds in queue of answered contacts) above this for 30 minutes. */
    asaSeconds: z.number().int().min(1).default(60),
    /** Per IVR function: safe-default answers ÷ invocations × 100 above this for 15 minutes. */
    safeDefaultPercent: z.number().gt(0).lt(100).default(5),
    /** CTR records sent to the on-failure bucket in 5 minutes above this. */
    ctrFailures: z.number().int().min(0).default(0),
    /** The oldest registry copy in force older than this many days (before the 31-day rule blocks dialing). */
    registryCopyAgeDays: z.number().int().min(1).max(30).default(25),
  })
  .strict();

const E_MAIL = z.string().email('expected an e-mail address');
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/;

const alertsSchema = z
  .object({
    /** Addresses subscribed to the center's alarm topic (each confirms the subscription once). */
    emails: z.array(E_MAIL).default([]),
    /** An existing SNS topic (e.g. the on-call pager's) that every alarm also notifies. */
    topicArn: z
      .string()
      .regex(SNS_TOPIC_ARN, 'expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)')
      .optional(),
    thresholds: alertThresholdsSchema.default(alertThresholdsSchema.parse({})),
  })
  .strict()
  .refine((a) => a.emails.length > 0 || a.topicArn !== undefined, {
    message: 'alerts must reach someone: give emails and/or topicArn',
    path: ['emails'],
  });

export type AlertsConfig = z.infer<typeof alertsSchema>;
export type AlertThresholds = AlertsConfig['thresholds'];
/** Thresholds when a (non-production) config has no `alerts`: the alarms exist, with the defaults. */
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = alertThresholdsSchema.parse({});

const surveySchema = z
  .object({
    /** Offer the post-call survey after the agent leaves. */
    enabled: z.boolean().default(true),
  })
  .strict();

export const contactCenterConfigSchema = z
  .object({
    name: z.string().min(1),
    stage: z.string().regex(/^[a-z][a-z0-9-]*$/, 'stage: lowercase letters, digits, dashes'),
    account: z
      .string()
      .regex(/^\d{12}$/, 'expected a 12-digit account id')
      .optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a region such as "us-east-1"'),
    /** Production stages turn on deletion protection and stricter retention. */
    production: z.boolean().default(false),
    instance: instanceSchema,
    languages: z.object({ default: z.string(), supported: z.array(languageSchema).min(1) }).strict(),
    hours: z.array(hoursSchema).min(1),
    queues: z.array(queueSchema).min(1),
    routingProfiles: z.array(routingProfileSchema).min(1),
    quickConnects: z.array(quickConnectSchema).default([]),
    phoneNumbers: z.array(phoneNumberSchema).default([]),
    prompts: z.array(promptSchema).default([]),
    recording: recordingSchema.default({ participants: ['Agent', 'Customer'], announce: true }),
    retention: retentionSchema.default({
      recordingsDays: 365,
      recordingsInfrequentAccessDays: 30,
      interactionsDays: 730,
      evidenceYears: 5,
      importsDays: 90,
      accessLogsDays: 365,
      ctrFailuresDays: 30,
      flowLogsDays: 30,
      evidenceObjectLock: false,
    }),
    cost: costSchema,
    outbound: outboundSchema.default(outboundSchema.parse({})),
    routing: routingRulesSchema,
    transferGuard: transferGuardSchema.default(transferGuardSchema.parse({})),
    kpi: kpiSchema.default({ serviceLevelSeconds: 20, fcrDays: 7 }),
    survey: surveySchema.default({ enabled: true }),
    /** Agents as code: Connect users (no passwords: Cognito invites them) and what they may do. */
    agents: z.array(agentSchema).default([]),
    securityProfiles: z.array(securityProfileSchema).default([]),
    agentStatuses: z.array(agentStatusSchema).default([]),
    /** Names of the hierarchy levels, top first (Connect allows five); groups nest at most this deep. */
    hierarchyLevels: z.array(name('hierarchy level name')).max(5).default([]),
    hierarchyGroups: z.array(hierarchyGroupSchema).default([]),
    /** Wrap-up (disposition) codes agents pick in the workspace, per queue. */
    wrapUp: wrapUpSchema.default({ codes: [], queues: [] }),
    /** The agent workspace app: hosting, registration, identity (absent = no workspace resources). */
    workspace: workspaceSchema.optional(),
    /** Who alarms reach, and when they fire (required when `production: true`). */
    alerts: alertsSchema.optional(),
    simulator: simulatorSchema.default({ agentsPerQueue: 2, queues: {} }),
  })
  .strict();

export type ContactCenterConfig = z.infer<typeof contactCenterConfigSchema>;
export type HoursConfig = ContactCenterConfig['hours'][number];
export type QueueConfig = ContactCenterConfig['queues'][number];
export type PhoneNumberConfig = ContactCenterConfig['phoneNumbers'][number];
export type QuickConnectConfig = ContactCenterConfig['quickConnects'][number];
export type RoutingRules = ContactCenterConfig['routing'];
export type OutboundConfig = ContactCenterConfig['outbound'];
export type AgentConfig = ContactCenterConfig['agents'][number];
export type WrapUpConfig = ContactCenterConfig['wrapUp'];
export type WorkspaceConfig = NonNullable<ContactCenterConfig['workspace']>;

/** One problem in a config document: a path like `queues[2].hours` and what was expected. */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    return acc ? `${acc}.${String(p)}` : String(p);
  }, '');
}

const listNames = (items: { name: string }[]) => items.map((i) => i.name).join(', ') || '(none)';

/**
 * Cross-reference checks the schema cannot express. `flowNames` are the flows in contact-flows/ (when
 * known), so that a number answered by a missing flow fails at synth, not at deploy.
 */
export function checkReferences(c: ContactCenterConfig, flowNames?: readonly string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const own = c.instance.create ? 'instance.create.alias' : 'instance.import.alias';
  const ownAlias = c.instance.create?.alias ?? c.instance.import?.alias;
  const legacyAlias = c.workspace?.instanceAlias;
  if (legacyAlias !== undefined && ownAlias !== undefined && legacyAlias !== ownAlias)
    issues.push({
      path: ['workspace', 'instanceAlias'],
      message: `"${legacyAlias}" contradicts ${own} "${ownAlias}": an instance has one alias, ${own}; remove workspace.instanceAlias`,
    });
  const hours = new Set(c.hours.map((h) => h.name));
  const queues = new Set(c.queues.map((q) => q.name));
  const numbers = new Set(c.phoneNumbers.map((p) => p.name));
  const languages = new Set(c.languages.supported.map((l) => l.code));
  const flows = flowNames ? new Set(flowNames) : undefined;

  const unique = (list: { name: string }[], key: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.name))
        issues.push({ path: [key, i, 'name'], message: `duplicate name "${item.name}"` });
      seen.add(item.name);
    });
  };
  // Alarms that notify nobody are not alarms: a production center must say who they reach.
  if (c.production && !c.alerts)
    issues.push({
      path: ['alerts'],
      message:
        'required when production: true — alerts.emails (addresses) and/or alerts.topicArn (an existing SNS topic) so that alarms reach a person',
    });
  if (c.alerts && c.alerts.thresholds.registryCopyAgeDays >= c.outbound.registryMaxAgeDays)
    issues.push({
      path: ['alerts', 'thresholds', 'registryCopyAgeDays'],
      message: `must be below outbound.registryMaxAgeDays (${c.outbound.registryMaxAgeDays}): the alarm has to fire before the rule blocks dialing`,
    });
  unique(c.hours, 'hours');
  unique(c.queues, 'queues');
  unique(c.routingProfiles, 'routingProfiles');
  unique(c.quickConnects, 'quickConnects');
  unique(c.phoneNumbers, 'phoneNumbers');
  unique(c.prompts, 'prompts');

  const queueRef = (path: (string | number)[], q: string) => {
    if (!queues.has(q))
      issues.push({ path, message: `unknown queue "${q}"; defined: ${listNames(c.queues)}` });
  };
  const flowRef = (path: (string | number)[], f: string) => {
    if (flows && !flows.has(f))
      issues.push({
        path,
        message: `unknown flow "${f}"; defined in contact-flows/: ${[...flows].join(', ') || '(none)'}`,
      });
  };

  if (!languages.has(c.languages.default)) {
    issues.push({
      path: ['languages', 'default'],
      message: `"${c.languages.default}" is not among languages.supported (${[...languages].join(', ')})`,
    });
  }
  c.queues.forEach((q, i) => {
    if (!hours.has(q.hours))
      issues.push({
        path: ['queues', i, 'hours'],
        message: `unknown hours "${q.hours}"; defined: ${listNames(c.hours)}`,
      });
    if (q.outboundCallerId && !numbers.has(q.outboundCallerId)) {
      issues.push({
        path: ['queues', i, 'outboundCallerId'],
        message: `unknown phone number "${q.outboundCallerId}"; defined: ${listNames(c.phoneNumbers)}`,
      });
    }
    if (q.language && !languages.has(q.language)) {
      issues.push({
        path: ['queues', i, 'language'],
        message: `"${q.language}" is not among languages.supported`,
      });
    }
  });
  c.routingProfiles.forEach((rp, i) => {
    queueRef(['routingProfiles', i, 'defaultOutboundQueue'], rp.defaultOutboundQueue);
    for (const [j, q] of rp.queues.entries()) queueRef(['routingProfiles', i, 'queues', j, 'queue'], q.queue);
  });
  c.quickConnects.forEach((qc, i) => {
    if (qc.type === 'QUEUE') {
      queueRef(['quickConnects', i, 'queue'], qc.queue);
      flowRef(['quickConnects', i, 'flow'], qc.flow);
    }
    if (qc.type === 'USER') flowRef(['quickConnects', i, 'flow'], qc.flow);
  });
  for (const [i, p] of c.phoneNumbers.entries()) flowRef(['phoneNumbers', i, 'flow'], p.flow);
  issues.push(...checkAgentReferences(c));
  queueRef(['routing', 'defaultQueue'], c.routing.defaultQueue);
  const digits = new Map<string, string>();
  for (const [intent, rule] of Object.entries(c.routing.intents)) {
    queueRef(['routing', 'intents', intent, 'queue'], rule.queue);
    const other = digits.get(rule.digit);
    if (other)
      issues.push({
        path: ['routing', 'intents', intent, 'digit'],
        message: `digit ${rule.digit} is already used by intent "${other}"`,
      });
    digits.set(rule.digit, intent);
  }
  for (const [lang, map] of Object.entries(c.routing.languageQueues)) {
    if (!languages.has(lang))
      issues.push({
        path: ['routing', 'languageQueues', lang],
        message: `"${lang}" is not among languages.supported`,
      });
    for (const [intent, q] of Object.entries(map)) {
      if (!(intent in c.routing.intents)) {
        issues.push({
          path: ['routing', 'languageQueues', lang, intent],
          message: `unknown intent "${intent}"; defined: ${Object.keys(c.routing.intents).join(', ')}`,
        });
      }
      queueRef(['routing', 'languageQueues', lang, intent], q);
    }
  }
  issues.push(...checkRoutingCoverage(c));
  for (const q of Object.keys(c.simulator.queues)) queueRef(['simulator', 'queues', q], q);
  return issues;
}

// --- Routing coverage (issue 14): every queue callers reach has agents who can take them ---------------

/** Queue names that at least one routing profile serves (agents on it receive the queue's contacts). */
export function servedQueues(c: Pick<ContactCenterConfig, 'routingProfiles'>): Set<string> {
  return new Set(c.routingProfiles.flatMap((rp) => rp.queues.map((q) => q.queue)));
}

/**
 * A queue no routing profile serves strands its callers (no agent ever receives them): an error unless
 * marked `callbackOnly`; and no menu intent, default or language queue may send callers to one at all.
 */
export function checkRoutingCoverage(
  c: Pick<ContactCenterConfig, 'queues' | 'routingProfiles' | 'routing'>,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const served = servedQueues(c);
  const known = new Set(c.queues.map((q) => q.name));
  const profiles = c.routingProfiles.map((rp) => rp.name).join(', ');
  c.queues.forEach((q, i) => {
    if (!served.has(q.name) && !q.callbackOnly)
      issues.push({
        path: ['queues', i],
        message: `no routing profile serves queue "${q.name}", so no agent can take its calls; add { queue: ${q.name} } to a routing profile's queues (${profiles}), or mark it callbackOnly: true`,
      });
  });
  const unserved = (path: (string | number)[], queue: string, who: string) => {
    if (known.has(queue) && !served.has(queue))
      issues.push({
        path,
        message: `${who} go to queue "${queue}", which no routing profile serves: they would wait where no agent can take them`,
      });
  };
  for (const [intent, rule] of Object.entries(c.routing.intents))
    unserved(
      ['routing', 'intents', intent, 'queue'],
      rule.queue,
      `callers pressing ${rule.digit} (${intent})`,
    );
  unserved(['routing', 'defaultQueue'], c.routing.defaultQueue, 'callers without a known intent');
  for (const [lang, map] of Object.entries(c.routing.languageQueues))
    for (const [intent, q] of Object.entries(map))
      unserved(['routing', 'languageQueues', lang, intent], q, `${lang} callers for ${intent}`);
  return issues;
}

/**
 * Things worth a look that do not stop synth: a routing profile no configured agent uses (its queues may
 * then go unanswered). Agents as code are `agents[]` with a `routingProfile` each; without agents in the
 * config there is nothing to compare against, so no warning.
 */
export function configWarnings(c: ContactCenterConfig): ConfigIssue[] {
  return [...aliasWarnings(c), ...routingProfileWarnings(c)];
}

/** workspace.instanceAlias is deprecated in favour of the instance's own alias (see instanceAlias()). */
function aliasWarnings(c: ContactCenterConfig): ConfigIssue[] {
  const legacy = c.workspace?.instanceAlias;
  if (legacy === undefined) return [];
  const ownAlias = c.instance.create?.alias ?? c.instance.import?.alias;
  const own = c.instance.create ? 'instance.create.alias' : 'instance.import.alias';
  if (ownAlias === legacy)
    return [
      {
        path: ['workspace', 'instanceAlias'],
        message: `deprecated and redundant (${own} says the same): remove it`,
      },
    ];
  if (ownAlias !== undefined) return []; // a contradiction: checkReferences reports it as an error
  return [
    {
      path: ['workspace', 'instanceAlias'],
      message: `deprecated: move it to instance.import.alias ("${legacy}"), the instance's one alias; it is used as that (the workspace's CSP and the flow-log group /aws/connect/${legacy}, kept with retention.flowLogsDays)`,
    },
  ];
}

function routingProfileWarnings(c: ContactCenterConfig): ConfigIssue[] {
  const agents = (c as { agents?: unknown }).agents;
  if (!Array.isArray(agents) || agents.length === 0) return [];
  const used = new Set(
    agents
      .map((a) => (a as { routingProfile?: unknown }).routingProfile)
      .filter((p) => typeof p === 'string'),
  );
  return c.routingProfiles.flatMap((rp, i) =>
    used.has(rp.name)
      ? []
      : [
          {
            path: ['routingProfiles', i],
            message: `no agent uses routing profile "${rp.name}": its queues (${rp.queues.map((q) => q.queue).join(', ')}) get no calls answered through it`,
          },
        ],
  );
}
// --- end of routing coverage ---------------------------------------------------------------------------
/** The identity the workspace app uses: the config's choice, else the created instance's, else Connect-managed. */
export function workspaceIdentity(c: ContactCenterConfig): 'CONNECT_MANAGED' | 'SAML' {
  if (c.workspace?.identity) return c.workspace.identity;
  return c.instance.create?.identityManagement === 'SAML' ? 'SAML' : 'CONNECT_MANAGED';
}

/**
 * The instance's alias — the one place it is read: `instance.create.alias`, else `instance.import.alias`, else
 * the deprecated `workspace.instanceAlias` (which configWarnings flags). Used for the workspace's CSP and the
 * flow-log group alike.
 */
export function instanceAlias(c: ContactCenterConfig): string | undefined {
  return c.instance.create?.alias ?? c.instance.import?.alias ?? c.workspace?.instanceAlias;
}

/**
 * The instance's flow-log group and whether the stack creates it (instance.import.flowLogGroup); undefined
 * without an alias (the group's name is not known).
 */
export function flowLogGroupOf(
  c: ContactCenterConfig,
): { name: string; mode: 'create' | 'existing'; retentionDays: number } | undefined {
  const alias = instanceAlias(c);
  if (!alias) return undefined;
  return {
    name: `/aws/connect/${alias}`,
    mode: c.instance.import?.flowLogGroup ?? 'create',
    retentionDays: c.retention.flowLogsDays,
  };
}

/** Agents, security profiles, hierarchy, statuses, USER quick connects, wrap-up codes and the workspace. */
function checkAgentReferences(c: ContactCenterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const duplicates = <T>(
    list: readonly T[],
    key: (t: T) => string,
    path: (i: number) => (string | number)[],
  ) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) issues.push({ path: path(i), message: `duplicate "${k}"` });
      seen.add(k);
    });
    return seen;
  };
  const logins = duplicates(
    c.agents,
    (a) => a.login.toLowerCase(),
    (i) => ['agents', i, 'login'],
  );
  const profiles = duplicates(
    c.securityProfiles,
    (p) => p.name,
    (i) => ['securityProfiles', i, 'name'],
  );
  duplicates(
    c.agentStatuses,
    (s) => s.name,
    (i) => ['agentStatuses', i, 'name'],
  );
  const groups = duplicates(
    c.hierarchyGroups,
    (g) => g.name,
    (i) => ['hierarchyGroups', i, 'name'],
  );
  const codes = duplicates(
    c.wrapUp.codes,
    (w) => w.code,
    (i) => ['wrapUp', 'codes', i, 'code'],
  );
  duplicates(
    c.wrapUp.queues,
    (w) => w.queue,
    (i) => ['wrapUp', 'queues', i, 'queue'],
  );
  const routingProfiles = new Set(c.routingProfiles.map((r) => r.name));
  const queues = new Set(c.queues.map((q) => q.name));
  const languages = new Set(c.languages.supported.map((l) => l.code));
  const known = (set: Set<string>) => [...set].join(', ') || '(none)';

  c.agents.forEach((a, i) => {
    if (!routingProfiles.has(a.routingProfile))
      issues.push({
        path: ['agents', i, 'routingProfile'],
        message: `unknown routing profile "${a.routingProfile}"; defined: ${known(routingProfiles)}`,
      });
    if (!profiles.has(a.securityProfile))
      issues.push({
        path: ['agents', i, 'securityProfile'],
        message: `unknown security profile "${a.securityProfile}"; defined: ${known(profiles)}`,
      });
    if (a.hierarchyGroup !== undefined && !groups.has(a.hierarchyGroup))
      issues.push({
        path: ['agents', i, 'hierarchyGroup'],
        message: `unknown hierarchy group "${a.hierarchyGroup}"; defined: ${known(groups)}`,
      });
    a.languages.forEach((l, j) => {
      if (!languages.has(l))
        issues.push({
          path: ['agents', i, 'languages', j],
          message: `"${l}" is not among languages.supported (${known(languages)})`,
        });
    });
  });

  // Hierarchy: every parent defined, no cycles, no deeper than the levels named.
  const parentOf = new Map(c.hierarchyGroups.map((g) => [g.name, g.parent]));
  c.hierarchyGroups.forEach((g, i) => {
    if (g.parent !== undefined && !groups.has(g.parent)) {
      issues.push({
        path: ['hierarchyGroups', i, 'parent'],
        message: `unknown hierarchy group "${g.parent}"; defined: ${known(groups)}`,
      });
      return;
    }
    let depth = 1;
    const seen = new Set([g.name]);
    for (let p = g.parent; p !== undefined; p = parentOf.get(p)) {
      if (seen.has(p)) {
        issues.push({ path: ['hierarchyGroups', i, 'parent'], message: `"${g.name}" is its own ancestor` });
        return;
      }
      seen.add(p);
      depth++;
    }
    if (depth > c.hierarchyLevels.length)
      issues.push({
        path: ['hierarchyGroups', i, 'name'],
        message: `"${g.name}" is at level ${depth} but hierarchyLevels names ${c.hierarchyLevels.length} level(s)`,
      });
  });

  c.quickConnects.forEach((qc, i) => {
    if (qc.type === 'USER' && !logins.has(qc.agent.toLowerCase()))
      issues.push({
        path: ['quickConnects', i, 'agent'],
        message: `unknown agent "${qc.agent}"; defined: ${c.agents.map((a) => a.login).join(', ') || '(none)'}`,
      });
  });

  c.wrapUp.codes.forEach((w, i) => {
    for (const lang of Object.keys(w.labels))
      if (!languages.has(lang))
        issues.push({
          path: ['wrapUp', 'codes', i, 'labels', lang],
          message: `"${lang}" is not among languages.supported (${known(languages)})`,
        });
  });
  c.wrapUp.queues.forEach((w, i) => {
    if (!queues.has(w.queue))
      issues.push({
        path: ['wrapUp', 'queues', i, 'queue'],
        message: `unknown queue "${w.queue}"; defined: ${known(queues)}`,
      });
    w.codes.forEach((code, j) => {
      if (!codes.has(code))
        issues.push({
          path: ['wrapUp', 'queues', i, 'codes', j],
          message: `unknown wrap-up code "${code}"; defined in wrapUp.codes: ${known(codes)}`,
        });
    });
  });

  const w = c.workspace;
  if (w) {
    if (workspaceIdentity(c) === 'SAML' && !w.saml)
      issues.push({
        path: ['workspace', 'saml'],
        message:
          'required when the workspace identity is SAML (federate the user pool to the instance’s IdP)',
      });
    if (w.saml && workspaceIdentity(c) !== 'SAML')
      issues.push({
        path: ['workspace', 'saml'],
        message: 'given, but the workspace identity is CONNECT_MANAGED; set workspace.identity: SAML',
      });
  }
  return issues;
}
