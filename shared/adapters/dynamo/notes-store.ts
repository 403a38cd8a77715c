/**
 * The agent workspace's writes on interactions, in the interactions table (contracts.md):
 * - contact item pk `CONTACT#<ContactId>` sk `META`: `tags` (string set, replaced by setTags), `disposition`
 *   (the wrap-up code), `dispositionAt`, `dispositionBy` (UpdateItem SET/REMOVE of these attributes only, so
 *   the CTR processor's attributes are never touched).
 * - note       pk `CONTACT#<ContactId>` sk `NOTE#<noteId>` { noteId, contactId, text, author, createdAt, savedAt }.
 *   `noteId` is the client's idempotency key: writing the same id again overwrites the text (autosave,
 *   retries), never adds a note; only its author may overwrite it (conditional update). Notes written before
 *   this layout (sk `NOTE#<ISO>#<noteId>`, `agent` instead of `author`) are still read.
 * - audit      pk `CONTACT#<ContactId>` sk `AUDIT#<ISO>#<requestId>` for actions on a contact (erased with
 *   it), else pk `AGENTAUDIT#<YYYY-MM-DD>` sk `<ISO>#<requestId>`: { requestId, at, action, actor (the verified
 *   user name), contactId?, customer (masked number only), outcome } — who did what, no personal data in clear.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentAuditEntry, AgentNote, AuditSink, WorkspaceStore } from '../../agent-api/ports.ts';
import { contactKey } from './ctr-store.ts';
import { MalformedItemError } from './customer-store.ts';

const noteSk = (noteId: string) => `NOTE#${noteId}`;

function noteFromItem(i: Record<string, unknown>): AgentNote {
  const text = i['text'];
  const noteId = i['noteId'];
  if (typeof noteId !== 'string' || typeof text !== 'string')
    throw new MalformedItemError(`${String(i['pk'])}/${String(i['sk'])}`, 'noteId and text must be strings');
  const createdAt = String(i['createdAt'] ?? '');
  return {
    noteId,
    contactId: String(i['contactId'] ?? ''),
    text,
    author: String(i['author'] ?? i['agent'] ?? ''),
    createdAt,
    savedAt: String(i['savedAt'] ?? createdAt),
  };
}

export class DynamoNotesStore implements WorkspaceStore, AuditSink {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The contact's notes, oldest first. */
  async listNotes(contactId: string): Promise<AgentNote[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
          ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}`, ':n': 'NOTE#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.map(noteFromItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async saveNote(
    note: Omit<AgentNote, 'createdAt'>,
  ): Promise<{ outcome: 'saved' | 'owned-by-other'; note?: AgentNote }> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `CONTACT#${note.contactId}`, sk: noteSk(note.noteId) },
          UpdateExpression:
            'SET noteId = :id, contactId = :c, #text = :t, author = :a, savedAt = :s, createdAt = if_not_exists(createdAt, :s)',
          ConditionExpression: 'attribute_not_exists(pk) OR author = :a',
          ExpressionAttributeNames: { '#text': 'text' },
          ExpressionAttributeValues: {
            ':id': note.noteId,
            ':c': note.contactId,
            ':t': note.text,
            ':a': note.author,
            ':s': note.savedAt,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { outcome: 'saved', note: noteFromItem(out.Attributes ?? {}) };
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return { outcome: 'owned-by-other' };
      throw err;
    }
  }

  async setTags(contactId: string, tags: string[]): Promise<string[]> {
    // DynamoDB keeps no empty sets: no tags = no attribute.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: contactKey(contactId),
        ...(tags.length > 0
          ? { UpdateExpression: 'SET tags = :t', ExpressionAttributeValues: { ':t': new Set(tags) } }
          : { UpdateExpression: 'REMOVE tags' }),
      }),
    );
    return [...new Set(tags)].sort();
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
