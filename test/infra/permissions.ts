/**
 * Reads a synthesized template back as "who may do what on which resource": for every Lambda function (by its
 * POWERTOOLS_SERVICE_NAME, or its logical id for functions aws-cdk-lib creates) and every state machine, the
 * IAM actions of its role grouped by resource. Resources are named by logical id without CDK's hash suffix
 * (`DataDncTable`, `DataEvidenceBucket/registry/*`); conditions are appended (`… if s3:prefix=…`).
 */
import type { Template } from 'aws-cdk-lib/assertions';

export type Permissions = Record<string, string[]>;
type Json = unknown;

const HASH = /[0-9A-F]{8}$/;
const strip = (logicalId: string) => logicalId.replace(HASH, '');

function label(value: Json): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(label).join(',');
  if (value && typeof value === 'object') {
    const o = value as Record<string, Json>;
    if ('Ref' in o) return String(o['Ref']).startsWith('AWS::') ? `<${o['Ref']}>` : strip(String(o['Ref']));
    if ('Fn::GetAtt' in o) {
      const [id] = o['Fn::GetAtt'] as [string, string];
      return strip(id);
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, Json[]];
      return parts.map(label).join(sep);
    }
    if ('Fn::Select' in o || 'Fn::Split' in o) return '<expr>';
  }
  return JSON.stringify(value);
}

/** `{"Fn::Join":["",[<Bucket.Arn>,"/registry/*"]]}` → `DataEvidenceBucket/registry/*`. */
function resourceLabel(resource: Json): string {
  return label(resource)
    .replace(/^arn:<AWS::Partition>:/, 'arn:')
    .replace(/:<AWS::Region>:<AWS::AccountId>:/, '::');
}

function conditionLabel(conditions: Json): string {
  if (!conditions || typeof conditions !== 'object') return '';
  const parts: string[] = [];
  for (const [op, body] of Object.entries(conditions as Record<string, Record<string, Json>>)) {
    for (const [key, v] of Object.entries(body)) parts.push(`${op} ${key}=${label(v)}`);
  }
  return parts.length ? ` if ${parts.join(' & ')}` : '';
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Condition?: Json;
}

function addStatements(into: Map<string, Set<string>>, statements: Statement[]): void {
  for (const st of statements) {
    if (st.Effect !== 'Allow') continue;
    const actions = Array.isArray(st.Action) ? st.Action : [st.Action];
    const resources = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
    for (const r of resources) {
      const key = resourceLabel(r) + conditionLabel(st.Condition);
      const set = into.get(key) ?? new Set<string>();
      for (const a of actions) set.add(a);
      into.set(key, set);
    }
  }
}

function rolePermissions(template: Template, roleId: string): Permissions {
  const out = new Map<string, Set<string>>();
  const role = template.findResources('AWS::IAM::Role')[roleId];
  if (!role) throw new Error(`role ${roleId} not in the template`);
  for (const p of (role['Properties']?.['Policies'] ?? []) as {
    PolicyDocument: { Statement: Statement[] };
  }[])
    addStatements(out, p.PolicyDocument.Statement);
  for (const m of (role['Properties']?.['ManagedPolicyArns'] ?? []) as Json[])
    out.set(`managed:${resourceLabel(m)}`, new Set(['*']));
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles = (policy['Properties']['Roles'] ?? []) as { Ref: string }[];
    if (roles.some((r) => r.Ref === roleId))
      addStatements(out, policy['Properties']['PolicyDocument']['Statement']);
  }
  return Object.fromEntries(
    [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]),
  );
}

const roleOf = (props: Record<string, Json>): string => {
  const role = props['Role'] ?? props['RoleArn'];
  const att = (role as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (!att) throw new Error(`unexpected role reference ${JSON.stringify(role)}`);
  return att[0];
};

/** Every Lambda function and state machine in the template → its permissions. */
export function permissionsByPrincipal(template: Template): Record<string, Permissions> {
  const out: Record<string, Permissions> = {};
  for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    const props = fn['Properties'] as Record<string, Json>;
    const env = (props['Environment'] as { Variables?: Record<string, string> } | undefined)?.Variables;
    const name = env?.['POWERTOOLS_SERVICE_NAME'] ?? `cdk:${strip(id)}`;
    out[name] = rolePermissions(template, roleOf(props));
  }
  for (const [id, sm] of Object.entries(template.findResources('AWS::StepFunctions::StateMachine'))) {
    out[`states:${strip(id)}`] = rolePermissions(template, roleOf(sm['Properties'] as Record<string, Json>));
  }
  return out;
}
