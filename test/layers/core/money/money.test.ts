import * as money from '../../../../layers/core/money';
import { DecimalString } from '../../../../layers/contracts';

describe('money', () => {
  it('adds without binary floating-point error', () => {
    expect(money.add('0.1', '0.2')).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3); // the reason this module exists
    expect(money.mul('187.25', '3')).toBe('561.75');
    expect(money.sub('100', '100.00')).toBe('0');
  });

  it('formats as contract DecimalStrings (no exponent, ≤ 9 places, no -0)', () => {
    for (const v of [money.mul('0.000000001', '1'), money.div('1', '3'), money.neg('0'), money.mul('1e12', '1')]) {
      expect(DecimalString.safeParse(v).success).toBe(true);
    }
    expect(money.div('1', '3')).toBe('0.333333333');
    expect(money.neg('0')).toBe('0');
    expect(money.mul('1e12', '1')).toBe('1000000000000');
  });

  it('rounds half-even and truncates toward zero', () => {
    expect(money.round('2.345', 2)).toBe('2.34');
    expect(money.round('2.355', 2)).toBe('2.36');
    expect(money.truncate('41.99')).toBe('41');
    expect(money.truncate('-41.99')).toBe('-41');
  });

  it('compares, measures basis points and rejects bad input', () => {
    expect(money.compare('10', '9.99')).toBe(1);
    expect(money.max('-1', '0')).toBe('0');
    expect(money.basisPoints('1.5', '100')).toBe('150');
    expect(() => money.div('1', '0')).toThrow(RangeError);
    expect(() => money.dec('abc')).toThrow();
    expect(money.fromNumber(187.123456, 4)).toBe('187.1235');
    expect(money.isNegative('-0.0')).toBe(false);
  });
});
