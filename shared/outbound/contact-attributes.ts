/**
 * Which of a target's attributes (its list's extra columns, and `firstName` from the `name` column) become
 * Connect contact attributes. Contact attributes are copied into contact records (CTRs) and Connect's flow
 * logs, so a column carries to Connect only when config allows it (`outbound.contactAttributes`: `allow`, or
 * `campaigns.<name>` for one campaign); the rest stays in the list — not stored with the target, not sent.
 */
import type { OutboundConfig } from '#shared/config/schema.ts';

/** The attributes a campaign's calls may carry (besides the dialer's own `campaign` and `attempt`). */
export function allowedContactAttributes(settings: OutboundConfig, campaign: string): ReadonlySet<string> {
  const c = settings.contactAttributes;
  return new Set(c.campaigns[campaign] ?? c.allow);
}

/** The allowed subset of a target's attributes. */
export function pickContactAttributes(
  attributes: Readonly<Record<string, string>>,
  allowed: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) if (allowed.has(k)) out[k] = v;
  return out;
}

/** What a list's queued rows would send and keep back: by attribute name, how many rows have a value. */
export interface ContactAttributeReport {
  /** The attributes the campaign's calls may carry (config). */
  allowed: string[];
  /** Allowed attributes the list has, with the rows that carry a value. */
  sent: Record<string, number>;
  /** Attributes the list has that are not allowed: never stored with a target nor sent to Connect. */
  notSent: Record<string, number>;
}

/** Counts, over the rows that become targets, which attributes go to Connect and which stay in the list. */
export class ContactAttributeTally {
  private readonly sent = new Map<string, number>();
  private readonly notSent = new Map<string, number>();

  constructor(private readonly allowed: ReadonlySet<string>) {}

  add(attributes: Readonly<Record<string, string>>): void {
    for (const k of Object.keys(attributes)) {
      const into = this.allowed.has(k) ? this.sent : this.notSent;
      into.set(k, (into.get(k) ?? 0) + 1);
    }
  }

  report(): ContactAttributeReport {
    const sorted = (m: Map<string, number>) =>
      Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
    return { allowed: [...this.allowed], sent: sorted(this.sent), notSent: sorted(this.notSent) };
  }
}

/** The report as lines for the preview table. */
export function formatContactAttributeReport(r: ContactAttributeReport): string {
  const lines = [`contact attributes sent to Connect (allowed: ${r.allowed.join(', ') || 'none'}):`];
  const sent = Object.entries(r.sent);
  if (sent.length === 0) lines.push('  (none in this list)');
  for (const [k, n] of sent) lines.push(`  ${k.padEnd(40)}${String(n).padStart(10)} rows`);
  const kept = Object.entries(r.notSent);
  if (kept.length > 0) {
    lines.push('NOT sent (not in outbound.contactAttributes; not stored with the targets):');
    for (const [k, n] of kept) lines.push(`  ${k.padEnd(40)}${String(n).padStart(10)} rows`);
  }
  return lines.join('\n');
}
