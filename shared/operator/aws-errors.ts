/**
 * What an operator sees when AWS says no: the SDK's errors (CredentialsProviderError from the credential
 * chain, ExpiredToken, InvalidClientTokenId, AccessDenied, a missing stack) classified into errors that say
 * what to do. Matched by `name` (the SDK's exception classes and @smithy/property-provider's provider errors
 * set it), never by message text, except to tell an SSO session from other provider failures.
 */

/** No usable credentials in the standard chain (env, SSO, shared files, process, container, instance). */
export class AwsCredentialsError extends Error {
  override readonly name = 'AwsCredentialsError';
  constructor(
    readonly stage: string,
    readonly problem: 'missing' | 'expired' | 'invalid',
    options?: { cause?: unknown },
  ) {
    const profile = process.env['AWS_PROFILE'];
    const what =
      problem === 'missing'
        ? `no AWS credentials found${profile ? ` for profile "${profile}"` : ''}`
        : problem === 'expired'
          ? `the AWS credentials${profile ? ` of profile "${profile}"` : ''} have expired`
          : `AWS rejected the credentials${profile ? ` of profile "${profile}"` : ''} (not a valid key or token)`;
    super(
      `--deployed (stage ${stage}): ${what}. Choose the account's profile with AWS_PROFILE=<profile> ` +
        `(export AWS_PROFILE=… or prefix the command), sign in with \`aws sso login${profile ? ` --profile ${profile}` : ' --profile <profile>'}\` ` +
        'when the profile uses IAM Identity Center, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN); ' +
        'check with `aws sts get-caller-identity`.',
      options,
    );
  }
}

/** The identity is valid but may not do what the command needs. */
export class AwsAccessDeniedError extends Error {
  override readonly name = 'AwsAccessDeniedError';
  constructor(
    readonly action: string,
    readonly identity: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `${identity ?? 'your AWS identity'} may not ${action}: ask for the Santral operator permissions (README › Operations) or use another AWS_PROFILE`,
      options,
    );
  }
}

/** The stage's stack does not exist in that account and region. */
export class StageNotDeployedError extends Error {
  override readonly name = 'StageNotDeployedError';
  constructor(
    readonly stackName: string,
    readonly region: string,
    readonly account: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `stack ${stackName} is not deployed in ${region}${account ? ` of account ${account}` : ''}: check --stage and AWS_PROFILE (the account), or deploy it (npx cdk deploy -c stage=…)`,
      options,
    );
  }
}

const MISSING = new Set(['CredentialsProviderError', 'TokenProviderError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const INVALID = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'InvalidAccessKeyId',
  'AuthFailure',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

const errorName = (err: unknown) =>
  typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';

/**
 * A credential problem → AwsCredentialsError; access denied → AwsAccessDeniedError; anything else is
 * returned unchanged (the caller decides).
 */
export function classifyAwsError(
  err: unknown,
  context: { stage: string; action: string; identity?: string },
): unknown {
  const name = errorName(err);
  if (MISSING.has(name)) {
    // An expired or missing SSO session is a provider error too; the advice (aws sso login) is the same.
    const message = err instanceof Error ? err.message : '';
    return new AwsCredentialsError(context.stage, /expired/i.test(message) ? 'expired' : 'missing', {
      cause: err,
    });
  }
  if (EXPIRED.has(name)) return new AwsCredentialsError(context.stage, 'expired', { cause: err });
  if (INVALID.has(name)) return new AwsCredentialsError(context.stage, 'invalid', { cause: err });
  if (DENIED.has(name)) return new AwsAccessDeniedError(context.action, context.identity, { cause: err });
  return err;
}

/** True for the classified operator errors (the CLI prints their message alone). */
export function isOperatorAwsError(err: unknown): boolean {
  return (
    err instanceof AwsCredentialsError ||
    err instanceof AwsAccessDeniedError ||
    err instanceof StageNotDeployedError
  );
}
