/**
 * Claimed phone numbers ↔ config names. Connect assigns the number itself, so the only thing we control
 * is the description: infra (Telephony) sets `<config description or name> [santral:<name>]`, and
 * `santral flows pull` reads the tag back to write `${PhoneNumber:<name>}` (see pull.ts).
 */
import type { ContactCenterConfig } from '#shared/config/schema.ts';

const SANTRAL_TAG = /\[santral:([^\]]+)\]/;

/** The description infra gives a claimed number: readable, plus a tag `flows pull` maps back by. */
export const phoneNumberDescription = (p: { name: string; description?: string | undefined }) =>
  `${p.description ?? p.name} [santral:${p.name}]`;

/** The config name of a claimed number, from its description (see the module comment); undefined if none. */
export function phoneNumberConfigName(
  description: string | undefined,
  config?: Pick<ContactCenterConfig, 'phoneNumbers'>,
): string | undefined {
  if (!description) return undefined;
  const tagged = SANTRAL_TAG.exec(description)?.[1];
  if (tagged) return tagged;
  const matches = (config?.phoneNumbers ?? []).filter(
    (p) => (p.description ?? p.name) === description.trim(),
  );
  return matches.length === 1 ? matches[0]!.name : undefined;
}
