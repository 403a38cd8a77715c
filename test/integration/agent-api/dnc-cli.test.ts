/**
 * The workspace's do-not-call button and the operator's `santral dnc check` read the same store: after the
 * agent API blocks a caller on a scratch sandbox, the CLI reports the number blocked by the internal list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dncCommands from '#infra/cli/commands/dnc.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoAgentApiDeps } from '#shared/agent-api/dynamo-deps.ts';
import { createAgentApi } from '#shared/agent-api/router.ts';
import { agentApiSettingsFor } from '#shared/agent-api/settings.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { systemClock } from '#shared/interactions/model.ts';
import { openSandbox } from '#shared/interactions/sandbox-access.ts';
import { SandboxContacts } from '#shared/local/sandbox-contacts.ts';
import { createTokenIssuer, createTokenVerifier } from '#shared/local/token-issuer.ts';
import { runSantral } from '../../support/cli.ts';

const NUMBER = '+12065550461';

describe('workspace DNC → santral dnc check (scratch sandbox)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'santral-agent-dnc-'));
  beforeAll(() => {
    process.env['SANTRAL_STATE_DIR'] = dir;
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('the number the agent blocked is reported blocked by the internal list', async () => {
    const before = JSON.parse((await runSantral([dncCommands], ['dnc', 'check', NUMBER, '--json'])).out);
    expect(before.sources).not.toContain('internal');

    const sandbox = await openSandbox();
    try {
      const contacts = new SandboxContacts();
      contacts.recordContact({
        contactId: 'sandbox-contact-dnc-1',
        customerNumber: NUMBER,
        queue: 'Support',
      });
      contacts.connectAgent('sandbox-contact-dnc-1', 'ayse');
      const api = createAgentApi(
        dynamoAgentApiDeps(createDocumentClient(), {
          contacts,
          settings: agentApiSettingsFor(loadStageConfig('dev')),
          clock: systemClock,
        }),
      );
      const issuer = createTokenIssuer();
      const claims = await createTokenVerifier(issuer).verify(
        issuer.issue({ username: 'ayse', name: 'Ayşe', groups: ['agent'] }),
      );
      const r = await api.handle({
        method: 'POST',
        path: '/v1/contacts/sandbox-contact-dnc-1/dnc',
        claims,
        body: { confirm: true },
      });
      expect(r).toMatchObject({ status: 200, body: { blocked: true } });
    } finally {
      await sandbox.close();
    }

    const after = JSON.parse((await runSantral([dncCommands], ['dnc', 'check', NUMBER, '--json'])).out);
    expect(after).toMatchObject({ blocked: true });
    expect(after.sources).toContain('internal');
  });
});
