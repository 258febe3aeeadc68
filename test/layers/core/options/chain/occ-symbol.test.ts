import { ExactValueError } from '../../../../../layers/core/market/exact';
import { formatOccSymbol, parseOccSymbol } from '../../../../../layers/core/options';

describe('OCC option symbols', () => {
  it('parses the Alpaca (unpadded) form with an exact strike', () => {
    expect(parseOccSymbol('GOOG151224C00750000')).toEqual({ root: 'GOOG', expiry: '2015-12-24', right: 'call', strike: '750' });
    expect(parseOccSymbol('SPY230803P00452500')).toEqual({ root: 'SPY', expiry: '2023-08-03', right: 'put', strike: '452.5' });
    expect(parseOccSymbol('AAPL1140621C00092140').strike).toBe('92.14');
    expect(parseOccSymbol('F150117C00000500').strike).toBe('0.5');
  });

  it("parses the OCC's own space-padded form", () => {
    expect(parseOccSymbol('GOOG  151224C00750000')).toEqual(parseOccSymbol('GOOG151224C00750000'));
  });

  it('round-trips format ∘ parse for every strike shape', () => {
    for (const symbol of ['GOOG151224C00750000', 'SPY230803P00452500', 'TWX140621C00042500', 'X250117P00000125', 'BRKB260116C99999999']) {
      expect(formatOccSymbol(parseOccSymbol(symbol))).toBe(symbol);
    }
  });

  it('rejects malformed symbols and strikes that do not fit', () => {
    for (const bad of ['GOOG151224X00750000', 'GOOG1512C00750000', 'TOOLONGX151224C00750000', 'goog151224c00750000', 'GOOG151324C00750000']) {
      expect(() => parseOccSymbol(bad)).toThrow(ExactValueError);
    }
    expect(() => formatOccSymbol({ root: 'GOOG', expiry: '2015-12-24', right: 'call', strike: '750.0001' as never })).toThrow(/3 decimals/);
    expect(() => formatOccSymbol({ root: 'GOOG', expiry: '2015-12-24', right: 'call', strike: '100000' as never })).toThrow(/does not fit/);
  });
});
