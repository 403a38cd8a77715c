/**
 * AWS Lambda function (interactions-invokelambdafunction): "InvocationTimeLimitSeconds … greater than 0, no
 * larger than 8, and an integer. Must be set statically." The result is `$.External` until the next Lambda.
 * Runs through the world's invoker with Connect's retry and response rules (lambda-invoker.ts).
 */
import { z } from 'zod';
import { invokeLikeConnect, type ResponseType } from '../../simulator/lambda-invoker.ts';
import { parseLocalArn } from '../../simulator/local-arns.ts';
import { awsPage, CallerHungUpError, defineBlock, NME } from './block.ts';
import { ALL, numeric, short, stringMap, text } from './params.ts';

/** Calls of one stand-in function after which a polling flow is taken to lose its caller. */
export const MAX_STAND_IN_POLLS = 20;

export const formatMap = (m: Record<string, unknown>): string =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');

export const lambdaName = (arn: string): string => {
  const parsed = parseLocalArn(arn);
  return parsed?.kind === 'Lambda' ? parsed.name : arn;
};

export default defineBlock({
  type: 'InvokeLambdaFunction',
  label: 'AWS Lambda function',
  category: 'interaction',
  docs: awsPage('interactions-invokelambdafunction'),
  parameters: z
    .object({
      LambdaFunctionARN: text,
      InvocationTimeLimitSeconds: numeric,
      InvocationType: z.enum(['SYNCHRONOUS', 'ASYNCHRONOUS']).optional(),
      LambdaInvocationAttributes: stringMap.optional(),
      ResponseValidation: z
        .object({ ResponseType: z.enum(['STRING_MAP', 'JSON']) })
        .strict()
        .optional(),
    })
    .strict(),
  flowTypes: ALL,
  branches: { success: 'next' },
  standIn: {
    service: 'a function with no functions/<name>/handler.ts (foreign flows only)',
    default: 'Success',
    outcomes: ['Success', `error:${NME}`],
  },
  describe: (p) => `Lambda ${short(lambdaName(String(p['LambdaFunctionARN'] ?? '')))}`,
  async run(rt, action) {
    const p = action.Parameters ?? {};
    const name = lambdaName(rt.value(p['LambdaFunctionARN']) ?? '');
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries((p['LambdaInvocationAttributes'] ?? {}) as Record<string, unknown>))
      params[k] = rt.value(v) ?? '';
    const timeoutSeconds = Math.min(
      8,
      Math.max(1, Number(rt.value(p['InvocationTimeLimitSeconds']) ?? '3') || 3),
    );
    const validation = p['ResponseValidation'] as { ResponseType?: string } | undefined;
    const responseType: ResponseType = validation?.ResponseType === 'JSON' ? 'JSON' : 'STRING_MAP';
    const asynchronous = rt.value(p['InvocationType']) === 'ASYNCHRONOUS';
    const outcome = await invokeLikeConnect(rt.world.lambdas, name, rt.lambdaEvent(params), {
      timeoutSeconds,
      responseType,
      at: rt.now(),
    });
    if (outcome.ok) {
      rt.contact.external = asynchronous ? {} : outcome.result;
      rt.recordLambda({ name, params, result: outcome.result });
      rt.event('lambda', `${name}(${formatMap(params)}) → ${formatMap(outcome.result)}`);
      return { kind: 'success' };
    }
    // $.External holds the last Lambda's result only; a failed call leaves nothing to read.
    rt.contact.external = {};
    if (rt.world.standInReferences && outcome.error.startsWith('LambdaNotFoundError')) {
      // A foreign flow's function (another account's ARN, a placeholder): a stand-in answers.
      const standIn = rt.standInOutcome('InvokeLambdaFunction', 'Success');
      const shown = rt.describeRef(name);
      // A flow polling a function until it reports progress would poll an empty stand-in forever:
      // after MAX_STAND_IN_POLLS calls of the same one, the caller is taken to hang up.
      const key = `stand-in lambda›${name}`;
      const calls = (rt.contact.loopCounters.get(key) ?? 0) + 1;
      rt.contact.loopCounters.set(key, calls);
      rt.advance(1, 'main');
      if (calls > MAX_STAND_IN_POLLS) {
        rt.event(
          'disconnect',
          `${shown} called ${MAX_STAND_IN_POLLS} times with no real answer (a polling loop on a stand-in)`,
        );
        throw new CallerHungUpError();
      }
      rt.recordLambda({
        name: shown,
        params,
        ...(standIn === 'Success' ? { result: {} } : { error: standIn }),
      });
      rt.event(
        'lambda',
        `${shown}(${formatMap(params)}) → stand-in (no such function here): ${standIn === 'Success' ? 'empty result' : standIn}`,
      );
      return standIn === 'Success'
        ? { kind: 'success' }
        : { kind: 'error', errorType: NME, detail: 'stand-in' };
    }
    rt.recordLambda({ name, params, error: outcome.error });
    rt.event(
      'lambda',
      `${name}(${formatMap(params)}) failed after ${outcome.attempts} attempt(s): ${outcome.error}`,
    );
    return { kind: 'error', errorType: NME, detail: outcome.error };
  },
});
