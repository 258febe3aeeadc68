import { provisionLocalResources } from '../../../../../local/provision';
import { createDynamoStores, type DynamoStores } from '../../../../../layers/adapters/aws/dynamo';
import { DynamoRiskReportReader } from '../../../../../layers/adapters/aws/dynamo/risk-reports';
import { InMemoryStrategyStateStore } from '../../../../../layers/adapters/memory';
import { InMemoryRiskReports } from '../../../../../layers/adapters/memory/risk-reports';
import { physicalName } from '../../../../../layers/contracts';
import type { StrategyStateStore } from '../../../../../layers/core/ports';
import type { RiskReportReader } from '../../../../../layers/core/ports/riskReports';
import { riskReportKey, type PortfolioRiskReport } from '../../../../../layers/core/trading';

const prefix = `riskrep${Date.now().toString(36)}-`;
let stores: DynamoStores;

beforeAll(async () => {
  await provisionLocalResources({ prefix });
  stores = createDynamoStores({ tablePrefix: prefix });
});

/** Only the fields the reader cares about; the rest of the report is opaque to it. */
const report = (accountId: string, asOf: string): PortfolioRiskReport => ({ schema: 'PortfolioRiskReportV1', accountId, asOf, computedAt: Date.UTC(2024, 0, 1) }) as unknown as PortfolioRiskReport;

describe.each([
  ['DynamoRiskReportReader (dynalite)', (): { writer: StrategyStateStore; reader: RiskReportReader } => ({ writer: stores.strategyState, reader: new DynamoRiskReportReader(physicalName.table(prefix, 'strategy-state')) })],
  ['InMemoryRiskReports', (): { writer: StrategyStateStore; reader: RiskReportReader } => {
    const reports = new InMemoryRiskReports(new InMemoryStrategyStateStore());
    return { writer: reports.store, reader: reports };
  }],
])('%s', (_name, make) => {
  it('reads a session by date and the latest session, per account, and nothing before the first report', async () => {
    const { writer, reader } = make();
    const account = `a${Math.random().toString(36).slice(2, 8)}`;
    expect(await reader.latest(account)).toBeUndefined();
    for (const date of ['2024-03-14', '2024-03-15', '2024-03-13']) {
      expect(await writer.save({ strategyId: riskReportKey(account), symbol: date, state: report(account, date), version: 1 }, 0)).toBe(true);
    }
    // Another account's later report and a non-report item in the same table do not leak in.
    await writer.save({ strategyId: riskReportKey(`${account}x`), symbol: '2024-03-20', state: report(`${account}x`, '2024-03-20'), version: 1 }, 0);
    await writer.save({ strategyId: `risk#exit#${account}`, symbol: 'SPY', state: { lastBarStart: 1 }, version: 1 }, 0);
    expect((await reader.latest(account))?.asOf).toBe('2024-03-15');
    expect((await reader.get(account, '2024-03-13'))?.asOf).toBe('2024-03-13');
    expect(await reader.get(account, '2024-03-16')).toBeUndefined();
  });
});
