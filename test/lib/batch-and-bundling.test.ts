import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BATCH_JOBS, GPU_INSTANCE_TYPES, IMAGE_CONTEXT_FILTER } from '../../lib/constructs/gpu-batch-jobs';
import { ESM_REQUIRE_BANNER, TradingFunction } from '../../lib/constructs/trading-function';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS } from '../../layers/contracts/wiring';
import { PROJECT_ROOT, buildStack, cdkJsonContext, resourcesOf } from './support';

describe('AWS Batch GPU jobs', () => {
  const { stack, template, app } = buildStack();

  it('has a managed EC2 GPU compute environment of g5/g6 instances that scales to zero', () => {
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      Type: 'managed',
      ComputeResources: {
        Type: 'EC2',
        MinvCpus: 0,
        InstanceTypes: [...GPU_INSTANCE_TYPES],
        Ec2Configuration: [{ ImageType: 'ECS_AL2023_NVIDIA' }],
      } as never,
    });
    for (const type of GPU_INSTANCE_TYPES) expect(type).toMatch(/^g[56]\./);
  });

  it('runs in a VPC of its own with flow logs (no lookup)', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.resourceCountIs('AWS::Batch::JobQueue', 1);
  });

  it.each(BATCH_JOBS.map((j) => [j]))('%s asks for one GPU and runs its image asset with the job role', (name) => {
    const definitions = Object.values(resourcesOf(template, 'AWS::Batch::JobDefinition'));
    const definition = definitions.find((d) => d.Properties.JobDefinitionName === `Tradeloop-${name}`);
    expect(definition).toBeDefined();
    const container = definition?.Properties.ContainerProperties as {
      ResourceRequirements: { Type: string; Value: string }[];
      JobRoleArn: unknown;
      Image: unknown;
      Environment: { Name: string }[];
    };
    expect(container.ResourceRequirements).toEqual(expect.arrayContaining([{ Type: 'GPU', Value: '1' }]));
    const role = name === 'ensemble-training' ? stack.batchJobs.trainingRole : name === 'strategy-discovery' ? stack.batchJobs.discoveryRole : stack.batchJobs.jobRole;
    const roleId = stack.getLogicalId(role.node.defaultChild as never);
    expect(container.JobRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(JSON.stringify(container.Image)).toContain('cdk-hnb659fds-container-assets');
    expect(container.Environment.map((e) => e.Name).sort()).toEqual(
      name !== 'ensemble-training'
        ? ['TRADELOOP_BACKTEST_RUNS_TABLE', 'TRADELOOP_DATA_LAKE_BUCKET', 'TRADELOOP_MODELS_BUCKET', 'TRADELOOP_RESULTS_BUCKET']
        : ['TRADELOOP_ALPACA_DATA_URL', 'TRADELOOP_ALPACA_SECRET_ID', 'TRADELOOP_DATA_LAKE_BUCKET', 'TRADELOOP_EVENT_BUS', 'TRADELOOP_MARKET_DATA_FEED', 'TRADELOOP_MODELS_BUCKET', 'TRADELOOP_MODELS_TABLE'],
    );
  });

  it('starts backtest-sweep children and its reducer from Batch parameters (mode, spec)', () => {
    const definition = Object.values(resourcesOf(template, 'AWS::Batch::JobDefinition')).find((d) => d.Properties.JobDefinitionName === 'Tradeloop-backtest-sweep');
    expect((definition?.Properties.ContainerProperties as { Command: string[] }).Command).toEqual(['--mode', 'Ref::mode', '--spec', 'Ref::spec']);
    expect(definition?.Properties.Parameters).toEqual({ mode: 'shard' });
  });

  it('lets the job role update backtest run records, and nothing else in DynamoDB', () => {
    const roleId = stack.getLogicalId(stack.batchJobs.jobRole.node.defaultChild as never);
    const tableId = stack.getLogicalId(stack.tables.tables['backtest-runs'].node.defaultChild as never);
    const policy = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    const statements = (policy?.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } })]);
  });

  it('gives the training job its own role: read the data lake (write only its Alpaca day cache), read/write models/ in the models bucket, keep the registry, read the Alpaca secret; nothing else', () => {
    const roleId = stack.getLogicalId(stack.batchJobs.trainingRole.node.defaultChild as never);
    const policy = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    const statements = (policy?.Properties.PolicyDocument as { Statement: { Sid?: string; Action: string | string[]; Resource: unknown }[] }).Statement;
    const idOf = (b: 'data-lake' | 'models' | 'results'): string => stack.getLogicalId(stack.buckets.buckets[b].node.defaultChild as never);
    const modelsTableId = stack.getLogicalId(stack.tables.tables.models.node.defaultChild as never);
    // Grants add statements without a Sid: name them by their actions (the secret's is checked in test/lib/model-retraining.test.ts).
    expect(statements.map((s) => s.Sid ?? JSON.stringify(s.Action)).sort()).toEqual(['CacheAlpacaDailyBars', 'ListTrainingBuckets', 'ModelRegistry', 'ReadMarketData', 'ReadWriteModelArtefacts', '["secretsmanager:DescribeSecret","secretsmanager:GetSecretValue"]', '"events:PutEvents"'].sort());
    expect(statements.find((s) => s.Sid === 'ModelRegistry')).toMatchObject({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: { 'Fn::GetAtt': [modelsTableId, 'Arn'] } });
    expect(statements.find((s) => s.Sid === 'ReadWriteModelArtefacts')).toMatchObject({ Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf('models'), 'Arn'] }, '/models/*']] } });
    const writes = statements.filter((s) => ([] as string[]).concat(s.Action).includes('s3:PutObject'));
    // The only data-lake write: the Alpaca day cache of daily bars under the data host's prefix.
    expect(writes.filter((s) => JSON.stringify(s).includes(idOf('data-lake')))).toEqual([
      expect.objectContaining({ Sid: 'CacheAlpacaDailyBars', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf('data-lake'), 'Arn'] }, '/data.alpaca.markets/bars/1Day/*']] } }),
    ]);
    expect(JSON.stringify(statements)).not.toContain(idOf('results'));
    expect(JSON.stringify(statements)).not.toContain('s3:DeleteObject');
    expect(JSON.stringify(statements)).not.toContain('backtest');
  });

  it('submits ensemble-training every weekday night through Scheduler (universal batch:SubmitJob target) with a role that may submit only that job', () => {
    const queueId = stack.getLogicalId(stack.batchJobs.jobQueue.node.defaultChild as never);
    const trainingId = stack.getLogicalId(stack.batchJobs.jobDefinitions['ensemble-training'].node.defaultChild as never);
    const scheduleId = stack.getLogicalId(stack.batchJobs.nightlyTraining.node.defaultChild as never);
    const schedule = resourcesOf(template, 'AWS::Scheduler::Schedule')[scheduleId];
    expect(schedule?.Properties).toMatchObject({ ScheduleExpression: 'cron(30 20 ? * MON-FRI *)', ScheduleExpressionTimezone: 'America/New_York', FlexibleTimeWindow: { Mode: 'OFF' } });
    const target = schedule?.Properties.Target as { Arn: unknown; Input: unknown; RoleArn: unknown; DeadLetterConfig?: unknown; RetryPolicy?: unknown };
    expect(JSON.stringify(target.Arn)).toContain(':scheduler:::aws-sdk:batch:submitJob');
    expect(JSON.stringify(target.Input)).toContain('nightly-ensemble-training');
    expect(JSON.stringify(target.Input)).toContain(queueId);
    expect(JSON.stringify(target.Input)).toContain(trainingId);
    expect(JSON.stringify(target.Input)).toContain('previous-session');
    expect(target.DeadLetterConfig).toBeDefined();
    const roleId = stack.getLogicalId(stack.batchJobs.schedulerRole.node.defaultChild as never);
    expect(target.RoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    const role = resourcesOf(template, 'AWS::IAM::Role')[roleId];
    expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain('aws:SourceAccount');
    const policy = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    const statements = (policy?.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    const submit = statements.filter((s) => JSON.stringify(s.Action).includes('batch:'));
    expect(submit).toEqual([expect.objectContaining({ Action: 'batch:SubmitJob', Resource: [{ 'Fn::GetAtt': [queueId, 'JobQueueArn'] }, { Ref: trainingId }] })]);
    expect(JSON.stringify(statements)).not.toContain(stack.getLogicalId(stack.batchJobs.jobDefinitions['backtest-sweep'].node.defaultChild as never));
  });

  it('builds each image from batch-jobs/<name>/Dockerfile with the repo root as context, filtered', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'Tradeloop.assets.json'), 'utf8')) as {
      dockerImages: Record<string, { source: { directory: string; dockerFile?: string; platform?: string } }>;
    };
    const images = Object.values(manifest.dockerImages);
    expect(images.map((i) => i.source.dockerFile).sort()).toEqual(BATCH_JOBS.map((j) => `batch-jobs/${j}/Dockerfile`).sort());
    for (const image of images) {
      expect(image.source.platform).toBe('linux/amd64');
      const context = path.join(app.outdir, image.source.directory);
      const entries = fs.readdirSync(context).sort();
      expect(entries).toEqual(['batch-jobs', 'data', 'layers', 'package-lock.json', 'package.json', 'tsconfig.json']);
      // Only the daily bars come along, not the minute data or the rest of data/.
      expect(fs.readdirSync(path.join(context, 'data', 'lean', 'equity', 'usa')).sort()).toEqual(['daily', 'factor_files', 'map_files']);
      expect(fs.existsSync(path.join(context, 'data', 'lean', 'equity', 'usa', 'daily', 'spy.zip'))).toBe(true);
    }
    expect(IMAGE_CONTEXT_FILTER).toEqual(expect.arrayContaining(['**/node_modules', '**/cdk.out', '**/.git']));
  });

  it('lets the job role read market data and write only models and results', () => {
    const roleId = stack.getLogicalId(stack.batchJobs.jobRole.node.defaultChild as never);
    const policy = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).find(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    const statements = (policy?.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    const idOf = (b: 'data-lake' | 'models' | 'results'): string => stack.getLogicalId(stack.buckets.buckets[b].node.defaultChild as never);
    const writes = statements.filter((s) => ([] as string[]).concat(s.Action).includes('s3:PutObject'));
    expect(JSON.stringify(writes)).toContain(idOf('models'));
    expect(JSON.stringify(writes)).toContain(idOf('results'));
    expect(JSON.stringify(writes)).not.toContain(idOf('data-lake'));
    expect(JSON.stringify(statements)).not.toContain('s3:DeleteObject');
  });

  it('has Dockerfiles on node:22 that run main.ts with tsx', () => {
    for (const job of BATCH_JOBS) {
      const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'batch-jobs', job, 'Dockerfile'), 'utf8');
      expect(dockerfile).toMatch(/^FROM node:22/m);
      expect(dockerfile).toContain('npm install');
      expect(dockerfile).toContain(`"batch-jobs/${job}/main.ts"`);
    }
  });
});

describe('Bundling (real esbuild, no Docker)', () => {
  it('bundles a handler as ESM with the require banner and the SDK left out', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'tradeloop-bundle-')), context: cdkJsonContext() });
    const stack = new Stack(app, 'Bundled');
    new TradingFunction(stack, 'fn', {
      name: 'control-api',
      spec: FUNCTIONS['control-api'],
      projectRoot: PROJECT_ROOT,
      environment: {
        TRADELOOP_ACCOUNT_ID: 'a',
        TRADELOOP_EVENT_BUS: 'b',
        TRADELOOP_TABLE_PREFIX: 'p-',
        TRADELOOP_BARS_QUEUE_URL: 'https://q',
        TRADELOOP_BARS_DLQ_URL: 'https://q',
        TRADELOOP_ORDER_INTENTS_QUEUE_URL: 'https://q',
        TRADELOOP_ORDER_INTENTS_DLQ_URL: 'https://q',
        TRADELOOP_ORDERS_QUEUE_URL: 'https://q',
        TRADELOOP_ORDERS_DLQ_URL: 'https://q',
        TRADELOOP_WATCHLIST: 'SPY',
        TRADELOOP_MARKET_DATA_FEED: 'iex',
        TRADELOOP_ALPACA_SECRET_ID: 's',
        TRADELOOP_ALPACA_TRADING_URL: 'https://t',
        TRADELOOP_ALPACA_DATA_URL: 'https://d',
        TRADELOOP_CLOCK: 'system',
      },
    });
    Template.fromStack(stack);
    const assetDirs = fs.readdirSync(app.outdir).filter((f) => f.startsWith('asset.'));
    expect(assetDirs).toHaveLength(1);
    const dir = path.join(app.outdir, assetDirs[0] ?? '');
    expect(fs.readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = fs.readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code).toMatch(/export\s*\{/);
    expect(code).not.toMatch(/@aws-sdk\/client-[a-z]+\/dist-cjs/);
  });
});
