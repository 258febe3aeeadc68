/** Sizing rules against hand arithmetic. */
import { fixedFractionalSize, fractionalKelly, volatilityTargetWeight } from '../../../../layers/core/allocation';

describe('fixed fractional', () => {
  it('risks 1 % of $100 000 between $50 and $48 → 500 shares ($1 000 at risk), rounded down to the lot', () => {
    expect(fixedFractionalSize({ equity: 100_000, riskFraction: 0.01, entryPrice: 50, stopPrice: 48 })).toEqual({ quantity: 500, riskAmount: 1000, notional: 25_000, limitedBy: 'risk' });
    expect(fixedFractionalSize({ equity: 100_000, riskFraction: 0.01, entryPrice: 50, stopPrice: 47 }).quantity).toBe(333);
    expect(fixedFractionalSize({ equity: 100_000, riskFraction: 0.01, entryPrice: 50, stopPrice: 47, lotSize: 100 }).quantity).toBe(300);
    // A short: stop above entry.
    expect(fixedFractionalSize({ equity: 100_000, riskFraction: 0.01, entryPrice: 50, stopPrice: 52 }).quantity).toBe(500);
  });

  it('a notional cap binds first when tighter; bad inputs throw', () => {
    const s = fixedFractionalSize({ equity: 100_000, riskFraction: 0.02, entryPrice: 50, stopPrice: 49.5, maxNotional: 20_000 });
    expect(s).toEqual({ quantity: 400, riskAmount: 200, notional: 20_000, limitedBy: 'max-notional' });
    expect(() => fixedFractionalSize({ equity: 100_000, riskFraction: 0.01, entryPrice: 50, stopPrice: 50 })).toThrow(RangeError);
    expect(() => fixedFractionalSize({ equity: -1, riskFraction: 0.01, entryPrice: 50, stopPrice: 49 })).toThrow(RangeError);
  });
});

describe('volatility targeting', () => {
  it('10 % target on a 20 % vol asset → 0.5; on 5 % vol → 2 capped at the leverage limit', () => {
    expect(volatilityTargetWeight({ targetVolatility: 0.1, forecastVolatility: 0.2 })).toBeCloseTo(0.5, 15);
    expect(volatilityTargetWeight({ targetVolatility: 0.1, forecastVolatility: 0.05 })).toBe(1);
    expect(volatilityTargetWeight({ targetVolatility: 0.1, forecastVolatility: 0.05, maxLeverage: 3 })).toBeCloseTo(2, 15);
    expect(volatilityTargetWeight({ targetVolatility: 0.1, forecastVolatility: 0, maxLeverage: 1.5 })).toBe(1.5);
  });
});

describe('fractional Kelly', () => {
  it('binary edge: p = 0.6, b = 1 → f* = 0.2, half Kelly 0.1; p = 0.5, b = 2 → f* = 0.25', () => {
    const k = fractionalKelly({ kind: 'binary', winProbability: 0.6, payoffRatio: 1 });
    expect(k.fullKelly).toBeCloseTo(0.2, 15);
    expect(k.fraction).toBeCloseTo(0.1, 15);
    expect(k.capped).toBe(false);
    expect(fractionalKelly({ kind: 'binary', winProbability: 0.5, payoffRatio: 2 }, { fraction: 1 }).fraction).toBeCloseTo(0.25, 15);
  });

  it('returns edge: μ = 0.05 %, σ = 1 %/day → f* = 5 (leverage), half Kelly 2.5 capped at 1', () => {
    const k = fractionalKelly({ kind: 'returns', mean: 0.0005, sd: 0.01 });
    expect(k.fullKelly).toBeCloseTo(5, 12);
    expect(k.fraction).toBe(1);
    expect(k.capped).toBe(true);
    expect(fractionalKelly({ kind: 'returns', mean: 0.0005, sd: 0.01 }, { maxFraction: 3 }).fraction).toBeCloseTo(2.5, 12);
  });

  it('the standard-error haircut shrinks the edge: 2 s.e. of 250 obs = 2·0.01/√250 ≈ 0.00126 > 0.0005 → no bet', () => {
    const k = fractionalKelly({ kind: 'returns', mean: 0.0005, sd: 0.01, observations: 250 }, { haircutStdErrors: 2 });
    expect(k.edgeUsed).toBe(0);
    expect(k.fraction).toBe(0);
    const big = fractionalKelly({ kind: 'returns', mean: 0.0005, sd: 0.01, observations: 10_000 }, { haircutStdErrors: 2, maxFraction: 10 });
    expect(big.edgeUsed).toBeCloseTo(0.0005 - 0.0002, 15);
    expect(big.fraction).toBeCloseTo(0.5 * 0.0003 / 0.0001, 12);
  });

  it('a negative edge is no bet long-only, a capped short when shorting is allowed', () => {
    expect(fractionalKelly({ kind: 'binary', winProbability: 0.4, payoffRatio: 1 }).fraction).toBe(0);
    expect(fractionalKelly({ kind: 'returns', mean: -0.001, sd: 0.01 }, { allowShort: true, maxFraction: 2 }).fraction).toBe(-2);
    expect(() => fractionalKelly({ kind: 'binary', winProbability: 1.2, payoffRatio: 1 })).toThrow(RangeError);
  });
});
