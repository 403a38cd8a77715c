/** Agents as code, wrap-up codes and the workspace section: each broken reference named by file:line and path. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DIR, ConfigError, loadConfigFile, loadStageConfig } from '#shared/config/load.ts';

const example = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8');

function issuesOf(edit: (yaml: string) => string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'santral-agents-config-'));
  const file = join(dir, 'variant.yaml');
  const text = edit(example);
  if (text === example) throw new Error('the edit changed nothing');
  writeFileSync(file, text);
  try {
    loadConfigFile(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('agents, wrap-up and workspace config', () => {
  it('loads the demo agents (a Turkish-speaking agent, a supervisor), hierarchy and wrap-up codes', () => {
    const c = loadStageConfig('dev');
    expect(c.agents.find((a) => a.login === 'ayse')).toMatchObject({
      languages: ['tr-TR', 'en-US'],
      locale: 'tr',
    });
    expect(c.agents.filter((a) => a.supervisor).map((a) => a.login)).toEqual(['maria']);
    expect(c.wrapUp.queues.find((q) => q.queue === 'Support')).toMatchObject({ required: true });
    expect(c.workspace).toMatchObject({ namespace: 'santral-workspace' });
  });

  it.each([
    [
      'an unknown routing profile',
      (y: string) => y.replace('    routingProfile: Turkish Care\n', '    routingProfile: Night Shift\n'),
      /variant\.yaml:\d+ agents\[0\]\.routingProfile: unknown routing profile "Night Shift"; defined: Customer Care, Turkish Care, Outbound Sales$/,
    ],
    [
      'an unknown security profile',
      (y: string) => y.replace('    securityProfile: Supervisor\n', '    securityProfile: Admin\n'),
      /agents\[3\]\.securityProfile: unknown security profile "Admin"; defined: Agent, Supervisor$/,
    ],
    [
      'an unknown hierarchy group',
      (y: string) => y.replace('    hierarchyGroup: Istanbul Team\n', '    hierarchyGroup: Ankara\n'),
      /agents\[0\]\.hierarchyGroup: unknown hierarchy group "Ankara"/,
    ],
    [
      'an agent language the center does not support',
      (y: string) => y.replace('    languages: [tr-TR, en-US]\n', '    languages: [tr-TR, de-DE]\n'),
      /agents\[0\]\.languages\[1\]: "de-DE" is not among languages\.supported/,
    ],
    [
      'a duplicate login',
      (y: string) => y.replace('  - login: john\n', '  - login: ayse\n'),
      /agents\[1\]\.login: duplicate "ayse"/,
    ],
    [
      'a hierarchy deeper than its levels',
      (y: string) => y.replace('hierarchyLevels: [Site, Team]', 'hierarchyLevels: [Site]'),
      [
        /hierarchyGroups\[2\]\.name: "Seattle Team" is at level 2 but hierarchyLevels names 1 level\(s\)/,
        /hierarchyGroups\[3\]\.name: "Istanbul Team" is at level 2/,
      ],
    ],
    [
      'a hierarchy cycle',
      (y: string) => y.replace('  - { name: Seattle }\n', '  - { name: Seattle, parent: Seattle Team }\n'),
      [
        /hierarchyGroups\[0\]\.parent: "Seattle" is its own ancestor/,
        /hierarchyGroups\[2\]\.parent: "Seattle Team" is its own ancestor/,
      ],
    ],
    [
      'a USER quick connect to an unknown agent',
      (y: string) =>
        y.replace('quickConnects:\n', 'quickConnects:\n  - { type: USER, name: To Zeynep, agent: zeynep }\n'),
      /quickConnects\[0\]\.agent: unknown agent "zeynep"; defined: ayse, john, li, maria$/,
    ],
    [
      'a wrap-up rule for an unknown queue',
      (y: string) => y.replace('    - { queue: Orders, codes:', '    - { queue: Exchanges, codes:'),
      /wrapUp\.queues\[3\]\.queue: unknown queue "Exchanges"/,
    ],
    [
      'a wrap-up rule naming an undefined code',
      (y: string) => y.replace('codes: [resolved, follow-up, escalated] }', 'codes: [resolved, lost] }'),
      /wrapUp\.queues\[3\]\.codes\[1\]: unknown wrap-up code "lost"; defined in wrapUp\.codes: resolved, /,
    ],
    [
      'a SAML workspace without the IdP',
      (y: string) => y.replace('  # identity: SAML ', '  identity: SAML #'),
      /workspace\.saml: required when the workspace identity is SAML/,
    ],
    [
      'a SAML IdP with both metadata URL and file',
      (y: string) =>
        y.replace(
          '  # identity: SAML ',
          '  identity: SAML\n  saml: { providerName: Corp, metadataUrl: "https://idp.example.com/m.xml", metadataFile: idp.xml }\n  #',
        ),
      /workspace\.saml: give exactly one of "metadataUrl" or "metadataFile"/,
    ],
  ])('rejects %s', (_what, edit, expected) => {
    const patterns = Array.isArray(expected) ? expected : [expected];
    expect(issuesOf(edit)).toEqual(patterns.map((p) => expect.stringMatching(p)));
  });

  it('refuses a password anywhere in an agent (passwords never live in config)', () => {
    const issues = issuesOf((y) =>
      y.replace('    email: ayse@example.com\n', '    email: ayse@example.com\n    password: hunter2\n'),
    );
    expect(issues).toEqual([expect.stringMatching(/agents\[0\].*password/)]);
  });

  it('points at the line of the broken reference', () => {
    const [issue] = issuesOf((y) =>
      y.replace(
        '    routingProfile: Outbound Sales\n    securityProfile: Agent',
        '    routingProfile: Outbound Sales\n    securityProfile: Nobody',
      ),
    );
    const line = Number(/:(\d+) /.exec(issue!)?.[1]);
    const edited = example.replace(
      '    routingProfile: Outbound Sales\n    securityProfile: Agent',
      '    routingProfile: Outbound Sales\n    securityProfile: Nobody',
    );
    expect(edited.split('\n')[line - 1]).toContain('securityProfile: Nobody');
  });
});
