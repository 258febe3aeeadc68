import {
  compareDecimal,
  ExactValueError,
  orderBookSnapshot,
  parseDecimal,
  parseLeanTickQuotes,
  parseLeanTickTrades,
  scaledIntegerToDecimal,
  LeanFormatError,
  type DecimalString,
} from '../../../../layers/core/market';

const d = (text: string): DecimalString => parseDecimal(text);

describe('DecimalString helpers', () => {
  it('canonicalises plain decimals', () => {
    expect(['0167.4100', '-0.0', '.5', '5.', '+3', '0.0001', '-12.340'].map(parseDecimal)).toEqual(['167.41', '0', '0.5', '5', '3', '0.0001', '-12.34']);
    for (const bad of ['', '.', '1e3', '1,000', 'NaN', 'Infinity', '0x10', '--1']) expect(() => parseDecimal(bad)).toThrow(ExactValueError);
  });

  it('converts scaled integers exactly (Lean deci-cents), where floats would not', () => {
    expect(scaledIntegerToDecimal('1674100', 4)).toBe('167.41');
    expect(scaledIntegerToDecimal('1', 4)).toBe('0.0001');
    expect(scaledIntegerToDecimal('-25', 4)).toBe('-0.0025');
    expect(scaledIntegerToDecimal('0', 4)).toBe('0');
    // 2^53 + 1 deci-cents: not representable as a double, exact as a string.
    expect(scaledIntegerToDecimal('9007199254740993', 4)).toBe('900719925474.0993');
    expect(() => scaledIntegerToDecimal('1.5', 4)).toThrow(ExactValueError);
  });

  it('compares exactly across scales', () => {
    expect(compareDecimal(d('0.1'), d('0.10'))).toBe(0);
    expect(compareDecimal(d('0.3'), d('0.29999999999999999999'))).toBe(1);
    expect(compareDecimal(d('-1.5'), d('-1.25'))).toBe(-1);
    expect(compareDecimal(d('100'), d('99.9999'))).toBe(1);
  });
});

describe('Lean tick parsers (rows copied from Lean IBM 2013-10-07 tick files)', () => {
  it('parses trades with exact prices and times (EDT: 04:00:30.270 New York = 08:00:30.270 UTC)', () => {
    const trades = parseLeanTickTrades('14430270,1815200,283,P,20002020,0\n14450472.5,1818000,500,P,2000,1\n', '20131007', 'ibm');
    expect(trades[0]).toEqual({
      symbol: 'IBM', ts: Date.UTC(2013, 9, 7, 8, 0, 30, 270), tsNs: BigInt(Date.UTC(2013, 9, 7, 8, 0, 30, 270)) * 1_000_000n,
      price: '181.52', size: '283', exchange: 'P', condition: '20002020', suspicious: false,
    });
    expect(trades[1]?.tsNs).toBe(BigInt(Date.UTC(2013, 9, 7, 8, 0, 50, 472)) * 1_000_000n + 500_000n);
    expect(trades[1]?.suspicious).toBe(true);
    expect(() => parseLeanTickTrades('1,2,3', '20131007', 'IBM')).toThrow(/line 1: expected 6/);
    expect(() => parseLeanTickTrades('1,18.5,3,P,0,0', '20131007', 'IBM')).toThrow(LeanFormatError);
  });

  it('parses one-sided quote updates (the 0,0 side is absent)', () => {
    const quotes = parseLeanTickQuotes('14400054,0,0,1836300,100,Q,1,0\n14400241,1800100,300,0,0,P,1,0\n', '20131007', 'IBM');
    expect(quotes[0]).toMatchObject({ ask: { price: '183.63', size: '100' }, exchange: 'Q' });
    expect(quotes[0]?.bid).toBeUndefined();
    expect(quotes[1]).toMatchObject({ bid: { price: '180.01', size: '300' }, exchange: 'P' });
    expect(quotes[1]?.ask).toBeUndefined();
  });
});

describe('orderBookSnapshot', () => {
  it('sorts levels best first, drops zero sizes, keeps exact strings (Binance-style pairs)', () => {
    const book = orderBookSnapshot('BTCUSDT', 1, [['61000.10', '0.5'], ['61000.2', '1.25000'], ['60999', '0']], [['61000.30', '2'], ['61001', '0.001']]);
    expect(book.bids).toEqual([{ price: '61000.2', size: '1.25' }, { price: '61000.1', size: '0.5' }]);
    expect(book.asks).toEqual([{ price: '61000.3', size: '2' }, { price: '61001', size: '0.001' }]);
  });

  it('rejects crossed books, duplicate prices and negative sizes', () => {
    expect(() => orderBookSnapshot('X', 1, [['10', '1']], [['10.0', '1']])).toThrow(/crossed book/);
    expect(() => orderBookSnapshot('X', 1, [['10', '1'], ['10.00', '2']], [])).toThrow(/duplicate bid price 10/);
    expect(() => orderBookSnapshot('X', 1, [['10', '-1']], [])).toThrow(/negative/);
    expect(() => orderBookSnapshot('X', 1, [['0', '1']], [])).toThrow(/not positive/);
  });
});
