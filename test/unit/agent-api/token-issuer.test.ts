/** The sandbox token issuer and its verifier make the HTTP API JWT authorizer's checks. */
import { describe, expect, it } from 'vitest';
import { identityFromClaims } from '#shared/agent-api/identity.ts';
import { ApiError } from '#shared/agent-api/types.ts';
import {
  bearerToken,
  createTokenIssuer,
  createTokenVerifier,
  TokenRejectedError,
} from '#shared/local/token-issuer.ts';

const AYSE = { username: 'ayse', name: 'Ayşe Yılmaz', locale: 'tr', groups: ['agent'] } as const;

describe('sandbox token issuer', () => {
  const issuer = createTokenIssuer({ issuer: 'http://127.0.0.1:4800/idp', audience: 'workspace-client' });
  const verifier = createTokenVerifier(issuer);

  it('issues RS256 tokens with a kid from its JWKS and the Cognito ID-token claims', async () => {
    const token = issuer.issue(AYSE);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: issuer.jwks.keys[0]!.kid });
    expect(issuer.jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(await verifier.verify(token)).toMatchObject({
      iss: 'http://127.0.0.1:4800/idp',
      aud: 'workspace-client',
      'cognito:username': 'ayse',
      name: 'Ayşe Yılmaz',
      locale: 'tr',
      'cognito:groups': ['agent'],
    });
  });

  it('rejects an expired token', async () => {
    const token = issuer.issue(AYSE, { now: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 3600 });
    await expect(verifier.verify(token)).rejects.toThrow(/expired/i);
  });

  it('rejects a token for another audience or from another issuer, signed with the same key', async () => {
    const token = issuer.issue(AYSE);
    await expect(createTokenVerifier({ ...issuer, audience: 'other-client' }).verify(token)).rejects.toThrow(
      /audience/i,
    );
    await expect(
      createTokenVerifier({ ...issuer, issuer: 'https://other.example' }).verify(token),
    ).rejects.toThrow(/issuer/i);
  });

  it('rejects a token signed by a key not in the JWKS (and fetches nothing)', async () => {
    const impostor = createTokenIssuer({ issuer: issuer.issuer, audience: issuer.audience });
    await expect(verifier.verify(impostor.issue(AYSE))).rejects.toBeInstanceOf(TokenRejectedError);
  });

  it('rejects a token whose claims were altered after signing', async () => {
    const [h, , s] = issuer.issue(AYSE).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        iss: issuer.issuer,
        aud: issuer.audience,
        'cognito:username': 'maria',
        exp: 4102444800,
      }),
    ).toString('base64url');
    await expect(verifier.verify(`${h}.${forged}.${s}`)).rejects.toThrow(/signature/i);
  });

  it('reads the bearer token of an Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('identity from verified claims', () => {
  it('reads API Gateway’s flattened group claim "[agent supervisor]" as two groups', () => {
    expect(
      identityFromClaims({
        'cognito:username': 'maria',
        name: 'Maria',
        'cognito:groups': '[agent supervisor]',
      }),
    ).toEqual({ username: 'maria', name: 'Maria', locale: 'en', groups: ['agent', 'supervisor'] });
  });

  it('takes `username` (access token), given/family names and a tr-TR locale; ignores unknown groups', () => {
    expect(
      identityFromClaims({
        username: 'ayse',
        given_name: 'Ayşe',
        family_name: 'Yılmaz',
        locale: 'tr-TR',
        'cognito:groups': ['agent', 'admins'],
      }),
    ).toEqual({ username: 'ayse', name: 'Ayşe Yılmaz', locale: 'tr', groups: ['agent'] });
  });

  it('a SAML-federated user is named by preferred_username (the IdP NameID), not "<provider>_<id>"', () => {
    expect(
      identityFromClaims({
        'cognito:username': 'Corp_ayse@corp.example',
        preferred_username: 'ayse',
        identities: '[{"providerName":"Corp"}]',
        'cognito:groups': '[agent]',
      }),
    ).toMatchObject({ username: 'ayse', groups: ['agent'] });
  });

  it('a token naming no user is a 401', () => {
    expect(() => identityFromClaims({ sub: 'x' })).toThrow(ApiError);
  });
});
