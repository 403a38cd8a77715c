/**
 * Contact-attribute allow-list: list columns become Connect contact attributes (and so CTRs and flow logs)
 * only when config allows them. The default is what the outbound flows read; config refuses the phone
 * column, location hints and typos with a suggestion.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DIR, ConfigError, FLOWS_DIR, loadConfigFile } from '#shared/config/load.ts';
import { DEFAULT_CONTACT_ATTRIBUTES } from '#shared/config/schema.ts';
import {
  allowedContactAttributes,
  ContactAttributeTally,
  pickContactAttributes,
} from '#shared/outbound/contact-attributes.ts';
import { outboundSettings } from '../../fixtures/outbound/factories.ts';

const example = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8');

function issuesFor(contactAttributes: string): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'santral-attrs-')), 'center.yaml');
  expect(example).toMatch(/^outbound:\n/m);
  writeFileSync(
    file,
    example.replace(/^outbound:\n/m, `outbound:\n  contactAttributes: ${contactAttributes}\n`),
  );
  try {
    loadConfigFile(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

/** Attributes the campaign (OUTBOUND_WHISPER) flows read, without the dialer's own `campaign` and `attempt`. */
function attributesOutboundFlowsRead(): string[] {
  const read = new Set<string>();
  for (const f of readdirSync(FLOWS_DIR).filter((n) => n.endsWith('.json'))) {
    const text = readFileSync(join(FLOWS_DIR, f), 'utf8');
    if ((JSON.parse(text) as { type?: string }).type !== 'OUTBOUND_WHISPER') continue;
    for (const m of text.matchAll(/\$\.Attributes\.([A-Za-z0-9_]+)/g)) read.add(m[1]!);
  }
  read.delete('campaign');
  read.delete('attempt');
  return [...read].sort();
}

describe('contact attributes sent to Connect', () => {
  it('the default allow-list is exactly what the outbound flows read from the list', () => {
    const read = attributesOutboundFlowsRead();
    expect(read.length).toBeGreaterThan(0);
    expect([...DEFAULT_CONTACT_ATTRIBUTES].sort()).toEqual(read);
    const loaded = loadConfigFile(join(CONFIG_DIR, 'dev.yaml'));
    expect(loaded.outbound.contactAttributes).toEqual({
      allow: [...DEFAULT_CONTACT_ATTRIBUTES],
      campaigns: {},
    });
  });

  it('a campaign override replaces the global allow-list for that campaign only', () => {
    const settings = outboundSettings({
      contactAttributes: { allow: ['firstName'], campaigns: { spring: ['offer', 'language'] } },
    });
    expect([...allowedContactAttributes(settings, 'spring')]).toEqual(['offer', 'language']);
    expect([...allowedContactAttributes(settings, 'autumn')]).toEqual(['firstName']);
  });

  it('picks only allowed attributes; the tally counts rows per attribute sent and not sent', () => {
    const allowed = new Set(['firstName', 'language']);
    const rows: Record<string, string>[] = [
      { firstName: 'Ann', email: 'a@example.com', notes: 'x' },
      { firstName: 'Bob', language: 'tr', email: 'b@example.com' },
      {},
    ];
    expect(pickContactAttributes(rows[0]!, allowed)).toEqual({ firstName: 'Ann' });
    const tally = new ContactAttributeTally(allowed);
    for (const r of rows) tally.add(r);
    expect(tally.report()).toEqual({
      allowed: ['firstName', 'language'],
      sent: { firstName: 2, language: 1 },
      notSent: { email: 2, notes: 1 },
    });
  });
});

describe('config: outbound.contactAttributes', () => {
  it('refuses the phone column in the allow-list', () => {
    expect(issuesFor('{ allow: [firstName, phone] }')).toEqual([
      expect.stringMatching(
        /center\.yaml:\d+ outbound\.contactAttributes\.allow\[1\]: "phone": the phone column is the number dialled; it is never sent as a contact attribute$/,
      ),
    ]);
  });

  it('refuses the phone column in a campaign override, and points name at firstName', () => {
    const issues = issuesFor('{ campaigns: { spring: [Phone, name] } }');
    expect(issues).toEqual([
      expect.stringMatching(
        /outbound\.contactAttributes\.campaigns\.spring\[0\]: "Phone": the phone column is the number dialled/,
      ),
      expect.stringMatching(
        /outbound\.contactAttributes\.campaigns\.spring\[1\]: "name": the name column is sent as "firstName"/,
      ),
    ]);
  });

  it('an unknown key gets a did-you-mean', () => {
    expect(issuesFor('{ alow: [firstName] }')).toEqual([
      expect.stringMatching(
        /outbound\.contactAttributes\.alow: unknown key "alow" — did you mean "allow"\? \(allowed here: allow, campaigns\)/,
      ),
    ]);
  });

  it('a name listed twice is an error', () => {
    expect(issuesFor('{ allow: [language, language] }')).toEqual([
      expect.stringMatching(/outbound\.contactAttributes\.allow\[1\]: "language" is listed twice/),
    ]);
  });
});
