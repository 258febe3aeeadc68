import { join } from 'node:path';
import { loadLeanDailyOptionQuotes, loadLeanOptionDay, loadLeanOptionUniverse } from '../../../../layers/adapters/files/lean-option-loader';
import { buildChainSnapshot, chainByExpiry, quoteMid } from '../../../../layers/core/options';

const dataDir = join(__dirname, '../../../../data');

describe('Lean option loader (shipped GOOG, TWX, SPY, AAPL files)', () => {
  it('loads the GOOG 2015-12-24 chain and snapshots it at 10:00 New York from the 09:59 bars only', async () => {
    const day = await loadLeanOptionDay(dataDir, 'goog', '2015-12-24');
    expect(day.contracts).toHaveLength(2192);
    expect(new Date(day.session.close).toISOString()).toBe('2015-12-24T18:00:00.000Z'); // early close 13:00
    const asOf = Date.parse('2015-12-24T15:00:00Z');
    const snapshot = buildChainSnapshot('GOOG', day.contracts, day.underlyingSeries, asOf, day.session.open);
    // Underlying: the 09:59 quote bar closes bid 746.67 / ask 747.51.
    expect(snapshot.underlyingPrice).toEqual({ price: '747.09', source: 'quote-mid', ts: asOf });
    const entry = snapshot.entries.find((e) => e.contract.symbol === 'GOOG160115C00750000');
    // 09:59 bar of that contract: bid close 12.30 (size 10), ask close 12.90 (size 26); one print at 09:53 (13.15 × 1); OI 889.
    expect(entry?.quote).toEqual({ ts: asOf, bid: { price: '12.3', size: '10' }, ask: { price: '12.9', size: '26' } });
    expect(quoteMid(entry?.quote)).toBe('12.6');
    expect(entry?.lastTrade).toEqual({ ts: Date.parse('2015-12-24T14:54:00Z'), price: '13.15', size: '1' });
    expect(entry?.volume).toBe(1);
    expect(entry?.openInterest).toBe(889);
    const slices = chainByExpiry(snapshot.entries);
    expect(slices.map((s) => s.expiry)).toEqual(['2015-12-24', '2015-12-31', '2016-01-08', '2016-01-15', '2016-01-22', '2016-01-29', '2016-02-05', '2016-02-19', '2016-03-18', '2016-06-17', '2017-01-20', '2018-01-19']);
  });

  it('falls back to the last trade when the underlying has no quote file (GOOG 2015-12-23)', async () => {
    const day = await loadLeanOptionDay(dataDir, 'GOOG', '2015-12-23');
    expect(day.contracts).toHaveLength(118);
    expect(day.underlyingSeries.quotes).toHaveLength(0);
    const snapshot = buildChainSnapshot('GOOG', day.contracts, day.underlyingSeries, Date.parse('2015-12-23T15:00:00Z'), day.session.open);
    expect(snapshot.underlyingPrice?.source).toBe('last-trade');
  });

  it('yields no contracts for an underlying without option files and rejects a non-trading date', async () => {
    expect((await loadLeanOptionDay(dataDir, 'IBM', '2013-10-07')).contracts).toHaveLength(0);
    await expect(loadLeanOptionDay(dataDir, 'GOOG', '2015-12-25')).rejects.toThrow(/not a NYSE trading session/);
  });

  it('loads universes and daily option quotes', async () => {
    const universe = await loadLeanOptionUniverse(dataDir, 'TWX', '2014-06-05');
    expect(universe?.contracts).toHaveLength(184);
    expect(await loadLeanOptionUniverse(dataDir, 'TWX', '2014-06-09')).toBeUndefined();
    const daily = await loadLeanDailyOptionQuotes(dataDir, 'AAPL', 2015);
    expect(daily.map((d) => d.contract.symbol)).toEqual(['AAPL160115C00100000']);
    expect(daily[0]?.quotes).toHaveLength(250);
    expect(daily[0]?.quotes[0]?.date).toBe('2015-01-02');
  });
});
