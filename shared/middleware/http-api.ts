/**
 * `httpApiHandler` — the one factory for handlers behind API Gateway HTTP API (payload format 2.0) with a
 * JWT authorizer. The middy chain, in order:
 *
 * 1. `invocationLogging` (logging.ts, the same for every handler): Powertools Logger context and cold
 *    start, the redacting logger (no full phone number or name reaches a log line), API Gateway's
 *    requestId as correlation id.
 * 2. The event → `ApiRequest`: method, path, the authorizer's verified claims
 *    (`requestContext.authorizer.jwt.claims` — API Gateway has already checked signature, issuer, audience
 *    and expiry), the JSON body (base64 decoded when flagged; a body that is not JSON is a 400).
 * 3. The router; its answer → a JSON response, `cache-control: no-store` (answers carry customer data).
 * 4. Any fault → 500 `{ error: { code: 'internal' } }`, logged by error name only, never with the body.
 *
 * One log line per request: method, route template (no ids), status — never claims or bodies.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { ApiRequest, ApiResponse } from '../agent-api/types.ts';
import { createHandlerLogger, invocationLogging } from './logging.ts';

export interface HttpApiHandlerOptions {
  name: string;
  /** Built once per container, on the first request (a misconfiguration is a 500, not a failed cold start). */
  route: () => (req: ApiRequest) => Promise<ApiResponse>;
  logger?: Logger;
}

const reply = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** `/v1/contacts/abc-123/notes/n-1` → `/v1/contacts/{id}/notes/{id}` (ids never in logs). */
export const pathTemplate = (path: string) =>
  path.replace(/\/(contacts|notes|agents|queues|users)\/[^/]+/g, '/$1/{id}');

export function toApiRequest(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): ApiRequest | { invalidBody: true } {
  let body: unknown;
  if (event.body) {
    const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    try {
      body = JSON.parse(text);
    } catch {
      return { invalidBody: true };
    }
  }
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), v]])),
  );
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    claims: event.requestContext.authorizer?.jwt?.claims ?? {},
    requestId: event.requestContext.requestId,
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

export function httpApiHandler(options: HttpApiHandlerOptions) {
  const logger = options.logger ?? createHandlerLogger(options.name);
  let route: ((req: ApiRequest) => Promise<ApiResponse>) | undefined;
  const base = async (
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    _context: Context,
  ): Promise<APIGatewayProxyResultV2> => {
    const method = event.requestContext.http.method;
    const path = pathTemplate(event.rawPath);
    const req = toApiRequest(event);
    if ('invalidBody' in req) {
      logger.info('request', { method, path, status: 400 });
      return reply(400, { error: { code: 'invalid_request', message: '(body): expected JSON' } });
    }
    try {
      route ??= options.route();
      const res = await route(req);
      logger.info('request', { method, path, status: res.status });
      return reply(res.status, res.body, res.headers);
    } catch (error) {
      logger.error('request failed', { method, path, error: (error as Error).name });
      return reply(500, { error: { code: 'internal', message: 'internal error' } });
    }
  };
  return middy(base).use(
    invocationLogging<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2>(logger),
  );
}
