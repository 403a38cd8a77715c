/**
 * `santral diff` as Markdown for a pull request: one section per kind of Connect resource, flows block by
 * block (the flow diff's own Markdown), IAM actions per role, and a count of everything else.
 */
import { flowDiffMarkdown } from '#shared/flows/flow-diff.ts';
import type { Category, FieldChange, Replacement, ResourceChange, TemplateDiff } from './template-diff.ts';
import { hasChanges } from './template-diff.ts';

const TITLES: Record<Category, string> = {
  instance: 'Instance',
  storage: 'Instance storage (recordings, contact records, agent events)',
  hours: 'Hours of operation',
  queues: 'Queues',
  'phone numbers': 'Phone numbers',
  'routing profiles': 'Routing profiles',
  'quick connects': 'Quick connects',
  agents: 'Agents (Connect users)',
  'security profiles': 'Security profiles',
  permissions: 'IAM permissions (per role)',
};

const MAX = 160;
const code = (v: string | undefined) => {
  if (v === undefined) return '—';
  const s = v.length > MAX ? `${v.slice(0, MAX - 1)}…` : v;
  return `\`${s.replace(/`/g, "'").replace(/\n/g, ' ')}\``;
};

function field(c: FieldChange, category: Category): string {
  if (category === 'permissions') {
    if (c.before === undefined) return `added \`${c.what}\` on ${code(c.after)}`;
    if (c.after === undefined) return `removed \`${c.what}\` (was on ${code(c.before)})`;
    return `\`${c.what}\` resources: ${code(c.before)} → ${code(c.after)}`;
  }
  if (c.before === undefined) return `${c.what}: ${code(c.after)}`;
  if (c.after === undefined) return `${c.what}: ${code(c.before)} (removed)`;
  return `${c.what}: ${code(c.before)} → ${code(c.after)}`;
}

function resource(r: ResourceChange): string[] {
  const out = [`- **${r.change}** ${r.category === 'permissions' ? r.name : `“${r.name}”`}`];
  // An added or removed resource lists what it has; a changed one only what differs.
  if (r.note) out.push(`  - ⚠ ${r.note}`);
  for (const d of r.details) out.push(`  - ${field(d, r.category)}`);
  return out;
}

/** One-line summary, e.g. `2 queues changed, 1 flow changed, IAM: 1 role changed`. */
export function templateDiffSummary(d: TemplateDiff): string {
  if (!hasChanges(d)) return 'no changes';
  const parts: string[] = [];
  for (const c of Object.keys(TITLES) as Category[]) {
    const n = d.changes.filter((x) => x.category === c).length;
    if (n > 0) parts.push(`${c}: ${n}`);
  }
  if (d.flows.length > 0) parts.push(`flows and modules: ${d.flows.length}`);
  const atStake = d.replacements.filter((r) => r.impact === 'atStake').length;
  if (atStake > 0) parts.push(`REPLACED: ${atStake}`);
  if (d.replacements.length > atStake) parts.push(`replaced plumbing: ${d.replacements.length - atStake}`);
  const other = d.other.reduce((s, o) => s + o.added + o.removed + o.changed, 0);
  if (other > 0) parts.push(`other resources: ${other}`);
  return parts.join(', ');
}

export function templateDiffMarkdown(d: TemplateDiff, heading: string): string {
  const out = [`## ${heading}`, ''];
  if (!hasChanges(d)) return `${out.join('\n')}\nNo changes: deploying this config changes nothing.\n`;
  out.push(`Changed: ${templateDiffSummary(d)}.`, '');
  const atStake = d.replacements.filter((r) => r.impact === 'atStake');
  const routine = d.replacements.filter((r) => r.impact === 'routine');
  const line = (r: Replacement) =>
    `- **${r.name}** (\`${r.type}\`, ${r.properties.map((p) => `\`${p}\``).join(', ')} changed): ${r.consequence}`;
  if (atStake.length > 0)
    // First: these are the changes a reviewer must not miss (CloudFormation cannot update them in place).
    out.push('### ⚠ Replaced, not updated', '', ...atStake.map(line), '');
  if (routine.length > 0) out.push('### Replaced (plumbing, nothing at stake)', '', ...routine.map(line), '');
  for (const c of Object.keys(TITLES) as Category[]) {
    const rs = d.changes.filter((x) => x.category === c);
    if (rs.length === 0) continue;
    out.push(`### ${TITLES[c]}`, '');
    for (const r of rs) out.push(...resource(r));
    out.push('');
  }
  if (d.flows.length > 0)
    out.push(
      flowDiffMarkdown(d.flows, 'Flows and modules')
        .replace(/^## /, '### ')
        .replace(/\n### /g, '\n#### '),
      '',
    );
  if (d.other.length > 0) {
    out.push('### Other resources', '', '| Type | added | removed | changed |', '|---|---|---|---|');
    for (const o of d.other) out.push(`| \`${o.type}\` | ${o.added} | ${o.removed} | ${o.changed} |`);
    out.push(
      '',
      'Lambda code is not compared (santral diff synthesizes without bundling); `npx cdk diff` shows these in full.',
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
