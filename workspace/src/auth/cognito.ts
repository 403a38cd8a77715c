/**
 * Sign-in for the deployed app: the Cognito user pool's managed login with the authorization-code grant
 * and PKCE (RFC 7636), the flow Cognito documents for public browser clients (no client secret). The ID
 * token carries the claims the agent API reads (AGENT-API.md › Identity). Tokens live in sessionStorage,
 * i.e. only as long as the agent's tab.
 */
export interface CognitoConfig {
  /** e.g. `https://santral-dev.auth.eu-west-1.amazoncognito.com` */
  domain: string;
  clientId: string;
  redirectUri: string;
}

const KEY = 'santral.token';
const VERIFIER = 'santral.pkce';

function base64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The exp claim of a JWT (seconds), or 0 when unreadable. */
export function tokenExpiry(jwt: string): number {
  try {
    const payload = jwt.split('.')[1] ?? '';
    return (JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number }).exp ?? 0;
  } catch {
    return 0;
  }
}

/** A valid ID token: from storage, from the redirect's `code`, or (navigates away) from the login page. */
export async function cognitoToken(config: CognitoConfig, now = () => Date.now()): Promise<string> {
  const stored = sessionStorage.getItem(KEY);
  if (stored && tokenExpiry(stored) * 1000 > now() + 60_000) return stored;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const verifier = sessionStorage.getItem(VERIFIER);
  if (code && verifier) {
    const res = await fetch(`${config.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code,
        redirect_uri: config.redirectUri,
        code_verifier: verifier,
      }),
    });
    if (!res.ok) throw new Error(`sign-in failed: HTTP ${res.status}`);
    const token = ((await res.json()) as { id_token: string }).id_token;
    sessionStorage.setItem(KEY, token);
    sessionStorage.removeItem(VERIFIER);
    history.replaceState(null, '', location.pathname);
    return token;
  }
  const v = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER, v);
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(v))),
  );
  const url = new URL(`${config.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
  }).toString();
  location.assign(url.toString());
  return new Promise(() => {}); // the page is leaving
}
