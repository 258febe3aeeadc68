import { decodeParameters, latinHypercube, PARAMETER_SPACES, parameterKey, parameterSpaceOf, PORTFOLIO_PARAMETER_SPACES, portfolioWarmupBars, warmupBars } from '../../../../layers/core/discovery';
import { mulberry32 } from '../../../../layers/core/analytics';
import { buildPortfolioStrategy, buildStrategy, PORTFOLIO_STRATEGY_NAMES, STRATEGY_NAMES } from '../../../../layers/core/strategies';

describe('declared parameter spaces', () => {
  it('covers every catalogue strategy, with dimensions that are parameters of its defaults', () => {
    for (const name of STRATEGY_NAMES) {
      const space = PARAMETER_SPACES[name];
      expect(space.strategy).toBe(name);
      expect(space.dimensions.length).toBeGreaterThan(0);
      for (const d of space.dimensions) expect(d.min).toBeLessThan(d.max);
    }
  });

  it('is valid by each strategy’s own zod schema at every corner and at sampled points', () => {
    const random = mulberry32(1);
    for (const name of STRATEGY_NAMES) {
      const space = PARAMETER_SPACES[name];
      const dims = space.dimensions.length;
      const corners = Array.from({ length: 2 ** dims }, (_, c) => Float64Array.from({ length: dims }, (_, i) => ((c >> i) & 1 ? 1 : 0)));
      for (const unit of [...corners, ...latinHypercube(20, dims, random)]) {
        const params = decodeParameters(space, unit);
        expect(() => buildStrategy(name, params)).not.toThrow();
        for (const d of space.dimensions) {
          const v = params[d.name] as number;
          expect(v).toBeGreaterThanOrEqual(d.min);
          expect(v).toBeLessThanOrEqual(d.max);
          if (d.kind === 'int') expect(Number.isInteger(v)).toBe(true);
        }
      }
    }
  });

  it('keys parameter sets independently of property order, and warms up on the longest window', () => {
    expect(parameterKey({ b: 2, a: 1 })).toBe(parameterKey({ a: 1, b: 2 }));
    expect(warmupBars({ fast: 10, slow: 60 })).toBe(3 * 60 + 10);
  });

  it('declares a space for every portfolio strategy, valid by its zod schema at every corner and at sampled points', () => {
    const random = mulberry32(2);
    for (const name of PORTFOLIO_STRATEGY_NAMES) {
      const space = PORTFOLIO_PARAMETER_SPACES[name];
      expect(space.strategy).toBe(name);
      expect(parameterSpaceOf(name)).toBe(space);
      const dims = space.dimensions.length;
      const corners = Array.from({ length: 2 ** dims }, (_, c) => Float64Array.from({ length: dims }, (_, i) => ((c >> i) & 1 ? 1 : 0)));
      for (const unit of [...corners, ...latinHypercube(20, dims, random)]) {
        const params = decodeParameters(space, unit);
        expect(() => buildPortfolioStrategy(name, params)).not.toThrow();
      }
    }
    expect(parameterSpaceOf('rsi-reversion')).toBe(PARAMETER_SPACES['rsi-reversion']);
  });

  it('warms a portfolio strategy up on its own window (rotation: lookback + skip; pairs: formation)', () => {
    expect(portfolioWarmupBars('momentum-rotation', { lookback: 100, skip: 20, top: 2, threshold: 0 })).toBe(3 * 121 + 10);
    expect(portfolioWarmupBars('pairs', { formation: 60, entry: 2, exit: 0.5, stop: 4 })).toBe(3 * 61 + 10);
  });
});
