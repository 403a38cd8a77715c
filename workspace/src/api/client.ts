/**
 * The agent API port and its fetch adapter. The UI depends on `AgentApi` only; the adapter adds the
 * bearer token (AGENT-API.md › Identity: identity comes only from the verified token) and turns every
 * non-2xx answer into an `AgentApiError` with the API's `{ error: { code, message } }`.
 */
import { AgentApiError, type Card, type Me, type TransferContext } from './types.ts';

export interface AgentApi {
  me(): Promise<Me>;
  card(contactId: string): Promise<Card>;
  saveNote(contactId: string, noteId: string, text: string): Promise<{ noteId: string; savedAt: string }>;
  setTags(contactId: string, tags: readonly string[]): Promise<{ tags: string[] }>;
  setWrapUp(contactId: string, code: string): Promise<{ code: string }>;
  complete(contactId: string): Promise<void>;
  markDnc(contactId: string): Promise<{ blocked: boolean }>;
  setTransferContext(
    contactId: string,
    context: TransferContext,
  ): Promise<{ attributes: Record<string, string> }>;
  requestCallback(
    contactId: string,
    request: { number?: string; queue?: string },
  ): Promise<{ requested: boolean; queue: string }>;
}

export interface AgentApiClientOptions {
  /** The API's origin and stage path, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com` or `''` (same origin). */
  baseUrl: string;
  /** The current bearer token (refreshed by the identity port when it expires). */
  token(): Promise<string>;
  fetch?: typeof fetch;
}

const enc = encodeURIComponent;

export function createAgentApiClient(options: AgentApiClientOptions): AgentApi {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${await options.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(`${options.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new AgentApiError(0, 'network', `${method} ${path}: the agent API is not reachable`, {
        cause: err,
      });
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const e = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new AgentApiError(
        res.status,
        e?.code ?? `http_${res.status}`,
        e?.message ?? `${method} ${path}: HTTP ${res.status}`,
      );
    }
    return data as T;
  }
  const contact = (id: string) => `/v1/contacts/${enc(id)}`;
  return {
    me: () => call('GET', '/v1/me'),
    card: (id) => call('GET', `${contact(id)}/card`),
    saveNote: (id, noteId, text) => call('PUT', `${contact(id)}/notes/${enc(noteId)}`, { text }),
    setTags: (id, tags) => call('PUT', `${contact(id)}/tags`, { tags }),
    setWrapUp: (id, code) => call('PUT', `${contact(id)}/wrap-up`, { code }),
    complete: async (id) => {
      await call('POST', `${contact(id)}/complete`);
    },
    markDnc: (id) => call('POST', `${contact(id)}/dnc`, { confirm: true }),
    setTransferContext: (id, context) => call('POST', `${contact(id)}/transfer-context`, context),
    requestCallback: (id, request) => call('POST', `${contact(id)}/callback`, request),
  };
}
