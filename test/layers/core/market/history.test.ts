import { decimalFromNumber, formatRfc3339Nanos, nanosToMillis, parseBarTimeframe, parseRfc3339Nanos } from '../../../../layers/core/market/history';

describe('historical market-data helpers', () => {
  it('parses RFC 3339 to exact epoch nanoseconds (offsets, short and absent fractions)', () => {
    expect(parseRfc3339Nanos('2022-01-03T09:00:00.086175744Z')).toBe(1641200400086175744n);
    expect(parseRfc3339Nanos('2022-01-03T04:00:00.5-05:00')).toBe(1641200400500000000n);
    expect(parseRfc3339Nanos('2022-01-03T09:00:00Z')).toBe(1641200400000000000n);
    expect(() => parseRfc3339Nanos('2022-01-03 09:00')).toThrow(/RFC 3339/);
    expect(nanosToMillis(1641200400086175744n)).toBe(1641200400086);
    expect(nanosToMillis(-1n)).toBe(-1); // floor, not truncation, before 1970
  });

  it('recovers the decimal a JSON number was written as', () => {
    expect(decimalFromNumber(178.26)).toBe('178.26');
    expect(decimalFromNumber(0.1 + 0.2)).toBe('0.30000000000000004'); // a computed double is not a price: kept as is, not rounded
    expect(decimalFromNumber(1e-7)).toBe('0.0000001');
    expect(decimalFromNumber(246)).toBe('246');
  });

  it('accepts the timeframes Alpaca accepts, canonically spelled', () => {
    expect(['1Min', '5T', '59Min', '1Hour', '23H', '1Day', '1D', '1Week', '6Month', '12M'].map(parseBarTimeframe)).toEqual(['1Min', '5Min', '59Min', '1Hour', '23Hour', '1Day', '1Day', '1Week', '6Month', '12Month']);
    expect(['0Min', '60Min', '24Hour', '2Day', '5Month', '1Year', 'min'].map(parseBarTimeframe)).toEqual(Array(7).fill(undefined));
  });
});

describe('formatRfc3339Nanos', () => {
  it('round-trips with parseRfc3339Nanos, before and after 1970', () => {
    for (const text of ['2022-01-03T09:00:00.086175744Z', '2013-10-07T13:30:59.999000000Z', '1969-12-31T23:59:59.999999999Z']) {
      expect(formatRfc3339Nanos(parseRfc3339Nanos(text))).toBe(text);
    }
  });
});
