/**
 * The surface on a synthetic chain priced by BSM from a known smile σ(k) = 0.25 − 0.2·k (k = ln K/F): the mids'
 * IVs must give the smile back, and ATM IV, 25-delta risk reversal and butterfly must match the values solved
 * independently from the smile formula (a fixed point for the 25-delta strikes).
 */
import { nyseCalendar } from '../../../../../layers/core/market/calendar';
import { decimalFromNumber } from '../../../../../layers/core/market/history';
import { europeanGreeks, europeanPrice, expirySummaries, ivAtMoneyness, optionContract, smiles, surfacePoints, yearsToExpiry, type ChainEntry, type OptionChainSnapshot } from '../../../../../layers/core/options';

const calendar = nyseCalendar();
const asOf = Date.parse('2015-12-24T15:00:00Z'); // 10:00 New York
const S = 750;
const r = 0.01;
const q = 0;
const expiry = '2016-02-19';
const T = yearsToExpiry(expiry, asOf, calendar);
const F = S * Math.exp((r - q) * T);
const smile = (K: number): number => 0.25 - 0.2 * Math.log(K / F);

function snapshot(): OptionChainSnapshot {
  const entries: ChainEntry[] = [];
  for (let K = 600; K <= 900; K += 5) {
    for (const right of ['call', 'put'] as const) {
      const price = europeanPrice({ kind: right, S, K, T, r, q, sigma: smile(K) });
      // A zero-width quote at the model price (full double precision) isolates the surface logic from rounding.
      const level = { price: decimalFromNumber(price), size: decimalFromNumber(10) };
      entries.push({ contract: optionContract({ underlying: 'TEST', expiry, right, strike: decimalFromNumber(K), style: 'european' }), quote: { ts: asOf, bid: level, ask: level } });
    }
  }
  return { underlying: 'TEST', asOf, underlyingPrice: { price: decimalFromNumber(S), source: 'quote-mid', ts: asOf }, entries };
}

/** The strike whose BSM delta at σ(K) equals `target` (bisection on K; delta is monotone in K here). */
function strikeAtDelta(target: number, right: 'call' | 'put'): number {
  let lo = 400;
  let hi = 1400;
  for (let i = 0; i < 200; i += 1) {
    const mid = (lo + hi) / 2;
    const d = europeanGreeks({ kind: right, S, K: mid, T, r, q, sigma: smile(mid) }).delta;
    if (d > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('IV surface on a synthetic BSM chain', () => {
  const surface = surfacePoints(snapshot(), calendar, { r, q, model: 'european' });
  if (surface === undefined) throw new Error('no surface');

  it('recovers the smile from every mid (to 1e-9)', () => {
    for (const p of surface.points) {
      expect(p.ivMid?.ok).toBe(true);
      if (p.ivMid?.ok === true) expect(Math.abs(p.ivMid.value - smile(p.strike))).toBeLessThan(1e-9);
    }
  });

  it('reads ATM IV, 25-delta risk reversal and butterfly within the interpolation error of 5-point strikes', () => {
    const [summary] = expirySummaries(surface);
    const call25 = smile(strikeAtDelta(0.25, 'call'));
    const put25 = smile(strikeAtDelta(-0.25, 'put'));
    // ATM: σ is linear in k, so linear interpolation is exact.
    expect(summary?.atmIv).toBeCloseTo(0.25, 12);
    // Delta is not linear in K: between strikes 5 apart the interpolation error is well under 0.1 vol point.
    expect(Math.abs((summary?.call25Iv ?? 0) - call25)).toBeLessThan(1e-3);
    expect(Math.abs((summary?.put25Iv ?? 0) - put25)).toBeLessThan(1e-3);
    expect(Math.abs((summary?.riskReversal25 ?? 0) - (call25 - put25))).toBeLessThan(2e-3);
    expect(summary?.riskReversal25).toBeLessThan(0);
    expect(Math.abs((summary?.butterfly25 ?? 0) - ((call25 + put25) / 2 - 0.25))).toBeLessThan(1e-3);
    // Put-call parity holds in the synthetic chain: same IV for the call and the put at a strike.
    expect(Math.abs(summary?.putCallIvSpreadAtm?.spread ?? 1)).toBeLessThan(1e-9);
  });

  it('reads by spot moneyness, and never extrapolates', () => {
    const [s] = smiles(surface);
    if (s === undefined) throw new Error('no smile');
    expect(ivAtMoneyness(s, 0.9, S)).toBeCloseTo(smile(0.9 * S), 12);
    expect(ivAtMoneyness(s, 1.5, S)).toBeUndefined();
  });

  it('gives American IV = European IV for calls without dividends, and American ≤ European for puts', () => {
    const american = surfacePoints(snapshot(), calendar, { r, q, model: 'american-bs2002' });
    american?.points.forEach((p, i) => {
      const e = surface.points[i];
      if (p.ivMid?.ok !== true || e?.ivMid?.ok !== true) return;
      if (p.right === 'call') expect(Math.abs(p.ivMid.value - e.ivMid.value)).toBeLessThan(1e-9);
      else expect(p.ivMid.value).toBeLessThanOrEqual(e.ivMid.value + 1e-12);
    });
  });
});
