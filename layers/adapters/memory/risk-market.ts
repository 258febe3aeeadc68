import type { MinuteBar } from '../../core/ports';
import type { AssetInfo, RiskMarketData } from '../../core/ports/riskMarket';

/** An in-memory RiskMarketData: assets and daily bars set by the test; counts calls. */
export class FakeRiskMarketData implements RiskMarketData {
  readonly assetRecords = new Map<string, AssetInfo>();
  readonly daily = new Map<string, MinuteBar[]>();
  calls = { assets: 0, dailyBars: 0 };
  failWith: Error | undefined;

  setAsset(symbol: string, patch: Partial<AssetInfo> = {}): void {
    this.assetRecords.set(symbol, { symbol, tradable: true, status: 'active', shortable: true, easyToBorrow: true, assetClass: 'us_equity', ...patch });
  }

  async assets(symbols: readonly string[]): Promise<ReadonlyMap<string, AssetInfo>> {
    this.calls.assets += 1;
    if (this.failWith) throw this.failWith;
    return new Map(symbols.flatMap((s) => {
      const a = this.assetRecords.get(s);
      return a === undefined ? [] : [[s, a] as const];
    }));
  }

  async dailyBars(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    this.calls.dailyBars += 1;
    if (this.failWith) throw this.failWith;
    return new Map(symbols.map((s) => [s, (this.daily.get(s) ?? []).filter((b) => b.start >= from && b.start < to)]));
  }
}
