/**
 * The agent API router end to end on embedded DynamoDB: tokens from the sandbox issuer, verified with the
 * same checks as the HTTP API JWT authorizer; the sandbox's record of simulated contacts as Connect.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import type { AgentApiDeps } from '#shared/agent-api/ports.ts';
import { type AgentApi, createAgentApi } from '#shared/agent-api/router.ts';
import { agentApiSettingsFor } from '#shared/agent-api/settings.ts';
import type { ApiResponse } from '#shared/agent-api/types.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { tableName } from '#shared/data/tables.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { SandboxContacts } from '#shared/local/sandbox-contacts.ts';
import { createTokenIssuer, createTokenVerifier, type SandboxUser } from '#shared/local/token-issuer.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const VIP = '+12065550311';
const AYSE: SandboxUser = { username: 'ayse', name: 'Ayşe Yılmaz', locale: 'tr', groups: ['agent'] };
const JOHN: SandboxUser = { username: 'john', name: 'John Carter', groups: ['agent'] };
const MARIA: SandboxUser = { username: 'maria', name: 'Maria Garcia', groups: ['agent', 'supervisor'] };

describe('agent API on embedded DynamoDB', () => {
  useEmbeddedAws();
  const issuer = createTokenIssuer();
  const verifier = createTokenVerifier(issuer);
  let contacts: SandboxContacts;
  let api: AgentApi;
  let deps: AgentApiDeps;
  let notes: DynamoNotesStore;
  let ids = 0;

  /** As the sandbox server does: verify the bearer token, then hand its claims to the router. */
  const call = async (
    user: SandboxUser,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResponse & { body: Record<string, unknown> }> => {
    const claims = await verifier.verify(issuer.issue(user));
    return (await api.handle({ method, path, claims, body })) as ApiResponse & {
      body: Record<string, unknown>;
    };
  };
  /** A contact the simulator connected to `agent`, from `customer`, in `queue`. */
  const contactFor = (
    agent: string,
    o: { customer?: string; queue?: string; attributes?: Record<string, string> } = {},
  ) => {
    const contactId = uuid(9000 + ++ids);
    contacts.recordContact({
      contactId,
      customerNumber: o.customer ?? VIP,
      queue: o.queue ?? 'Support',
      initiatedAt: NOW.toISOString(),
      attributes: o.attributes ?? { intent: 'support', repeatCaller: 'true' },
    });
    contacts.connectAgent(contactId, agent);
    return contactId;
  };
  const auditOf = async (contactId: string) =>
    (
      await createDocumentClient().send(
        new QueryCommand({
          TableName: tableName('interactions'),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
          ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}`, ':a': 'AUDIT#' },
        }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    const doc = createDocumentClient();
    const customers = new DynamoCustomerStore(doc);
    await customers.putCustomer({
      customerId: 'cust-vip-311',
      firstName: 'Deniz',
      lastName: 'Kaya',
      tier: 'VIP',
      preferredLanguage: 'tr-TR',
      phoneNumbers: [VIP],
      openCaseId: 'CASE-4242',
    });
    const ctrStore = new DynamoCtrStore(doc, tableName('interactions'));
    // An earlier contact of the same caller, with a disposition, a note and a survey score.
    await processCtr(
      ctrStore,
      inboundCtr({ contactId: uuid(8001), customer: VIP, queue: 'Billing', at: '2026-11-10T10:00:00Z' }),
    );
    notes = new DynamoNotesStore(doc, tableName('interactions'));
    await notes.setDisposition(uuid(8001), 'refund', 'john', '2026-11-10T10:10:00Z');
    await notes.saveNote({
      noteId: 'note-earlier',
      contactId: uuid(8001),
      text: 'Refund sent',
      author: 'john',
      savedAt: '2026-11-10T10:09:00Z',
    });
    deps = {
      contacts: undefined as never,
      attributes: undefined as never,
      workspace: notes,
      audit: notes,
      interactions: ctrStore,
      callers: customers,
      dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
      callbacks: new DynamoCallbackStore(doc, tableName('interactions')),
      settings: agentApiSettingsFor(loadStageConfig('dev')),
      clock: { now: () => NOW },
    };
  });
  beforeEach(() => {
    contacts = new SandboxContacts();
    api = createAgentApi({ ...deps, contacts, attributes: contacts });
  });

  it('GET /v1/me answers the identity of the verified token', async () => {
    const r = await call(MARIA, 'GET', '/v1/me');
    expect(r).toEqual({
      status: 200,
      body: { username: 'maria', name: 'Maria Garcia', locale: 'en', groups: ['agent', 'supervisor'] },
    });
  });

  it('identity comes from the token only: an `agent` in the body is ignored', async () => {
    const id = contactFor('ayse');
    const asJohn = await call(JOHN, 'PUT', `/v1/contacts/${id}/notes/note-body-agent`, {
      text: 'x',
      agent: 'ayse',
    });
    expect(asJohn.status).toBe(403);
    const asAyse = await call(AYSE, 'PUT', `/v1/contacts/${id}/notes/note-body-agent`, {
      text: 'Called about the refund',
      agent: 'john',
      author: 'john',
    });
    expect(asAyse.status).toBe(200);
    expect(await notes.listNotes(id)).toMatchObject([{ noteId: 'note-body-agent', author: 'ayse' }]);
    expect((await auditOf(id)).map((a) => a['actor']).sort()).toEqual(['ayse', 'john']);
  });

  it('403 not_your_contact for a contact the agent was never on, and for an unknown contact', async () => {
    const id = contactFor('ayse');
    for (const path of [`/v1/contacts/${id}/card`, `/v1/contacts/${uuid(9999)}/card`]) {
      const r = await call(JOHN, 'GET', path);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: { code: 'not_your_contact' } });
    }
    expect(await auditOf(id)).toMatchObject([
      {
        action: 'contact.card',
        actor: 'john',
        outcome: 'refused:not_your_contact',
      },
    ]);
  });

  it('a token without a workspace group may not read contacts (403 forbidden)', async () => {
    const id = contactFor('ayse');
    const r = await call({ ...AYSE, groups: [] }, 'GET', `/v1/contacts/${id}/card`);
    expect(r).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });

  it('the card pops who is calling, why, the history with dispositions and notes, and the wrap-up codes in Turkish', async () => {
    const id = contactFor('ayse', {
      attributes: {
        intent: 'support',
        repeatCaller: 'true',
        transferNote: 'Wants a refund',
        transferReason: 'billing',
        transferMode: 'warm',
        transferFromAgent: 'john',
      },
    });
    const r = await call(AYSE, 'GET', `/v1/contacts/${id}/card`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      contactId: id,
      queue: 'Support',
      channel: 'VOICE',
      customer: {
        name: 'Deniz',
        vipTier: 'VIP',
        language: 'tr-TR',
        openCase: 'CASE-4242',
        phoneMasked: '+1206***0311',
      },
      intent: 'support',
      repeatCaller: true,
      transfer: { note: 'Wants a refund', reason: 'billing', mode: 'warm', fromAgent: 'john' },
      pendingCallback: null,
      dnc: { blocked: false, sources: [] },
      history: [
        {
          contactId: uuid(8001),
          queue: 'Billing',
          disposition: 'refund',
          notes: ['Refund sent'],
          startedAt: expect.any(String),
        },
      ],
      notes: [],
      tags: [],
      wrapUp: { required: true, selected: null },
    });
    expect((r.body['wrapUp'] as { codes: unknown[] }).codes).toEqual([
      { code: 'resolved', label: 'Çözüldü' },
      { code: 'follow-up', label: 'Takip gerekli' },
      { code: 'escalated', label: 'Üst birime iletildi' },
      { code: 'wrong-number', label: 'Yanlış numara' },
    ]);
  });

  it('notes: a retried or edited save of the same noteId overwrites, never duplicates', async () => {
    const id = contactFor('ayse');
    const path = `/v1/contacts/${id}/notes/note-autosave-1`;
    const first = await call(AYSE, 'PUT', path, { text: 'Customer wants' });
    const retry = await call(AYSE, 'PUT', path, { text: 'Customer wants' });
    const edit = await call(AYSE, 'PUT', path, { text: 'Customer wants a refund' });
    expect([first.status, retry.status, edit.status]).toEqual([200, 200, 200]);
    expect(first.body).toEqual({ noteId: 'note-autosave-1', savedAt: NOW.toISOString() });
    const card = await call(AYSE, 'GET', `/v1/contacts/${id}/card`);
    expect(card.body['notes']).toEqual([
      {
        noteId: 'note-autosave-1',
        text: 'Customer wants a refund',
        author: 'ayse',
        savedAt: NOW.toISOString(),
      },
    ]);
  });

  it('notes: another agent on the same contact cannot overwrite a note (409)', async () => {
    const id = contactFor('ayse');
    contacts.connectAgent(id, 'john');
    await call(AYSE, 'PUT', `/v1/contacts/${id}/notes/note-shared-1`, { text: 'mine' });
    const r = await call(JOHN, 'PUT', `/v1/contacts/${id}/notes/note-shared-1`, { text: 'theirs' });
    expect(r).toMatchObject({ status: 409, body: { error: { code: 'note_owned_by_other' } } });
    expect((await notes.listNotes(id)).map((n) => n.text)).toEqual(['mine']);
  });

  it('tags replace the set; invalid tags are a 400 naming the field', async () => {
    const id = contactFor('ayse');
    expect(
      (await call(AYSE, 'PUT', `/v1/contacts/${id}/tags`, { tags: ['vip', 'refund', 'vip'] })).body,
    ).toEqual({
      tags: ['refund', 'vip'],
    });
    expect((await call(AYSE, 'PUT', `/v1/contacts/${id}/tags`, { tags: ['refund'] })).body).toEqual({
      tags: ['refund'],
    });
    const bad = await call(AYSE, 'PUT', `/v1/contacts/${id}/tags`, { tags: ['Not OK'] });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringMatching(/^tags\.0: /) } },
    });
    expect((await call(AYSE, 'GET', `/v1/contacts/${id}/card`)).body['tags']).toEqual(['refund']);
  });

  it('a required wrap-up blocks complete (409) until a code of the queue is set', async () => {
    const id = contactFor('ayse', { queue: 'Support' });
    const blocked = await call(AYSE, 'POST', `/v1/contacts/${id}/complete`);
    expect(blocked).toMatchObject({ status: 409, body: { error: { code: 'wrap_up_required' } } });
    const wrong = await call(AYSE, 'PUT', `/v1/contacts/${id}/wrap-up`, { code: 'refund' });
    expect(wrong).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/not a wrap-up code of queue Support/) } },
    });
    expect((await call(AYSE, 'PUT', `/v1/contacts/${id}/wrap-up`, { code: 'resolved' })).body).toEqual({
      code: 'resolved',
    });
    expect(await call(AYSE, 'POST', `/v1/contacts/${id}/complete`)).toEqual({
      status: 200,
      body: { completed: true, code: 'resolved' },
    });
    expect((await call(AYSE, 'GET', `/v1/contacts/${id}/card`)).body['wrapUp']).toMatchObject({
      selected: 'resolved',
    });
  });

  it('a queue without a required wrap-up completes at once', async () => {
    const id = contactFor('ayse', { queue: 'Orders' });
    expect((await call(AYSE, 'POST', `/v1/contacts/${id}/complete`)).status).toBe(200);
  });

  it('DNC needs confirmation, is effective at once for the caller lookup, and is audited with the agent', async () => {
    const number = '+12065550377';
    const id = contactFor('ayse', { customer: number });
    expect((await call(AYSE, 'POST', `/v1/contacts/${id}/dnc`, {})).status).toBe(400);
    expect((await call(AYSE, 'POST', `/v1/contacts/${id}/dnc`, { confirm: true })).body).toMatchObject({
      blocked: true,
      outcome: 'added',
    });
    expect(await deps.dnc.get(number)).toMatchObject({ source: 'agent', addedBy: 'ayse', contactId: id });
    expect((await deps.callers.lookupCaller(number)).dnc).toMatchObject({ addedBy: 'ayse' });
    expect((await call(AYSE, 'GET', `/v1/contacts/${id}/card`)).body['dnc']).toEqual({
      blocked: true,
      sources: ['internal'],
    });
    const audit = await auditOf(id);
    expect(
      audit
        .filter((a) => a['action'] === 'contact.dnc')
        .map((a) => a['outcome'])
        .sort(),
    ).toEqual(['added', 'refused:invalid_request']);
    expect(audit.find((a) => a['outcome'] === 'added')).toMatchObject({
      action: 'contact.dnc',
      actor: 'ayse',
      outcome: 'added',
      customer: '+1206***0377',
      at: NOW.toISOString(),
    });
    expect(JSON.stringify(audit)).not.toContain(number);
  });

  it('transfer context sets the attributes the transfer flows read, and the receiving agent’s card shows them', async () => {
    const id = contactFor('ayse', { attributes: { intent: 'billing' } });
    const r = await call(AYSE, 'POST', `/v1/contacts/${id}/transfer-context`, {
      note: 'Double charge on order 1234',
      reason: 'billing',
      mode: 'warm',
      target: { type: 'queue', name: 'Billing' },
    });
    expect(r.body).toEqual({
      attributes: {
        transferNote: 'Double charge on order 1234',
        transferReason: 'billing',
        transferMode: 'warm',
        transferFrom: 'ayse',
        transferFromAgent: 'ayse',
      },
    });
    expect(contacts.attributesOf(id)).toMatchObject({
      intent: 'billing',
      transferNote: 'Double charge on order 1234',
      transferFromAgent: 'ayse',
    });
    const leg = contacts.transferContact(id, uuid(9500), { queue: 'Billing' });
    contacts.connectAgent(leg, 'john');
    expect((await call(JOHN, 'GET', `/v1/contacts/${leg}/card`)).body['transfer']).toEqual({
      note: 'Double charge on order 1234',
      reason: 'billing',
      mode: 'warm',
      fromAgent: 'ayse',
    });
    const unknownTarget = await call(AYSE, 'POST', `/v1/contacts/${id}/transfer-context`, {
      note: '',
      reason: 'x',
      mode: 'cold',
      target: { type: 'agent', name: 'nobody' },
    });
    expect(unknownTarget).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/unknown agent "nobody"/) } },
    });
  });

  it('callback: a pending callback through the IVR’s mechanism, shown on the card; DNC-listed numbers refused', async () => {
    const id = contactFor('ayse', { customer: '+12065550388', queue: 'Support' });
    expect((await call(AYSE, 'POST', `/v1/contacts/${id}/callback`, {})).body).toEqual({
      requested: true,
      queue: 'Support',
      outcome: 'created',
    });
    expect((await call(AYSE, 'GET', `/v1/contacts/${id}/card`)).body['pendingCallback']).toEqual({
      queue: 'Support',
      requestedAt: NOW.toISOString(),
    });
    const premium = await call(AYSE, 'POST', `/v1/contacts/${id}/callback`, { number: '+19005550100' });
    expect(premium).toMatchObject({ status: 409, body: { error: { code: 'callback_refused' } } });
    await call(AYSE, 'POST', `/v1/contacts/${id}/dnc`, { confirm: true });
    const listed = await call(AYSE, 'POST', `/v1/contacts/${id}/callback`, { queue: 'Billing' });
    expect(listed).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/do-not-call/) } },
    });
  });

  it('unknown routes are 404, and a token without a user name is 401', async () => {
    expect((await call(AYSE, 'GET', '/v1/nothing')).status).toBe(404);
    expect((await call(AYSE, 'DELETE', '/v1/me')).status).toBe(404);
    const r = await api.handle({ method: 'GET', path: '/v1/me', claims: { sub: 'x' } });
    expect(r).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
  });
});
