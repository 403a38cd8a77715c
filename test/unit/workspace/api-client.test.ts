import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAgentApiClient } from '../../../workspace/src/api/client.ts';
import { createSupervisorApiClient } from '../../../workspace/src/api/supervisor.ts';
import { AgentApiError } from '../../../workspace/src/api/types.ts';

function recorder(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer(url, init);
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

describe('agent API client', () => {
  it('sends the bearer token and JSON, with the contact id and note id escaped in the path', async () => {
    const r = recorder(() => Response.json({ noteId: 'n/1', savedAt: '2026-12-01T10:00:00Z' }));
    const api = createAgentApiClient({
      baseUrl: 'https://api.example',
      token: async () => 'tkn',
      fetch: r.fetch,
    });
    await api.saveNote('c 1', 'n/1', 'hello');
    expect(r.calls[0]!.url).toBe('https://api.example/v1/contacts/c%201/notes/n%2F1');
    expect(r.calls[0]!.init.method).toBe('PUT');
    expect(r.calls[0]!.init.headers).toMatchObject({
      authorization: 'Bearer tkn',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(r.calls[0]!.init.body))).toEqual({ text: 'hello' });
  });

  it("turns the API's error body into an AgentApiError with status and code", async () => {
    const r = recorder(() =>
      Response.json(
        { error: { code: 'wrap_up_required', message: 'choose a wrap-up code' } },
        { status: 409 },
      ),
    );
    const api = createAgentApiClient({ baseUrl: '', token: async () => 't', fetch: r.fetch });
    const err = await api.complete('c1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentApiError);
    expect(err).toMatchObject({ status: 409, code: 'wrap_up_required', message: 'choose a wrap-up code' });
  });

  it('reports an unreachable API as status 0 (network), which autosave retries', async () => {
    const r = recorder(() => {
      throw new TypeError('fetch failed');
    });
    const api = createAgentApiClient({ baseUrl: '', token: async () => 't', fetch: r.fetch });
    await expect(api.card('c1')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('supervisor API client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('a live view Connect could not answer (503 upstream_unavailable) becomes the message the console shows', async () => {
    const message =
      "Amazon Connect's current metrics (GetCurrentMetricData) could not be read: throttled (Connect allows GetCurrentMetricData 5 requests per second per account and Region); the view retries on its next refresh";
    const r = recorder(() =>
      Response.json({ error: { code: 'upstream_unavailable', message } }, { status: 503 }),
    );
    vi.stubGlobal('fetch', r.fetch);
    const api = createSupervisorApiClient({ baseUrl: 'https://api.example', token: async () => 't' });
    const err = await api.live().catch((e: unknown) => e);
    expect(r.calls[0]!.url).toBe('https://api.example/v1/supervisor/live');
    expect(err).toBeInstanceOf(AgentApiError);
    expect(err).toMatchObject({ status: 503, code: 'upstream_unavailable', message });
  });
});
