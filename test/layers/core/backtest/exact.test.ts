import { mulberry32 } from '../../../../layers/core/analytics';
import { Account } from '../../../../layers/core/backtest/account';
import { decimalText, exactFromFloat } from '../../../../layers/core/backtest/exact';
import * as money from '../../../../layers/core/money';

/**
 * The engine's fast paths must give exactly what the slow exact paths give: prices made from floats, decimal text,
 * and the float equity mark (compared with the exact equity rounded once to a double).
 */
describe('exactFromFloat = money.dec(money.fromNumber(x, places))', () => {
  it('on ties, near-ties, large and tiny values and 20 000 random prices', () => {
    const random = mulberry32(11);
    const xs = [0, -0, 1.00005, 2.675, 0.00005, 0.00015, 105.12, 1e-9, 123456.78905, 429496.7295, 5e9, -3.14159, 1 / 3, 99999.99995];
    for (let i = 0; i < 20_000; i += 1) xs.push(Math.exp(random() * 16 - 4) * (random() < 0.1 ? -1 : 1));
    const mismatches: string[] = [];
    for (const places of [0, 2, 4, 6]) {
      for (const x of xs) {
        const fast = exactFromFloat(x, places).toString();
        const slow = money.dec(money.fromNumber(x, places)).toString();
        if (fast !== slow) mismatches.push(`${x} @${places}: ${fast} ≠ ${slow}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('decimalText = money.toDecimalString', () => {
  it('on integers, fractions, negatives, zero and values with more than 9 places', () => {
    for (const s of ['0', '-0', '10', '-10.5', '0.000000001', '0.0000000001', '123.4567890125', '1e21', '-7.10', '100.000']) {
      const d = money.dec(s);
      expect(decimalText(d)).toBe(money.toDecimalString(d));
    }
  });
});

describe('Account.equityFloat = Number(exact equity)', () => {
  it('over random cash, positions, closes and multipliers', () => {
    const random = mulberry32(5);
    const mismatches: string[] = [];
    for (let trial = 0; trial < 3000; trial += 1) {
      const n = 1 + Math.floor(random() * 3);
      const places = random() < 0.8 ? 4 : 2;
      const multipliers = Array.from({ length: n }, () => money.dec(random() < 0.8 ? '1' : '100'));
      const cashText = (random() * 2e6 - 5e5).toFixed(Math.floor(random() * 12));
      const account = new Account(['A', 'B', 'C'].slice(0, n), money.dec(cashText), places, multipliers);
      for (let i = 0; i < n; i += 1) {
        const units = random() < 0.15 ? (random() * 100).toFixed(3) : String(Math.floor(random() * 20_000) - 10_000);
        if (units !== '0') account.setPosition(i, { quantity: money.dec(units), averagePrice: money.dec('10') });
        account.lastClose[i] = random() < 0.05 ? 2.675 : Math.exp(random() * 10);
      }
      if (account.equityFloat() !== account.equity().toNumber()) mismatches.push(`trial ${trial}: ${account.equityFloat()} ≠ ${account.equity().toString()}`);
    }
    expect(mismatches).toEqual([]);
  });
});
