import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RiskReportReader } from '../../../core/ports/riskReports';
import { createDocumentClient } from '../clients';
import { riskReportKey, type PortfolioRiskReport } from '../../../core/trading/reportPortfolioRisk';

const SESSION_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The stored risk reports on the `strategy-state` table (strategyId = `risk-report#<accountId>`, symbol =
 * session date, stateJson = the report). `latest` queries the partition newest first; only sort keys that
 * are session dates count, so another item ever put under the partition cannot pose as a report.
 */
export class DynamoRiskReportReader implements RiskReportReader {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    doc?: DynamoDBDocumentClient,
  ) {
    this.doc = doc ?? createDocumentClient();
  }

  async get(accountId: string, date: string): Promise<PortfolioRiskReport | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { strategyId: riskReportKey(accountId), symbol: date }, ConsistentRead: true }));
    return Item === undefined ? undefined : parseItem(Item);
  }

  async latest(accountId: string): Promise<PortfolioRiskReport | undefined> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'strategyId = :p AND symbol BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':p': riskReportKey(accountId), ':lo': '0000-00-00', ':hi': '9999-99-99' },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 5,
      }),
    );
    const item = (Items ?? []).find((i) => typeof i['symbol'] === 'string' && SESSION_DATE.test(i['symbol']));
    return item === undefined ? undefined : parseItem(item);
  }
}

function parseItem(item: Record<string, unknown>): PortfolioRiskReport {
  const { stateJson } = item;
  if (typeof stateJson !== 'string') throw new Error(`malformed risk report item ${String(item['strategyId'])}/${String(item['symbol'])}`);
  return JSON.parse(stateJson) as PortfolioRiskReport;
}
