/**
 * Erasure as an operator service: one `ErasureRunner` port, two ways to run it.
 * - deployed: invoke the stage's `erasure` Lambda (its role has exactly the erasure grants, it also blanks
 *   the person's contact attributes in Connect, and it runs up to 10 minutes); the request names the verified
 *   operator identity as `requestedBy`;
 * - sandbox: the same `eraseByPhone` in-process against the embedded stores (no Connect to scrub: the report
 *   lists those contact ids instead).
 */
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoErasureStore } from '#shared/adapters/dynamo/erasure-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { sandboxSubjectHasher } from '#shared/adapters/kms/subject-hasher.ts';
import { S3CtrFailureStore } from '#shared/adapters/s3/ctr-failure-store.ts';
import { S3RecordingEraser } from '#shared/adapters/s3/recording-store.ts';
import { REPO_ROOT } from '#shared/config/load.ts';
import { type ErasureReport, eraseByPhone } from '#shared/interactions/erasure.ts';
import { systemClock } from '#shared/interactions/model.ts';
import type { OperatorStage } from './stage.ts';

export interface ErasureRequest {
  e164: string;
  requestedBy: string;
  dryRun: boolean;
}

export interface ErasureRunner {
  /** Where the erasure runs, for the operator's message (`erasure Lambda Santral-prod-…` / `sandbox`). */
  readonly where: string;
  erase(request: ErasureRequest): Promise<ErasureReport>;
}

export class ErasureFunctionError extends Error {
  override readonly name = 'ErasureFunctionError';
  constructor(
    readonly functionName: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the erasure function ${functionName} failed: ${detail} — nothing is half-done that a re-run cannot finish (erasure is safe to repeat)`,
      options,
    );
  }
}

/** The deployed erasure Lambda, invoked synchronously (RequestResponse) with the operator's credentials. */
export class LambdaErasureRunner implements ErasureRunner {
  readonly where: string;
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {
    this.where = `erasure Lambda ${functionName}`;
  }

  async erase(request: ErasureRequest): Promise<ErasureReport> {
    const out = await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(
          JSON.stringify({
            phoneNumber: request.e164,
            requestedBy: request.requestedBy,
            dryRun: request.dryRun,
          }),
        ),
      }),
    );
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch (err) {
      throw new ErasureFunctionError(this.functionName, 'answered with something that is not JSON', {
        cause: err,
      });
    }
    if (out.FunctionError) {
      const e = body as { errorType?: string; errorMessage?: string } | undefined;
      throw new ErasureFunctionError(
        this.functionName,
        `${e?.errorType ?? out.FunctionError}: ${e?.errorMessage ?? 'no message'}`,
      );
    }
    const answer = body as { ok?: boolean; issues?: string[]; report?: ErasureReport } | undefined;
    if (answer?.ok === false)
      throw new ErasureFunctionError(
        this.functionName,
        `refused the request: ${(answer.issues ?? []).join('; ')}`,
      );
    if (!answer?.report) throw new ErasureFunctionError(this.functionName, 'answered without a report');
    return answer.report;
  }
}

/** The same code in-process (sandbox): the stores of the stage, no Connect scrubber. */
export class InProcessErasureRunner implements ErasureRunner {
  readonly where = 'sandbox';
  constructor(private readonly stage: OperatorStage) {}

  erase(request: ErasureRequest): Promise<ErasureReport> {
    const { doc, s3, resources, config } = this.stage;
    return eraseByPhone(
      {
        store: new DynamoErasureStore(doc, {
          customers: resources.tables.customers,
          interactions: resources.tables.interactions,
          campaigns: resources.tables.campaigns,
          dnc: resources.tables.dnc,
          evidence: resources.tables.evidence,
        }),
        interactions: new DynamoCtrStore(doc, resources.tables.interactions),
        recordings: new S3RecordingEraser(s3),
        ctrFailures: new S3CtrFailureStore(s3, resources.buckets['ctr-failures']),
        dnc: new DynamoInternalDncStore(doc, resources.tables.dnc),
        clock: systemClock,
        queues: config.queues.map((q) => q.name),
        // The sandbox's erasure secret lives in its state directory, never in a table.
        hasher: sandboxSubjectHasher(process.env['SANTRAL_STATE_DIR'] ?? join(REPO_ROOT, '.santral')),
        retentionDays: config.retention.interactionsDays,
      },
      request.e164,
      { requestedBy: request.requestedBy, dryRun: request.dryRun },
    );
  }
}

/** The runner for a stage: the deployed erasure Lambda, or in-process on the sandbox. */
export function erasureRunnerFor(stage: OperatorStage, lambda?: LambdaClient): ErasureRunner {
  if (stage.mode === 'sandbox') return new InProcessErasureRunner(stage);
  // The function runs up to 10 minutes: wait for it (Lambda keeps a synchronous invocation open ≤ 15 min).
  const client =
    lambda ??
    new LambdaClient({
      ...stage.clientConfig,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 15 * 60_000 },
    });
  return new LambdaErasureRunner(client, stage.resources.functions.erasure);
}
