/**
 * Read side of the stored daily risk reports (the risk-report use case writes them to strategy-state
 * under `risk-report#<accountId>` / session date). Adapters: DynamoDB (a Query on the partition, newest
 * sort key first: session dates sort as text) and an in-memory one over a StrategyStateStore.
 */
import type { PortfolioRiskReport } from '../trading/reportPortfolioRisk';

export interface RiskReportReader {
  /** The report of one session date (YYYY-MM-DD, New York), if stored. */
  get(accountId: string, date: string): Promise<PortfolioRiskReport | undefined>;
  /** The report with the latest session date, if any. */
  latest(accountId: string): Promise<PortfolioRiskReport | undefined>;
}
