/**
 * The contact as the flow sees it: attributes, the last Lambda's result, stored input, flow attributes,
 * working queue, priority, language and voice, event hooks, loop counters, and what stand-in services
 * returned. `readPath` answers the Flow Language's JSONPaths ($.Attributes.x, $.External.x, …).
 */
import type { ContactData } from '#shared/flows/blocks/block.ts';
import { agentOfQueueName } from './agents.ts';
import { localAgentQueueArn, localArn } from './local-arns.ts';

const DEFAULT_PRIORITY = 5;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

export interface ContactEndpoints {
  from: string;
  to: string;
}

export class ContactState implements ContactData {
  attributes: Record<string, string>;
  external: Record<string, unknown> = {};
  storedInput: string | undefined;
  flowAttributes: Record<string, string> = {};
  workingQueue: string | undefined;
  priority = DEFAULT_PRIORITY;
  language: string;
  voice: string | undefined;
  callbackNumber: string | undefined;
  readonly hooks: Record<string, string> = {};
  readonly loopCounters = new Map<string, number>();
  lex: { intent?: string } = {};
  tags: Record<string, string> = {};
  readonly services: Record<string, Record<string, string>> = {};

  constructor(
    readonly contactId: string,
    private readonly endpoints: ContactEndpoints,
    init: { attributes?: Record<string, string>; queue?: string; language?: string },
    /** `$.Metrics.*` of the working queue (the queue phase knows the staffing). */
    private readonly metric: (key: string) => string | undefined,
  ) {
    this.attributes = { ...(init.attributes ?? {}) };
    this.workingQueue = init.queue;
    this.language = init.language ?? 'en-US';
  }

  /** Resolve a JSONPath like `$.External.tier` against the contact. Unknown paths read as undefined. */
  readPath(path: string): string | undefined {
    const [root, ...rest] = path.slice(2).split('.');
    const key = rest.join('.');
    switch (root) {
      case 'External':
        return str(this.external[key]);
      case 'Attributes':
        return this.attributes[key];
      case 'FlowAttributes':
        return this.flowAttributes[key];
      case 'StoredCustomerInput':
        return this.storedInput;
      case 'ContactId':
      case 'InitialContactId':
        return this.contactId;
      case 'Channel':
        return 'VOICE';
      case 'LanguageCode':
        return this.language;
      case 'CustomerEndpoint':
        return key === 'Address' ? this.endpoints.from : key === 'Type' ? 'TELEPHONE_NUMBER' : undefined;
      case 'SystemEndpoint':
        return key === 'Address' ? this.endpoints.to : key === 'Type' ? 'TELEPHONE_NUMBER' : undefined;
      case 'CustomerCallbackNumber':
      case 'CustomerCallBackPhoneNumber':
        return this.callbackNumber;
      case 'Queue': {
        if (!this.workingQueue) return undefined;
        // An agent's personal queue has an ARN and no name in Connect.
        const agent = agentOfQueueName(this.workingQueue);
        if (agent !== undefined) return key === 'ARN' ? localAgentQueueArn(agent) : undefined;
        return key === 'Name'
          ? this.workingQueue
          : key === 'ARN'
            ? localArn('Queue', this.workingQueue)
            : undefined;
      }
      case 'Metrics':
        return this.metric(key);
      case 'Lex':
        return key === 'IntentName' ? this.lex.intent : undefined;
      case 'Tags':
        return this.tags[key];
      default:
        // Stand-in services: $.Customer.FirstName, $.Case.case_id, $.Wisdom.SessionArn, $.Views.Action …
        return root !== undefined ? this.services[root]?.[key] : undefined;
    }
  }
}
