/**
 * The sandbox's stand-in for the Cognito user pool: an RS256 token issuer with a JWKS, and the verifier the
 * sandbox web server uses before it hands claims to the agent API router. The verifier is aws-jwt-verify's
 * JwtRsaVerifier with the checks API Gateway's HTTP API JWT authorizer makes
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html): a `kid`
 * found in the issuer's JWKS, RS256 signature, `iss` equal to the issuer, `aud` equal to the app client id,
 * and `exp` (and `nbf`, when present) against the clock. Tokens carry the Cognito ID-token claims the API
 * reads: `cognito:username`, `name`, `locale`, `cognito:groups`.
 *
 * The private key lives only in this process's memory (a fresh key pair per issuer).
 */
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { WorkspaceGroup } from '../agent-api/types.ts';

export interface SandboxUser {
  username: string;
  name: string;
  locale?: 'en' | 'tr';
  groups: readonly WorkspaceGroup[];
}

export interface Jwk {
  [field: string]: string;
  kty: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

export interface TokenIssuer {
  issue(user: SandboxUser, options?: { ttlSeconds?: number; now?: Date }): string;
  readonly jwks: { keys: Jwk[] };
  readonly issuer: string;
  readonly audience: string;
}

export interface TokenIssuerOptions {
  /** The `iss` claim (the sandbox server's URL, e.g. http://127.0.0.1:4800/idp). */
  issuer?: string;
  /** The app client id (`aud`). */
  audience?: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function createTokenIssuer(options: TokenIssuerOptions = {}): TokenIssuer {
  const issuer = options.issuer ?? 'http://127.0.0.1/santral-sandbox-idp';
  const audience = options.audience ?? 'santral-workspace-sandbox';
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const pub = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  const jwk: Jwk = { kty: pub.kty, kid, alg: 'RS256', use: 'sig', n: pub.n, e: pub.e };

  return {
    issuer,
    audience,
    jwks: { keys: [jwk] },
    issue(user, opts = {}) {
      const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
      const header = { alg: 'RS256', typ: 'JWT', kid };
      const payload = {
        iss: issuer,
        aud: audience,
        sub: `sandbox-${user.username}`,
        token_use: 'id',
        'cognito:username': user.username,
        name: user.name,
        locale: user.locale ?? 'en',
        'cognito:groups': [...user.groups],
        auth_time: iat,
        iat,
        exp: iat + (opts.ttlSeconds ?? 3600),
        jti: randomUUID(),
      };
      const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
      const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey);
      return `${signingInput}.${b64url(signature)}`;
    },
  };
}

/** The token did not pass verification (the sandbox server answers 401). */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

export interface TokenVerifier {
  /** The verified claims, or TokenRejectedError. */
  verify(token: string): Promise<Record<string, unknown>>;
}

/**
 * Verify tokens of this issuer. Its JWKS is given directly and `verifySync` uses only that cached JWKS: a
 * token signed with a key not in it fails, nothing is ever fetched.
 */
export function createTokenVerifier(
  issuer: Pick<TokenIssuer, 'issuer' | 'audience' | 'jwks'>,
): TokenVerifier {
  const verifier = JwtRsaVerifier.create({ issuer: issuer.issuer, audience: issuer.audience });
  verifier.cacheJwks(issuer.jwks);
  return {
    async verify(token) {
      try {
        return verifier.verifySync(token) as Record<string, unknown>;
      } catch (err) {
        throw new TokenRejectedError(`token rejected: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header?.trim() ?? '');
  return m?.[1];
}
