/**
 * The one way Santral deploys a Lambda function: functions/<name>/handler.ts bundled by esbuild (ESM,
 * minified, source maps, arm64, the newest Node runtime aws-cdk-lib knows), its own log group with a
 * retention, a role that can only write to that log group (callers add least-privilege grants), and —
 * when a Connect instance is given — the `AWS::Connect::IntegrationAssociation` plus an invoke permission
 * for connect.amazonaws.com scoped by SourceArn (the instance) and SourceAccount (confused-deputy
 * protection). Flows reference it as `${Lambda:<name>}`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REPO_ROOT } from '#shared/config/load.ts';
import type { ConnectInstance } from './connect-instance.ts';

/** The newest Node.js runtime this aws-cdk-lib knows (cdk-nag L1 checks the same). */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
/** esbuild target matching NODE_RUNTIME. */
export const NODE_TARGET = 'node24';

export interface ConnectFunctionProps {
  /** Folder under functions/ holding handler.ts (exporting `handler`); also the flows' `${Lambda:name}`. */
  name: string;
  description: string;
  /** When given, Connect may invoke the function from this instance (and only from it). */
  instance?: ConnectInstance;
  /** Connect's block timeout is at most 8 s; the default leaves the function inside it. */
  timeout?: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
  logRetention?: logs.RetentionDays;
  /** Reserved concurrency (optional; protects downstream stores from a flood). */
  reservedConcurrentExecutions?: number;
}

export class ConnectFunction extends Construct {
  readonly name: string;
  readonly fn: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly integration?: connect.CfnIntegrationAssociation;

  constructor(scope: Construct, id: string, props: ConnectFunctionProps) {
    super(scope, id);
    this.name = props.name;
    const entry = join(REPO_ROOT, 'functions', props.name, 'handler.ts');
    if (!existsSync(entry)) {
      throw new Error(`ConnectFunction "${props.name}": no handler at functions/${props.name}/handler.ts`);
    }
    const timeout = props.timeout ?? Duration.seconds(props.instance ? 7 : 30);
    if (props.instance && timeout.toSeconds() > 8) {
      throw new Error(
        `ConnectFunction "${props.name}": Connect waits at most 8 s for a flow's Lambda; timeout ${timeout.toSeconds()} s is too long`,
      );
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role instead of the managed AWSLambdaBasicExecutionRole: it may write only its own logs.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Santral ${props.name} function`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout,
      role,
      logGroup: this.logGroup,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: 'Santral',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: NODE_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The SDK is bundled (pinned by our lockfile), not taken from the runtime.
        externalModules: [],
        mainFields: ['module', 'main'],
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });

    if (props.instance) {
      const stack = Stack.of(this);
      this.fn.addPermission('ConnectInvoke', {
        principal: new iam.ServicePrincipal('connect.amazonaws.com'),
        action: 'lambda:InvokeFunction',
        sourceArn: props.instance.instanceArn,
        sourceAccount: stack.account,
      });
      this.integration = new connect.CfnIntegrationAssociation(this, 'Integration', {
        instanceId: props.instance.instanceArn,
        integrationType: 'LAMBDA_FUNCTION',
        integrationArn: this.fn.functionArn,
      });
      this.integration.addResourceDependency(props.instance.lastStorageConfig);
    }
  }

  /** Every ConnectFunction in the stack, by name (flows resolve `${Lambda:name}` through this). */
  static allIn(scope: Construct): Map<string, ConnectFunction> {
    const out = new Map<string, ConnectFunction>();
    for (const c of Stack.of(scope).node.findAll()) {
      if (c instanceof ConnectFunction) {
        if (out.has(c.name)) throw new Error(`two ConnectFunctions are named "${c.name}"`);
        out.set(c.name, c);
      }
    }
    return out;
  }
}

/** Lambda rejects environments over 4 KB (keys and values) at deploy time; say so at synth, naming what to trim. */
export const LAMBDA_ENV_LIMIT = 4096;
/** Room for everything else: table names, Powertools settings, NODE_OPTIONS (generous). */
const OTHER_ENV_BYTES = 600;
/** A queue ARN plus its JSON key and quotes, at most (ARNs are tokens at synth: estimated). */
const QUEUE_ARN_ENTRY_BYTES = 200;

/** The environment's size: its own entries, `queues` queue ARNs (QUEUE_ARNS) and the rest of the variables. */
export function environmentBytes(
  env: Record<string, string>,
  queues: number,
): { own: number; total: number } {
  const own = Object.entries(env).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);
  return { own, total: own + queues * QUEUE_ARN_ENTRY_BYTES + OTHER_ENV_BYTES };
}

export function assertEnvironmentFits(
  owner: string,
  name: string,
  env: Record<string, string>,
  queues: number,
  trim: string,
): void {
  const { own, total } = environmentBytes(env, queues);
  if (total > LAMBDA_ENV_LIMIT) {
    throw new Error(
      `${owner}: the ${name} function's environment would be about ${total} bytes (its config slice ${own}, ` +
        `${queues} queue ARNs); Lambda allows ${LAMBDA_ENV_LIMIT}. ${trim}`,
    );
  }
}
