import { CorrelatorConfigSchema, atmImpliedVolatility, ivRankFromHistory, withTodaysIv } from '../../../../../layers/core/options/correlator';
import { calendar, syntheticChain } from './synthetic-chain';

describe('correlator IV rank from the stored history', () => {
  it('reads the ATM IV of the expiry closest to the target DTE (flat-vol chain: the chain volatility)', () => {
    const config = CorrelatorConfigSchema.parse({ selection: { model: 'european' } });
    const atm = atmImpliedVolatility(syntheticChain({ sigma: 0.31 }), calendar, config.selection);
    expect(atm.iv).toBeCloseTo(0.31, 2);
  });

  it('is unknown until the history covers the window, then ranks today against it', () => {
    const short = [{ date: '2015-12-23', iv: 0.2 }, { date: '2015-12-24', iv: 0.25 }];
    expect(ivRankFromHistory(short, '2015-12-24', 52)).toEqual({ note: expect.stringMatching(/IV history 2 days since 2015-12-23; 52 weeks needed/) });
    const year = Array.from({ length: 260 }, (_, i) => ({ date: new Date(Date.UTC(2015, 0, 1) + i * 86_400_000 * 1.4).toISOString().slice(0, 10), iv: 0.2 + 0.1 * ((i % 10) / 9) }));
    const last = year[year.length - 1];
    const ranked = ivRankFromHistory(year, last?.date ?? '', 52);
    expect(ranked.rank).toBeCloseTo(1, 9); // i = 259 → 9/9: the window's high
  });

  it('replaces today\'s value and caps the series', () => {
    const s = withTodaysIv([{ date: '2024-01-02', iv: 0.2 }, { date: '2024-01-03', iv: 0.9 }], { date: '2024-01-03', iv: 0.3 });
    expect(s).toEqual([{ date: '2024-01-02', iv: 0.2 }, { date: '2024-01-03', iv: 0.3 }]);
    const many = Array.from({ length: 400 }, (_, i) => ({ date: `2020-${String(1 + Math.floor(i / 28) % 12).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, iv: 0.2 }));
    expect(withTodaysIv(many, { date: '2030-01-01', iv: 0.2 }).length).toBeLessThanOrEqual(300);
  });
});
