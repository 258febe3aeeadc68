import { join } from 'node:path';
import { loadLeanMinuteData, readZipTextEntries } from '../../../../layers/adapters/files';

const dataDir = join(__dirname, '../../../../data');

describe('readZipTextEntries', () => {
  it('reads the CSV entry of a Lean zip', async () => {
    const entries = await readZipTextEntries(join(dataDir, 'lean/equity/usa/minute/spy/20131007_trade.zip'));
    expect(entries.map((e) => e.name)).toEqual(['20131007_spy_minute_trade.csv']);
    expect(entries[0]?.text.startsWith('14400000,1674100,1674100,1672500,1672700,3197\n')).toBe(true);
  });

  it('rejects a missing file', async () => {
    await expect(readZipTextEntries(join(dataDir, 'nope.zip'))).rejects.toThrow();
  });
});

describe('loadLeanMinuteData', () => {
  it('loads sorted minute bars and quote bars per symbol over a date range, skipping the weekend', async () => {
    const data = await loadLeanMinuteData(dataDir, ['IBM', 'spy'], '2013-10-04', '2013-10-08');
    expect(data.tradingDates).toEqual(['2013-10-04', '2013-10-07', '2013-10-08']);
    const ibm = data.trades.get('IBM') ?? [];
    // Row counts of the three IBM trade files (411 + 453 + 424 rows).
    expect(ibm).toHaveLength(411 + 453 + 424);
    expect(ibm.every((bar, i) => i === 0 || (ibm[i - 1]?.start ?? 0) < bar.start)).toBe(true);
    const open20131008 = ibm.find((bar) => bar.start === Date.UTC(2013, 9, 8, 13, 30));
    expect(open20131008).toEqual({ symbol: 'IBM', start: Date.UTC(2013, 9, 8, 13, 30), open: 181.89, high: 181.89, low: 181.63, close: 181.7, volume: 7978 });
    expect(ibm.at(-1)).toMatchObject({ start: Date.UTC(2013, 9, 8, 23, 23), close: 179.55, volume: 500 });
    expect(data.trades.get('SPY')).toHaveLength(711 + 828 + 828);
    const ibmQuotes = data.quotes.get('IBM') ?? [];
    expect(ibmQuotes.find((q) => q.start === Date.UTC(2013, 9, 8, 13, 30))?.ask?.open).toBe(182.57);
  });

  it('yields empty lists for a symbol without files', async () => {
    const data = await loadLeanMinuteData(dataDir, ['ZZZZ'], '2013-10-07', '2013-10-07');
    expect(data.trades.get('ZZZZ')).toEqual([]);
    expect(data.tradingDates).toEqual([]);
  });
});
