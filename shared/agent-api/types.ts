/**
 * The agent API's request/answer shapes and the caller's identity (AGENT-API.md). The same router runs
 * behind API Gateway (functions/agent-api) and in the sandbox web server: both verify the JWT first and pass
 * its claims here. Identity comes only from these claims, never from a body or query.
 */

/** The claims of a token the caller (API Gateway's JWT authorizer or the sandbox server) has verified. */
export type VerifiedClaims = Readonly<Record<string, unknown>>;

export interface ApiRequest {
  method: string;
  path: string;
  claims: VerifiedClaims;
  body?: unknown;
  headers?: Record<string, string>;
  /** Correlation id for the audit trail (API Gateway's requestId); generated when absent. */
  requestId?: string;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const WORKSPACE_GROUPS = ['agent', 'supervisor'] as const;
export type WorkspaceGroup = (typeof WORKSPACE_GROUPS)[number];

/** Who is calling, read from verified claims. */
export interface AgentIdentity {
  username: string;
  name: string;
  locale: 'en' | 'tr';
  groups: WorkspaceGroup[];
}

export type ApiErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_your_contact'
  | 'not_found'
  | 'wrap_up_required'
  | 'note_owned_by_other'
  | 'no_customer_number'
  | 'callback_refused'
  /** A service the route reads (Amazon Connect's current metrics, the erasure function) did not answer. */
  | 'upstream_unavailable'
  | 'internal';

/** An expected refusal, answered as `{ error: { code, message } }` with its status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 500 | 502 | 503,
    readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const errorResponse = (e: ApiError): ApiResponse => ({
  status: e.status,
  body: { error: { code: e.code, message: e.message } },
});
