import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKETS, type BucketName } from '../../layers/contracts/wiring';

/**
 * The S3 buckets of BUCKETS: `data-lake` (market data), `models` (versioned model artefacts) and
 * `results` (backtest and discovery results, reports), plus the bucket their access logs go to.
 * Names are left to CloudFormation because bucket names are global across all AWS accounts.
 */
export class TradingBuckets extends Construct {
  readonly buckets: Readonly<Record<BucketName, s3.Bucket>>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'access-logs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const entries = BUCKETS.map((name) => [name, this.createBucket(name)] as const);
    this.buckets = Object.fromEntries(entries) as Record<BucketName, s3.Bucket>;
  }

  private createBucket(name: BucketName): s3.Bucket {
    return new s3.Bucket(this, name, {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${name}/`,
      // Model versions are the registry's history and stay; old versions of data and results expire.
      lifecycleRules: name === 'models' ? [] : [{ noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
