import type { StrategyStateRecord, StrategyStateStore } from '../../core/ports';
import type { RiskReportReader } from '../../core/ports/riskReports';
import { riskReportKey, type PortfolioRiskReport } from '../../core/trading/reportPortfolioRisk';

/**
 * A StrategyStateStore decorator that also reads the risk reports written through it (tests, local
 * tools): hand `store` to the risk-report use case and the object itself to GET /risk/report.
 */
export class InMemoryRiskReports implements RiskReportReader {
  private readonly dates = new Map<string, Set<string>>();
  readonly store: StrategyStateStore;

  constructor(private readonly inner: StrategyStateStore) {
    const dates = this.dates;
    this.store = {
      load: <S>(strategyId: string, symbol: string) => inner.load<S>(strategyId, symbol),
      async save<S>(record: StrategyStateRecord<S>, expectedVersion: number): Promise<boolean> {
        const saved = await inner.save(record, expectedVersion);
        if (saved) dates.set(record.strategyId, (dates.get(record.strategyId) ?? new Set<string>()).add(record.symbol));
        return saved;
      },
    };
  }

  async get(accountId: string, date: string): Promise<PortfolioRiskReport | undefined> {
    return (await this.inner.load<PortfolioRiskReport>(riskReportKey(accountId), date))?.state;
  }

  async latest(accountId: string): Promise<PortfolioRiskReport | undefined> {
    const newest = [...(this.dates.get(riskReportKey(accountId)) ?? [])].sort().at(-1);
    return newest === undefined ? undefined : this.get(accountId, newest);
  }
}
