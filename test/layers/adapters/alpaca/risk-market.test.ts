import type { trading } from '@alpacahq/alpaca-trade-api';
import { AlpacaRiskMarketData, assetFromAlpaca, CachedRiskMarketData, type AssetsClient } from '../../../../layers/adapters/alpaca/risk-market';
import { FakeRiskMarketData } from '../../../../layers/adapters/memory/risk-market';
import type { MinuteBar } from '../../../../layers/core/ports';

const asset = (symbol: string, patch: Record<string, unknown> = {}): trading.Assets =>
  ({ symbol, tradable: true, status: 'active', shortable: true, easyToBorrow: true, _class: 'us_equity', ...patch }) as unknown as trading.Assets;

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

describe('AlpacaRiskMarketData', () => {
  it('maps assets (borrow_status over the deprecated flag), treats 404 as unknown and reads 1Day bars', async () => {
    const calls: string[] = [];
    const assets: AssetsClient = {
      getV2AssetsSymbolOrAssetId: async ({ symbolOrAssetId }) => {
        calls.push(symbolOrAssetId);
        if (symbolOrAssetId === 'NOPE') throw new HttpError(404);
        return asset(symbolOrAssetId, symbolOrAssetId === 'GME' ? { borrowStatus: 'hard_to_borrow', easyToBorrow: true } : {});
      },
    };
    const timeframes: string[] = [];
    const history = {
      bars: async (symbols: readonly string[], _from: number, _to: number, timeframe: string) => {
        timeframes.push(timeframe);
        return new Map(symbols.map((s) => [s, [] as MinuteBar[]]));
      },
    };
    const source = new AlpacaRiskMarketData(assets, history, { maxAttempts: 1 });
    const found = await source.assets(['SPY', 'GME', 'NOPE']);
    expect([...found.keys()]).toEqual(['SPY', 'GME']);
    expect(found.get('GME')).toEqual({ symbol: 'GME', tradable: true, status: 'active', shortable: true, easyToBorrow: false, assetClass: 'us_equity' });
    expect(assetFromAlpaca(asset('X', { status: 'inactive', tradable: false }))).toMatchObject({ status: 'inactive', tradable: false });
    await source.dailyBars(['SPY'], 0, 1);
    expect(timeframes).toEqual(['1Day']);
    const failing = new AlpacaRiskMarketData({ getV2AssetsSymbolOrAssetId: async () => { throw new HttpError(403); } }, history, { maxAttempts: 1 });
    await expect(failing.assets(['SPY'])).rejects.toThrow(/403/);
  });
});

describe('CachedRiskMarketData', () => {
  it('reads daily bars once per symbol and day, assets once per TTL, and retries after a failure', async () => {
    const inner = new FakeRiskMarketData();
    inner.setAsset('SPY');
    inner.daily.set('SPY', [{ symbol: 'SPY', start: 5, open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    let now = 0;
    const cached = new CachedRiskMarketData(inner, { assetTtlMs: 60_000, now: () => now, dayOf: (ts) => String(Math.floor(ts / 86_400_000)) });
    await cached.dailyBars(['SPY'], 0, 1000);
    const again = await cached.dailyBars(['SPY', 'IBM'], 0, 2000);
    expect(inner.calls.dailyBars).toBe(2); // IBM only on the second call
    expect(again.get('SPY')).toHaveLength(1);
    await cached.dailyBars(['SPY'], 0, 86_400_000 + 5);
    expect(inner.calls.dailyBars).toBe(3); // a new day
    await cached.assets(['SPY']);
    now = 30_000;
    expect((await cached.assets(['SPY'])).get('SPY')?.tradable).toBe(true);
    expect(inner.calls.assets).toBe(1);
    now = 61_000;
    inner.failWith = new Error('down');
    await expect(cached.assets(['SPY'])).rejects.toThrow('down');
    inner.failWith = undefined;
    expect((await cached.assets(['SPY'])).size).toBe(1);
    expect(inner.calls.assets).toBe(3);
  });
});
