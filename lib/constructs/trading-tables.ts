import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { NUMBER_KEY_ATTRIBUTES, TABLES, physicalName, type TableName, type TableSpec } from '../../layers/contracts/wiring';

/**
 * How much a table's loss would cost:
 * - `money`: orders, positions, the risk audit, limits/kill switch and idempotency records (losing
 *   the last could resubmit an order). Deletion protection on, retained when the stack goes.
 * - `registry`: strategy and model registries, backtest run records; retained, but may be deleted deliberately.
 * - `derived`: rebuilt from bars and broker truth; removed with the stack.
 */
export type TableRetention = 'money' | 'registry' | 'derived';

export const TABLE_RETENTION: Readonly<Record<TableName, TableRetention>> = {
  orders: 'money',
  positions: 'money',
  'risk-audit': 'money',
  limits: 'money',
  idempotency: 'money',
  strategies: 'registry',
  models: 'registry',
  'backtest-runs': 'registry',
  signals: 'derived',
  'strategy-state': 'derived',
};

const REMOVAL: Readonly<Record<TableRetention, RemovalPolicy>> = {
  money: RemovalPolicy.RETAIN,
  registry: RemovalPolicy.RETAIN,
  derived: RemovalPolicy.DESTROY,
};

function stringKey(name: string): dynamodb.Attribute {
  return { name, type: dynamodb.AttributeType.STRING };
}

/** Key attributes are strings except the epoch-millisecond ones the wiring lists. */
function keyAttribute(name: string): dynamodb.Attribute {
  return NUMBER_KEY_ATTRIBUTES.has(name) ? { name, type: dynamodb.AttributeType.NUMBER } : stringKey(name);
}

export interface TradingTablesProps {
  /** Physical name prefix of this deployment (physicalName.table). */
  readonly prefix: string;
}

/**
 * The DynamoDB tables of TABLES (layers/contracts/wiring.ts), where each table's key schema and
 * access patterns are declared; lib/README.md lists the access patterns per table.
 * All tables are on-demand (trading traffic is bursty around the open and close), encrypted with
 * the AWS-managed KMS key and have point-in-time recovery.
 */
export class TradingTables extends Construct {
  readonly tables: Readonly<Record<TableName, dynamodb.Table>>;

  constructor(scope: Construct, id: string, props: TradingTablesProps) {
    super(scope, id);
    const entries = (Object.entries(TABLES) as [TableName, TableSpec][]).map(
      ([name, spec]) => [name, this.createTable(props.prefix, name, spec)] as const,
    );
    this.tables = Object.fromEntries(entries) as Record<TableName, dynamodb.Table>;
  }

  private createTable(prefix: string, name: TableName, spec: TableSpec): dynamodb.Table {
    const retention = TABLE_RETENTION[name];
    const table = new dynamodb.Table(this, name, {
      tableName: physicalName.table(prefix, name),
      partitionKey: keyAttribute(spec.partitionKey),
      ...(spec.sortKey !== undefined ? { sortKey: keyAttribute(spec.sortKey) } : {}),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(spec.ttlAttribute !== undefined ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
      deletionProtection: retention === 'money',
      removalPolicy: REMOVAL[retention],
    });
    for (const index of spec.globalIndexes ?? []) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: keyAttribute(index.partitionKey),
        ...(index.sortKey !== undefined ? { sortKey: keyAttribute(index.sortKey) } : {}),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }
}
