/**
 * Agent actions on interactions, in the interactions table (contracts.md):
 * - contact item pk `CONTACT#<ContactId>` sk `META`: `tags` (string set, ADD), `disposition`,
 *   `dispositionAt`, `dispositionBy` (UpdateItem SET of these attributes only).
 * - note       pk `CONTACT#<ContactId>` sk `NOTE#<ISO>#<noteId>` { noteId, contactId, text, agent, createdAt }.
 *   `noteId` is the client's idempotency key: a retried note with the same id is found and not written twice.
 * - audit      pk `CONTACT#<ContactId>` sk `AUDIT#<ISO>#<requestId>` for actions on a contact (erased with
 *   it), else pk `AGENTAUDIT#<YYYY-MM-DD>` sk `<ISO>#<requestId>`: { action, actor, agent, contactId?,
 *   customer (masked number only), outcome } — who did what, without personal data in clear.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentAuditEntry, AgentNote, NotesStore } from '../../interactions/agent-actions.ts';
import { contactKey } from './ctr-store.ts';

export class DynamoNotesStore implements NotesStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async findNote(contactId: string, noteId: string): Promise<AgentNote | undefined> {
    const notes = await this.listNotes(contactId);
    return notes.find((n) => n.noteId === noteId);
  }

  async listNotes(contactId: string): Promise<AgentNote[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
        ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}`, ':n': 'NOTE#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      noteId: String(i['noteId']),
      contactId: String(i['contactId']),
      text: String(i['text']),
      agent: String(i['agent']),
      createdAt: String(i['createdAt']),
    }));
  }

  async putNote(note: AgentNote): Promise<'created' | 'exists'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `CONTACT#${note.contactId}`, sk: `NOTE#${note.createdAt}#${note.noteId}`, ...note },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return 'exists';
      throw err;
    }
  }

  async addTags(contactId: string, tags: string[]): Promise<string[]> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: contactKey(contactId),
        UpdateExpression: 'ADD tags :t',
        ExpressionAttributeValues: { ':t': new Set(tags) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const t = out.Attributes?.['tags'];
    return t instanceof Set ? [...(t as Set<string>)].sort() : [];
  }

  async setDisposition(contactId: string, disposition: string, by: string, at: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: contactKey(contactId),
        UpdateExpression: 'SET disposition = :d, dispositionAt = :at, dispositionBy = :by',
        ExpressionAttributeValues: { ':d': disposition, ':at': at, ':by': by },
      }),
    );
  }

  async audit(entry: AgentAuditEntry): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: entry.contactId
          ? { pk: `CONTACT#${entry.contactId}`, sk: `AUDIT#${entry.at}#${entry.requestId}`, ...entry }
          : { pk: `AGENTAUDIT#${entry.at.slice(0, 10)}`, sk: `${entry.at}#${entry.requestId}`, ...entry },
      }),
    );
  }
}
