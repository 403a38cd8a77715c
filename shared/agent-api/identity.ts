/**
 * The caller's identity from verified JWT claims (Cognito ID or access token, or the sandbox issuer's).
 * `cognito:username` (ID token) or `username` (access token) names the agent; `cognito:groups` carries the
 * groups. API Gateway's HTTP API JWT authorizer hands array claims to the Lambda flattened into one string
 * ("[agent supervisor]"), so both shapes are read.
 */
import {
  type AgentIdentity,
  ApiError,
  type VerifiedClaims,
  WORKSPACE_GROUPS,
  type WorkspaceGroup,
} from './types.ts';

const str = (v: unknown) => (typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined);

function groupsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === 'string');
  if (typeof v !== 'string') return [];
  return v
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function identityFromClaims(claims: VerifiedClaims): AgentIdentity {
  // A SAML-federated user's cognito:username is "<provider>_<NameID>"; the pool maps the NameID (the Connect
  // login) to preferred_username, which the app client may not write (infra/constructs/workspace-identity.ts).
  const federated = claims['identities'] !== undefined;
  const username =
    (federated ? str(claims['preferred_username']) : undefined) ??
    str(claims['cognito:username']) ??
    str(claims['username']);
  if (!username) throw new ApiError(401, 'unauthenticated', 'the token names no user (cognito:username)');
  const given = str(claims['given_name']);
  const family = str(claims['family_name']);
  const name = str(claims['name']) ?? ([given, family].filter(Boolean).join(' ') || username);
  const locale = str(claims['locale'])?.toLowerCase().startsWith('tr') ? 'tr' : 'en';
  const groups = groupsOf(claims['cognito:groups']).filter((g): g is WorkspaceGroup =>
    (WORKSPACE_GROUPS as readonly string[]).includes(g),
  );
  return { username, name, locale, groups };
}
