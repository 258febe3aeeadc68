import { runOptionRows } from '../../../../layers/core/options';

describe('options batch API (per-row results, never a throw)', () => {
  it('validates each row on its own; the other rows still compute', () => {
    const results = runOptionRows('price', [
      { type: 'call', style: 'european', S: 100, K: 100, T: 1, r: 0.05, sigma: 0.2 },
      null,
      { type: 'call', style: 'european', S: 100, K: 100, T: 1, r: 0.05 },
      { type: 'call', style: 'european', model: 'black76', S: 100, K: 100, T: 1, r: 0.05, q: 0.02, sigma: 0.2 },
      { type: 'call', style: 'european', S: 100, K: 100, T: 1, r: 0.05, sigma: 0.2, dividends: [{ time: 0.5, amount: 1 }] },
      { type: 'call', style: 'european', S: 100, K: 100, T: 1, r: 0.05, sigma: 0.2, extra: 1 },
      { type: 'call', style: 'american', S: 100, K: 100, T: 1, r: 0.05, sigma: 0.2, dividends: [{ time: 0.5, amount: 1 }], steps: 101 },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false, false, false, true]);
    expect(results[2]).toMatchObject({ reason: 'price needs sigma' });
    expect(results[3]).toMatchObject({ reason: expect.stringMatching(/black76 takes no dividend yield/) });
    expect(results[4]).toMatchObject({ reason: expect.stringMatching(/american/) });
    expect(results[5]).toMatchObject({ reason: expect.stringMatching(/extra|Unrecognized/i) });
  });

  it('American Greeks by bump-and-revalue agree with the closed form where early exercise is worthless (call, no dividends)', () => {
    const [american] = runOptionRows('greeks', [{ type: 'call', style: 'american', pricer: 'bs2002', S: 100, K: 100, T: 1, r: 0.05, q: 0, sigma: 0.25 }]);
    const [european] = runOptionRows('greeks', [{ type: 'call', style: 'european', S: 100, K: 100, T: 1, r: 0.05, q: 0, sigma: 0.25 }]);
    if (!american?.ok || !('greeks' in american) || !european?.ok || !('greeks' in european)) throw new Error('expected greeks');
    for (const key of ['delta', 'gamma', 'vega', 'theta', 'rho'] as const) {
      expect(Math.abs(american.greeks[key] - european.greeks[key])).toBeLessThan(2e-3 * Math.abs(european.greeks[key]));
    }
  });

  it('futures options: American Black-76 rows price with carry b = 0, ≥ the European value', () => {
    const [amer, euro] = runOptionRows('price', [
      { type: 'put', style: 'american', model: 'black76', S: 100, K: 110, T: 1, r: 0.08, sigma: 0.3, pricer: 'bs2002' },
      { type: 'put', style: 'european', model: 'black76', S: 100, K: 110, T: 1, r: 0.08, sigma: 0.3 },
    ]);
    if (!amer?.ok || !('price' in amer) || !euro?.ok || !('price' in euro)) throw new Error('expected prices');
    expect(amer.price).toBeGreaterThan(euro.price);
  });
});
