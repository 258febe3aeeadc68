import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { z } from 'zod';
import type { FunctionEnvV1 } from '../../layers/contracts/config';
import { METRICS_NAMESPACE } from '../../layers/contracts/metrics';
import type { FunctionName, FunctionSpec } from '../../layers/contracts/wiring';

/**
 * Every variable of FunctionEnvV1, as CDK writes it. Mapped from the schema's input type so that a
 * variable added to the contract fails this app's type-check until the CDK app sets it too.
 */
export type FunctionEnvironment = { readonly [K in keyof z.input<typeof FunctionEnvV1>]-?: string };

/**
 * The newest Node.js runtime aws-cdk-lib 2.276 knows. Pinned rather than NODEJS_LATEST so a CDK
 * upgrade never changes the runtime of a trading function without a reviewed diff.
 */
export const TRADING_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Graviton: cheaper per GB-second and the handlers have no native x86 dependencies. */
export const TRADING_ARCHITECTURE = lambda.Architecture.ARM_64;

/** How long handler logs are kept; orders and audit live in DynamoDB, logs are for debugging. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/**
 * Banner that gives the ESM bundle a `require` (and `__dirname`/`__filename`) for the CommonJS
 * dependencies esbuild inlines (they still call `require('node:crypto')` and friends).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __tlCreateRequire } from 'node:module'; import { fileURLToPath as __tlFileUrlToPath } from 'node:url'; import { dirname as __tlDirname } from 'node:path'; const require = __tlCreateRequire(import.meta.url); const __filename = __tlFileUrlToPath(import.meta.url); const __dirname = __tlDirname(__filename);";

export interface TradingFunctionProps {
  readonly name: FunctionName;
  readonly spec: FunctionSpec;
  readonly environment: FunctionEnvironment;
  /** Repository root: the handler entry and package-lock.json are resolved from it. */
  readonly projectRoot: string;
  /**
   * Where an asynchronous invocation (EventBridge rule, Scheduler) goes after `spec.asyncRetries`
   * failed retries or when it is too old. Required for functions that are asynchronous targets.
   */
  readonly asyncFailureQueue?: sqs.IQueue;
  /** Powertools log level; DEBUG only while investigating. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/**
 * The house Lambda: one place for the defaults every tradeloop function shares (runtime, ARM64,
 * ESM bundle with the SDK external, X-Ray, Powertools settings, log retention, async retry policy).
 *
 * ESM output is chosen because middy 7 and several dependencies are ESM-only and ESM allows
 * top-level await for cold-start configuration; the banner keeps inlined CommonJS code working.
 */
export class TradingFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  /** The execution role; starts with only log writing, the stack grants the rest. */
  readonly role: iam.Role;
  readonly name: FunctionName;

  constructor(scope: Construct, id: string, props: TradingFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.name = props.name;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: logs go to this function's log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Handler', {
      role: this.role,
      description: spec.description,
      entry: path.join(props.projectRoot, spec.entry),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      runtime: TRADING_RUNTIME,
      architecture: TRADING_ARCHITECTURE,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      ...(spec.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: spec.reservedConcurrency } : {}),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
      // Async invocations: a bounded number of retries, then the failure record goes to the DLQ.
      retryAttempts: spec.asyncRetries,
      ...(props.asyncFailureQueue
        ? { onFailure: new SqsDestination(props.asyncFailureQueue), maxEventAge: Duration.minutes(15) }
        : {}),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        banner: ESM_REQUIRE_BANNER,
        mainFields: ['module', 'main'],
        // The Node.js Lambda runtime ships the AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle with the esbuild in node_modules; never fall back to Docker.
        forceDockerBundling: false,
      },
    });
  }
}
