/**
 * Agents' current state and their time per quarter hour, in the agents table (written by the agent-event
 * processor, read by the KPI reports).
 *
 * Item layouts:
 * - state     pk `AGENT#<agentId>` sk `STATE`
 *     agentId, username, routingProfile, status, activity, since (ISO), contactId, eventId, eventType,
 *     eventAt, eventVersion (`<epoch ms, 15 digits>#<EventId>`: the conditional write — newest wins)
 * - interval  pk `AGENT#<agentId>` sk `INTERVAL#<interval start ISO>`
 *     agentId, username, intervalStart (ISO), segs (string set of `origin|from|to|event|activity`,
 *     shared/agents/timeline.ts), gsi1pk `AGENTDAY#<YYYY-MM-DD (UTC)>` / gsi1sk `<interval start ISO>#<agentId>`
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AGENT_ACTIVITIES, type AgentActivity } from '../../agents/events.ts';
import type { AgentState, AgentStore, StateWriteOutcome } from '../../agents/processor.ts';
import { decodeSegment, type Segment } from '../../agents/timeline.ts';

export const agentStateKey = (agentId: string) => ({ pk: `AGENT#${agentId}`, sk: 'STATE' });
export const agentIntervalKey = (agentId: string, intervalStart: number) => ({
  pk: `AGENT#${agentId}`,
  sk: `INTERVAL#${new Date(intervalStart).toISOString()}`,
});

export class AgentStoreError extends Error {
  override readonly name = 'AgentStoreError';
}

export interface AgentInterval {
  agentId: string;
  username: string | undefined;
  intervalStart: number;
  segments: Segment[];
}

export class DynamoAgentStore implements AgentStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putStateIfNewer(state: AgentState): Promise<StateWriteOutcome> {
    const names: Record<string, string> = {};
    const values: Record<string, NativeAttributeValue> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    const optional = ['username', 'routingProfile', 'status', 'contactId'] as const;
    const fields = { ...state } as Record<string, unknown>;
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    for (const k of optional) {
      if (state[k] === undefined) {
        names[`#${k}`] = k;
        removes.push(`#${k}`);
      }
    }
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: agentStateKey(state.agentId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(#eventVersion) OR #eventVersion <= :eventVersion',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return out.Attributes?.['eventVersion'] === state.eventVersion ? 'duplicate' : 'applied';
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return 'stale';
      throw new AgentStoreError(`agent ${state.agentId}: state write failed`, { cause: err });
    }
  }

  async addIntervalSegments(
    agentId: string,
    intervalStart: number,
    segments: string[],
    username: string | undefined,
  ): Promise<void> {
    if (segments.length === 0) return;
    const iso = new Date(intervalStart).toISOString();
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: agentIntervalKey(agentId, intervalStart),
          UpdateExpression: `ADD segs :s SET agentId = :a, intervalStart = :i, gsi1pk = :g, gsi1sk = :gs${username ? ', username = :u' : ''}`,
          ExpressionAttributeValues: {
            ':s': new Set(segments),
            ':a': agentId,
            ':i': iso,
            ':g': `AGENTDAY#${iso.slice(0, 10)}`,
            ':gs': `${iso}#${agentId}`,
            ...(username ? { ':u': username } : {}),
          },
        }),
      );
    } catch (err) {
      throw new AgentStoreError(`agent ${agentId}: interval ${iso} write failed`, { cause: err });
    }
  }

  async state(agentId: string): Promise<AgentState | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: agentStateKey(agentId), ConsistentRead: true }),
    );
    return out.Item ? toState(out.Item) : undefined;
  }

  /**
   * Every agent's current state (the supervisor's live view). A Scan filtered to the STATE items: the table
   * holds one STATE item per agent beside their quarter-hour items, and a live view polled every few seconds
   * reads it all each time — fine for a center's agents and retained intervals; a sparse index on STATE items
   * is the step if that ever grows too large.
   */
  async currentStates(): Promise<AgentState[]> {
    const out: AgentState[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: 'sk = :state',
          ExpressionAttributeValues: { ':state': 'STATE' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(toState(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** One agent's intervals starting in [from, to). */
  async intervals(agentId: string, from: number, to: number): Promise<AgentInterval[]> {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: {
        ':pk': `AGENT#${agentId}`,
        ':a': agentIntervalKey(agentId, from).sk,
        ':b': agentIntervalKey(agentId, to - 1).sk,
      },
    });
  }

  /** Every agent's intervals starting in [from, to) (by UTC day through gsi1). */
  async intervalsBetween(from: number, to: number): Promise<AgentInterval[]> {
    const out: AgentInterval[] = [];
    for (
      let day = Date.UTC(
        new Date(from).getUTCFullYear(),
        new Date(from).getUTCMonth(),
        new Date(from).getUTCDate(),
      );
      day < to;
      day += 86_400_000
    ) {
      const d = new Date(day).toISOString().slice(0, 10);
      const items = await this.queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `AGENTDAY#${d}` },
      });
      for (const i of items) if (i.intervalStart >= from && i.intervalStart < to) out.push(i);
    }
    return out;
  }

  private async queryAll(input: {
    IndexName?: string;
    KeyConditionExpression: string;
    ExpressionAttributeValues: Record<string, NativeAttributeValue>;
  }): Promise<AgentInterval[]> {
    const items: AgentInterval[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? []) items.push(toInterval(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function str(item: Record<string, unknown>, k: string): string | undefined {
  const v = item[k];
  return typeof v === 'string' ? v : undefined;
}

function toInterval(item: Record<string, unknown>): AgentInterval {
  const agentId = str(item, 'agentId');
  const start = Date.parse(str(item, 'intervalStart') ?? '');
  const segs = item['segs'];
  if (!agentId || Number.isNaN(start) || !(segs instanceof Set))
    throw new AgentStoreError(
      `agents item ${String(item['pk'])}/${String(item['sk'])}: not an interval item`,
    );
  return {
    agentId,
    username: str(item, 'username'),
    intervalStart: start,
    segments: [...(segs as Set<string>)].map(decodeSegment),
  };
}

function toState(item: Record<string, unknown>): AgentState {
  const activity = str(item, 'activity') as AgentActivity | undefined;
  const required = ['agentId', 'since', 'eventId', 'eventType', 'eventAt', 'eventVersion'].map((k) =>
    str(item, k),
  );
  if (!activity || !AGENT_ACTIVITIES.includes(activity) || required.some((v) => v === undefined))
    throw new AgentStoreError(`agents item ${String(item['pk'])}: not a state item`);
  const [agentId, since, eventId, eventType, eventAt, eventVersion] = required as string[];
  const state: AgentState = {
    agentId: agentId!,
    activity,
    since: since!,
    eventId: eventId!,
    eventType: eventType!,
    eventAt: eventAt!,
    eventVersion: eventVersion!,
  };
  for (const k of ['username', 'routingProfile', 'status', 'contactId'] as const) {
    const v = str(item, k);
    if (v !== undefined) state[k] = v;
  }
  return state;
}
