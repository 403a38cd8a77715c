/**
 * API Gateway HTTP API (payload 2.0) events as the JWT authorizer hands them to a Lambda: the verified claims
 * under `requestContext.authorizer.jwt.claims` (array claims flattened into one string, as API Gateway does).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

export function httpApiEvent(o: {
  method: string;
  path: string;
  claims: Record<string, string | number | boolean | string[]>;
  /** Sent as is (a string) or as JSON. */
  body?: unknown;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const body =
    o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  return {
    version: '2.0',
    routeKey: `${o.method} ${o.path}`,
    rawPath: o.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    ...(body !== undefined ? { body } : {}),
    requestContext: {
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      http: { method: o.method, path: o.path },
      authorizer: { jwt: { claims: o.claims, scopes: null } },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
