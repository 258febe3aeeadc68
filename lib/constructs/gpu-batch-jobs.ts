import * as path from 'node:path';
import { Duration, IgnoreMode, RemovalPolicy, Size, Stack, TimeZone } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Universal } from 'aws-cdk-lib/aws-scheduler-targets';
import { DiscoverySpecV1, type DiscoverySpecInputV1 } from '../../layers/contracts/discovery';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME, type BucketName } from '../../layers/contracts/wiring';
import { LOG_RETENTION } from './trading-function';

/** The GPU jobs tradeloop runs on AWS Batch; each has `batch-jobs/<name>/{Dockerfile,main.ts}`. */
export const BATCH_JOBS = ['ensemble-training', 'backtest-sweep', 'strategy-discovery'] as const;
export type BatchJobName = (typeof BATCH_JOBS)[number];

/**
 * NVIDIA A10G (g5) and L4 (g6) instances with one GPU each; Batch picks among them by capacity.
 * Single-GPU sizes only: every job definition asks for exactly one GPU.
 */
export const GPU_INSTANCE_TYPES = ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge', 'g6.2xlarge'] as const;

/** Upper bound on the GPU fleet: 8 instances of the 8-vCPU sizes at most. */
export const GPU_MAX_VCPUS = 64;

/**
 * What each job asks for and how it is started. Container arguments use Batch parameter
 * substitution (`Ref::name`), so a submitter overrides them per job with `parameters`.
 * Sized to fit the smallest instance (g5.xlarge: 4 vCPU, 16 GiB, of which ECS keeps some).
 */
interface BatchJobSpec {
  readonly vcpus: number;
  readonly memory: Size;
  readonly timeout: Duration;
  readonly command: readonly string[];
  readonly parameters: Readonly<Record<string, string>>;
  /** The job moves backtest run records (TRADELOOP_BACKTEST_RUNS_TABLE). */
  readonly updatesBacktestRuns: boolean;
  /** The job registers model versions and moves champion/challenger pointers (TRADELOOP_MODELS_TABLE). */
  readonly usesModelRegistry: boolean;
  /** The job submits its own next jobs (discovery's coordinator fans out each round): its own role with batch:SubmitJob. */
  readonly submitsJobs?: boolean;
}

/**
 * When the nightly training job is submitted: 20:30 New York on weekdays, after the 20:00 nightly
 * routine. On a market holiday `previous-session` resolves to the session already trained on, the
 * content-addressed version is found registered and decided, and the job changes nothing.
 */
export const NIGHTLY_TRAINING_CRON = 'cron(30 20 ? * MON-FRI *)';
export const NIGHTLY_TRAINING_TIMEZONE = 'America/New_York';

/**
 * Where the deployed training job reads its daily bars (`--data-source`): Alpaca's adjusted 1Day bars
 * through the data lake's day cache. The shipped Lean files end in 2021, so a nightly job on them finds
 * no bars in its window and fails; the nightly schedule and the drift retrain both pass this explicitly.
 */
export const TRAINING_DATA_SOURCE = 'alpaca';

/** The Alpaca market data the training job reads: the key pair the functions read and their data URL and feed. */
export interface AlpacaDataAccess {
  /** `{"keyId", "secretKey"}`, the stack's Alpaca secret (the job reads it at start, never from the environment). */
  readonly secret: secretsmanager.ISecret;
  /** The stack's data URL (context `alpacaDataUrl`); a plain string, its host names the cache prefix. */
  readonly dataUrl: string;
  /** The functions' feed (context `marketDataFeed`). */
  readonly feed: 'iex' | 'sip' | 'delayed_sip';
}

/**
 * The feed the job asks Alpaca's history for: the bars endpoint has no `delayed_sip` (SIP history older
 * than 15 minutes is what the free plan reads; layers/adapters/alpaca/market-data.ts maps it the same way),
 * and the job's environment schema accepts only `iex` or `sip`.
 */
export function historicalFeedOf(feed: AlpacaDataAccess['feed']): 'iex' | 'sip' {
  return feed === 'delayed_sip' ? 'sip' : feed;
}

/**
 * The data-lake keys the training job writes: the Alpaca day cache of daily bars, which
 * batch-jobs/ensemble-training/data.ts prefixes with the data host (`<host>/bars/1Day/<feed>/<adjustment>/<SYMBOL>/<date>.json`).
 */
export function alpacaDailyBarCachePrefix(dataUrl: string): string {
  return `${new URL(dataUrl).hostname}/bars/1Day/`;
}

/** Nightly strategy discovery: 21:30 New York on weekdays, after the training job was submitted. */
export const NIGHTLY_DISCOVERY_CRON = 'cron(30 21 ? * MON-FRI *)';

/**
 * The nightly discovery's default spec, inline in the schedule (the first step writes it into the night's run
 * folder). Shipped data: the data lake holds no Lean daily files yet, so every night searches the same bars with
 * the same seed and finds the same answer, until a writer of daily bars to the lake exists and this spec points there.
 */
export const NIGHTLY_DISCOVERY_SPEC: DiscoverySpecInputV1 = {
  schema: 'DiscoverySpecV1',
  symbol: 'SPY',
  families: ['donchian-breakout', 'rsi-reversion', 'ts-momentum', 'bollinger-reversion'],
  period: { from: '2010-01-01', to: '2020-12-31' },
  data: { source: 'shipped', adjust: 'split-and-dividend' },
  budget: 40,
  seed: 1,
  shards: 4,
};

const JOB_SPECS: Readonly<Record<BatchJobName, BatchJobSpec>> = {
  'ensemble-training': {
    vcpus: 4,
    memory: Size.gibibytes(14),
    timeout: Duration.hours(4),
    // symbols and lookbackDays default to the job's own defaults; the drift rule (ModelRetraining) sets both.
    // dataSource is a parameter (default Alpaca) so an operator can still submit a run on the shipped files.
    command: ['--as-of', 'Ref::asOf', '--symbols', 'Ref::symbols', '--lookback-days', 'Ref::lookbackDays', '--data-source', 'Ref::dataSource'],
    parameters: { asOf: 'previous-session', symbols: 'SPY', lookbackDays: '730', dataSource: TRAINING_DATA_SOURCE },
    updatesBacktestRuns: false,
    usesModelRegistry: true,
  },
  'backtest-sweep': {
    vcpus: 4,
    memory: Size.gibibytes(14),
    timeout: Duration.hours(6),
    // The control API submits the shards as an array job with {mode: 'shard', spec} and the reducer
    // with {mode: 'reduce', spec}; the run id comes as the TRADELOOP_BACKTEST_RUN_ID override.
    command: ['--mode', 'Ref::mode', '--spec', 'Ref::spec'],
    parameters: { mode: 'shard' },
    updatesBacktestRuns: true,
    usesModelRegistry: false,
  },
  'strategy-discovery': {
    vcpus: 4,
    memory: Size.gibibytes(14),
    timeout: Duration.hours(6),
    // A coordinator step {mode: 'step', spec} fans out round r as an array job {mode: 'shard', spec, round} and
    // the next step after it; the nightly schedule adds {initSpec} (the default spec inline); the API's run id
    // comes as the TRADELOOP_DISCOVERY_RUN_ID override.
    command: ['--mode', 'Ref::mode', '--spec', 'Ref::spec', '--round', 'Ref::round', '--init-spec', 'Ref::initSpec'],
    parameters: { mode: 'step', round: '0', initSpec: '-' },
    updatesBacktestRuns: true,
    usesModelRegistry: false,
    submitsJobs: true,
  },
};

/**
 * The Docker build context is the repository root, filtered Docker-style down to what the
 * Dockerfiles copy: everything is excluded, then the manifests, `layers/` and `batch-jobs/` are let
 * back in; node_modules, cdk.out, .git, tests and data never enter the context.
 */
export const IMAGE_CONTEXT_FILTER = [
  '*',
  '!package.json',
  '!package-lock.json',
  '!tsconfig.json',
  '!layers',
  '!batch-jobs',
  // The shipped daily bars (under 1 MB), so a sweep with data.source "shipped" runs on Batch too.
  '!data/lean/equity/usa/daily',
  '!data/lean/equity/usa/factor_files',
  '!data/lean/equity/usa/map_files',
  '**/node_modules',
  '**/cdk.out',
  '**/.git',
  '**/*.test.ts',
] as const;

export interface GpuBatchJobsProps {
  /** Repository root: the Docker build context of every job image. */
  readonly projectRoot: string;
  readonly buckets: Readonly<Record<BucketName, s3.IBucket>>;
  /** Physical name prefix of this deployment (job definition and queue names). */
  readonly prefix: string;
  /** The backtest-runs table the sweep job moves run records in (running, succeeded, failed). */
  readonly backtestRuns: dynamodb.ITable;
  /** The model registry (`models` table) the training job registers versions and decisions in. */
  readonly models: dynamodb.ITable;
  /** Receives nightly training submissions Scheduler could not deliver. */
  readonly deliveryFailureQueue: sqs.IQueue;
  /** The training job's bar source (`--data-source alpaca`). */
  readonly alpaca: AlpacaDataAccess;
}

/**
 * AWS Batch on GPU instances: a VPC of its own (no lookup, so synth needs no AWS account), a managed
 * EC2 compute environment that scales to zero, a job queue and one job definition per BATCH_JOBS
 * entry. Images are Docker image assets built from `batch-jobs/<name>/Dockerfile` at deploy time.
 */
export class GpuBatchJobs extends Construct {
  readonly vpc: ec2.Vpc;
  readonly computeEnvironment: batch.ManagedEc2EcsComputeEnvironment;
  readonly jobQueue: batch.JobQueue;
  /** Role of the backtest-sweep job. */
  readonly jobRole: iam.Role;
  /** Role of the ensemble-training job (its own, so neither job holds the other's grants). */
  readonly trainingRole: iam.Role;
  /** Role of the strategy-discovery job: the sweep's data access plus submitting its own rounds. */
  readonly discoveryRole: iam.Role;
  /** Scheduler → Batch SubmitJob of the strategy-discovery coordinator, every weekday night, with the default spec inline. */
  readonly nightlyDiscovery: scheduler.Schedule;
  readonly discoverySchedulerRole: iam.Role;
  /** Scheduler → Batch SubmitJob (universal target) of ensemble-training, every weekday night. */
  readonly nightlyTraining: scheduler.Schedule;
  /** The role Scheduler assumes to submit the nightly training job. */
  readonly schedulerRole: iam.Role;
  /** The Alpaca data URL the training job reads (its host names the day-cache prefix it may write). */
  readonly alpacaDataUrl: string;
  readonly jobDefinitions: Readonly<Record<BatchJobName, batch.EcsJobDefinition>>;

  constructor(scope: Construct, id: string, props: GpuBatchJobsProps) {
    super(scope, id);
    this.alpacaDataUrl = props.alpaca.dataUrl;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      // One NAT gateway: instances pull images and reach Alpaca's data API; the fleet is usually at zero.
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'jobs', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(this, 'FlowLogs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY }),
          ),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
    // S3 traffic (market data, models, results) stays off the NAT gateway.
    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    this.computeEnvironment = new batch.ManagedEc2EcsComputeEnvironment(this, 'GpuCompute', {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      instanceTypes: GPU_INSTANCE_TYPES.map((t) => new ec2.InstanceType(t)),
      useOptimalInstanceClasses: false,
      minvCpus: 0,
      maxvCpus: GPU_MAX_VCPUS,
      images: [{ imageType: batch.EcsMachineImageType.ECS_AL2023_NVIDIA }],
      allocationStrategy: batch.AllocationStrategy.BEST_FIT_PROGRESSIVE,
      updateToLatestImageVersion: true,
    });
    this.jobQueue = new batch.JobQueue(this, 'GpuQueue', {
      jobQueueName: `${props.prefix}gpu-jobs`,
      priority: 1,
      computeEnvironments: [{ computeEnvironment: this.computeEnvironment, order: 1 }],
    });

    this.jobRole = new iam.Role(this, 'JobRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Role of tradeloop GPU jobs: read market data, write models and results',
    });
    // Explicit actions rather than grantRead/grantReadWrite: the jobs never delete or re-ACL objects.
    this.jobRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListJobBuckets',
        actions: ['s3:ListBucket'],
        resources: [props.buckets['data-lake'].bucketArn, props.buckets.models.bucketArn, props.buckets.results.bucketArn],
      }),
    );
    this.jobRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadMarketData',
        actions: ['s3:GetObject'],
        resources: [props.buckets['data-lake'].arnForObjects('*')],
      }),
    );
    this.jobRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWriteModelsAndResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
        resources: [props.buckets.models.arnForObjects('*'), props.buckets.results.arnForObjects('*')],
      }),
    );

    // The sweep job records its run's outcome; it only updates and reads records the API created.
    this.jobRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'UpdateBacktestRuns',
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [props.backtestRuns.tableArn],
      }),
    );

    this.trainingRole = new iam.Role(this, 'TrainingRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Role of the tradeloop ensemble-training job: read market data, write model artefacts, keep the model registry',
    });
    this.trainingRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ListTrainingBuckets', actions: ['s3:ListBucket'], resources: [props.buckets['data-lake'].bucketArn, props.buckets.models.bucketArn] }),
    );
    this.trainingRole.addToPolicy(new iam.PolicyStatement({ sid: 'ReadMarketData', actions: ['s3:GetObject'], resources: [props.buckets['data-lake'].arnForObjects('*')] }));
    // Artefacts and manifests live under models/<symbol>/<family>/<version>/; nothing is ever deleted.
    this.trainingRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ReadWriteModelArtefacts', actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resources: [props.buckets.models.arnForObjects('models/*')] }),
    );
    // Conditional puts (versions, decisions, pointers with a revision), reads and the decision query.
    this.trainingRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ModelRegistry', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], resources: [props.models.tableArn] }),
    );
    // --data-source alpaca: the key pair (this secret only), and the day cache it fills in the data lake (days
    // already over are stored once, so the next night asks Alpaca only for the new session). No other lake writes.
    props.alpaca.secret.grantRead(this.trainingRole);
    this.trainingRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CacheAlpacaDailyBars',
        actions: ['s3:PutObject'],
        resources: [props.buckets['data-lake'].arnForObjects(`${alpacaDailyBarCachePrefix(props.alpaca.dataUrl)}*`)],
      }),
    );

    this.discoveryRole = new iam.Role(this, 'DiscoveryRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Role of the tradeloop strategy-discovery job: read market data, read and write discovery runs, submit its own rounds',
    });
    this.discoveryRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ListDiscoveryBuckets', actions: ['s3:ListBucket'], resources: [props.buckets['data-lake'].bucketArn, props.buckets.results.bucketArn] }),
    );
    this.discoveryRole.addToPolicy(new iam.PolicyStatement({ sid: 'ReadMarketData', actions: ['s3:GetObject'], resources: [props.buckets['data-lake'].arnForObjects('*')] }));
    // Specs, rounds, shard files and results live under discovery/<run>/; nothing is ever deleted.
    this.discoveryRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ReadWriteDiscoveryRuns', actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resources: [props.buckets.results.arnForObjects('discovery/*')] }),
    );
    this.discoveryRole.addToPolicy(new iam.PolicyStatement({ sid: 'UpdateDiscoveryRuns', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [props.backtestRuns.tableArn] }));
    // The coordinator submits the next round to its own queue and job definition (named, not referenced: the
    // job definition names this role, so a reference back would be a cycle) and describes itself to find them.
    const discoveryDefinitionArn = Stack.of(this).formatArn({ service: 'batch', resource: 'job-definition', resourceName: `${props.prefix}strategy-discovery:*` });
    this.discoveryRole.addToPolicy(new iam.PolicyStatement({ sid: 'SubmitDiscoveryRounds', actions: ['batch:SubmitJob'], resources: [this.jobQueue.jobQueueArn, discoveryDefinitionArn] }));
    this.discoveryRole.addToPolicy(new iam.PolicyStatement({ sid: 'DescribeOwnJob', actions: ['batch:DescribeJobs'], resources: ['*'] }));

    const logGroup = new logs.LogGroup(this, 'JobLogs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    const entries = BATCH_JOBS.map((name) => [name, this.createJobDefinition(name, props, logGroup)] as const);
    this.jobDefinitions = Object.fromEntries(entries) as Record<BatchJobName, batch.EcsJobDefinition>;

    this.schedulerRole = new iam.Role(this, 'TrainingSchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: submits the nightly ensemble-training job to the GPU queue',
    });
    const training = this.jobDefinitions['ensemble-training'];
    this.nightlyTraining = new scheduler.Schedule(this, 'NightlyTraining', {
      description: `Nightly ensemble-training: Batch SubmitJob (${NIGHTLY_TRAINING_CRON} ${NIGHTLY_TRAINING_TIMEZONE})`,
      schedule: scheduler.ScheduleExpression.expression(NIGHTLY_TRAINING_CRON, TimeZone.of(NIGHTLY_TRAINING_TIMEZONE)),
      // EventBridge Scheduler has no templated Batch target; the universal target calls batch:SubmitJob
      // with the SDK's request shape (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html).
      target: new Universal({
        service: 'batch',
        action: 'submitJob',
        input: scheduler.ScheduleTargetInput.fromObject({
          JobName: 'nightly-ensemble-training',
          JobQueue: this.jobQueue.jobQueueArn,
          JobDefinition: training.jobDefinitionArn,
          Parameters: { asOf: 'previous-session', dataSource: TRAINING_DATA_SOURCE },
        }),
        policyStatements: [
          new iam.PolicyStatement({ sid: 'SubmitNightlyTraining', actions: ['batch:SubmitJob'], resources: [this.jobQueue.jobQueueArn, training.jobDefinitionArn] }),
        ],
        role: this.schedulerRole,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: props.deliveryFailureQueue,
      }),
    });

    this.discoverySchedulerRole = new iam.Role(this, 'DiscoverySchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: submits the nightly strategy-discovery coordinator to the GPU queue',
    });
    const discovery = this.jobDefinitions['strategy-discovery'];
    // Validated at synth: a bad default spec fails `cdk synth`, not the job at night.
    const nightlySpec = DiscoverySpecV1.parse(NIGHTLY_DISCOVERY_SPEC);
    this.nightlyDiscovery = new scheduler.Schedule(this, 'NightlyDiscovery', {
      description: `Nightly strategy discovery: Batch SubmitJob (${NIGHTLY_DISCOVERY_CRON} ${NIGHTLY_TRAINING_TIMEZONE})`,
      schedule: scheduler.ScheduleExpression.expression(NIGHTLY_DISCOVERY_CRON, TimeZone.of(NIGHTLY_TRAINING_TIMEZONE)),
      target: new Universal({
        service: 'batch',
        action: 'submitJob',
        input: scheduler.ScheduleTargetInput.fromObject({
          JobName: 'nightly-strategy-discovery',
          JobQueue: this.jobQueue.jobQueueArn,
          JobDefinition: discovery.jobDefinitionArn,
          // One folder per scheduled time (the same on Scheduler's retries, so a retry continues that night's run).
          Parameters: {
            mode: 'step',
            round: '0',
            spec: `s3://${props.buckets.results.bucketName}/discovery/nightly/${scheduler.ContextAttribute.scheduledTime}/spec.json`,
            initSpec: JSON.stringify(nightlySpec),
          },
        }),
        policyStatements: [
          new iam.PolicyStatement({ sid: 'SubmitNightlyDiscovery', actions: ['batch:SubmitJob'], resources: [this.jobQueue.jobQueueArn, discovery.jobDefinitionArn] }),
        ],
        role: this.discoverySchedulerRole,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: props.deliveryFailureQueue,
      }),
    });
  }

  private createJobDefinition(name: BatchJobName, props: GpuBatchJobsProps, logGroup: logs.ILogGroup): batch.EcsJobDefinition {
    const spec = JOB_SPECS[name];
    const image = ecs.ContainerImage.fromAsset(props.projectRoot, {
      file: path.join('batch-jobs', name, 'Dockerfile'),
      exclude: [...IMAGE_CONTEXT_FILTER],
      ignoreMode: IgnoreMode.DOCKER,
      // g5 and g6 are x86_64 instances.
      platform: Platform.LINUX_AMD64,
    });
    const container = new batch.EcsEc2ContainerDefinition(this, `${name}-container`, {
      image,
      cpu: spec.vcpus,
      memory: spec.memory,
      gpu: 1,
      jobRole: spec.usesModelRegistry ? this.trainingRole : spec.submitsJobs === true ? this.discoveryRole : this.jobRole,
      command: [...spec.command],
      readonlyRootFilesystem: false,
      environment: {
        TRADELOOP_DATA_LAKE_BUCKET: props.buckets['data-lake'].bucketName,
        TRADELOOP_MODELS_BUCKET: props.buckets.models.bucketName,
        // The training job announces model.trained, model.promoted and drift.detected on the bus (ModelRetraining grants PutEvents).
        ...(spec.usesModelRegistry ? { TRADELOOP_MODELS_TABLE: props.models.tableName, TRADELOOP_EVENT_BUS: EVENT_BUS_NAME } : { TRADELOOP_RESULTS_BUCKET: props.buckets.results.bucketName }),
        // The training job's Alpaca source: the secret's ARN (not its value) and the functions' data URL and feed.
        ...(spec.usesModelRegistry
          ? {
              TRADELOOP_ALPACA_SECRET_ID: props.alpaca.secret.secretArn,
              TRADELOOP_ALPACA_DATA_URL: props.alpaca.dataUrl,
              TRADELOOP_MARKET_DATA_FEED: historicalFeedOf(props.alpaca.feed),
            }
          : {}),
        ...(spec.updatesBacktestRuns ? { TRADELOOP_BACKTEST_RUNS_TABLE: props.backtestRuns.tableName } : {}),
      },
      logging: ecs.LogDriver.awsLogs({ streamPrefix: name, logGroup }),
    });
    return new batch.EcsJobDefinition(this, name, {
      jobDefinitionName: `${props.prefix}${name}`,
      container,
      parameters: { ...spec.parameters },
      timeout: spec.timeout,
      // Retry only when the instance went away, never on the job's own failure (it would fail again).
      retryAttempts: 3,
      retryStrategies: [
        batch.RetryStrategy.of(batch.Action.RETRY, batch.Reason.SPOT_INSTANCE_RECLAIMED),
        batch.RetryStrategy.of(batch.Action.RETRY, batch.Reason.CANNOT_PULL_CONTAINER),
        batch.RetryStrategy.of(batch.Action.EXIT, batch.Reason.NON_ZERO_EXIT_CODE),
      ],
    });
  }
}
