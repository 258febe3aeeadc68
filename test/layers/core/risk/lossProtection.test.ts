import { DEFAULT_RISK_LIMITS } from '../../../../layers/contracts';
import { deRiskingMultiplier, evaluateLossProtection } from '../../../../layers/core/risk';

const band = { startPct: 0.05, fullPct: 0.15, floorMultiplier: 0.25 };
const limits = { version: 4, limits: DEFAULT_RISK_LIMITS, changedBy: 'ops', reason: 'r', changedAt: 0 };
const released = { engaged: false, reason: 'never', actor: 'system', changedAt: 0 };

describe('deRiskingMultiplier', () => {
  it('is 1 up to the start, linear to the floor at full, the floor beyond (hand arithmetic)', () => {
    expect(deRiskingMultiplier(0, band)).toBe('1');
    expect(deRiskingMultiplier(0.05, band)).toBe('1');
    expect(deRiskingMultiplier(0.075, band)).toBe('0.8125'); // 1 − 0.25 × 0.75
    expect(deRiskingMultiplier(0.1, band)).toBe('0.625');
    expect(deRiskingMultiplier(0.15, band)).toBe('0.25');
    expect(deRiskingMultiplier(0.9, band)).toBe('0.25');
    expect(deRiskingMultiplier(0.1, { startPct: 0, fullPct: 0.3, floorMultiplier: 0 })).toBe('0.6666'); // rounded down
  });

  it('never increases with drawdown', () => {
    let previous = 1;
    for (let d = 0; d <= 0.3; d += 0.001) {
      const m = Number(deRiskingMultiplier(d, band));
      expect(m).toBeLessThanOrEqual(previous);
      previous = m;
    }
  });
});

describe('evaluateLossProtection', () => {
  const base = { now: 1000, sessionDate: '2024-01-02', limits, killSwitch: released };

  it('keeps the peak, measures drawdown and engages on a breach once', () => {
    const first = evaluateLossProtection({ ...base, account: { equity: '100000', lastEquity: '100000' } });
    expect(first).toMatchObject({ state: { equityPeak: '100000', drawdown: '0', exposureMultiplier: '1', autoEngaged: [] }, drawdown: { breached: false } });
    expect(first.engage).toBeUndefined();
    const loss = evaluateLossProtection({ ...base, now: 2000, account: { equity: '97000', lastEquity: '100000' }, prior: first.state });
    expect(loss.engage?.reason).toBe('auto: daily loss 3000 > limit 2000 (policy v4)');
    expect(loss.engage?.key).toBe('daily-loss:2024-01-02');
    expect(loss.state).toMatchObject({ equityPeak: '100000', peakAt: 1000, drawdown: '0.03', autoEngaged: ['daily-loss:2024-01-02'] });
    // already handled: no second engagement for the same session, even when released
    expect(evaluateLossProtection({ ...base, now: 3000, account: { equity: '96000', lastEquity: '100000' }, prior: loss.state }).engage).toBeUndefined();
    // an engaged switch is left alone (not re-engaged, not released)
    expect(evaluateLossProtection({ ...base, killSwitch: { ...released, engaged: true }, account: { equity: '90000', lastEquity: '100000' } }).engage).toBeUndefined();
  });

  it('reports both breaches in one reason', () => {
    const both = evaluateLossProtection({ ...base, account: { equity: '70000', lastEquity: '80000' }, prior: { equityPeak: '100000', peakAt: 5, drawdown: '0', exposureMultiplier: '1', policyVersion: 4, updatedAt: 5, autoEngaged: [] } });
    expect(both.engage?.key).toBe('daily-loss:2024-01-02+drawdown:5');
    expect(both.engage?.reason).toMatch(/daily loss 10000 > limit 2000.*; auto: drawdown 30 % from peak 100000 > limit 20 %/);
    expect(both.state.autoEngaged).toEqual(['daily-loss:2024-01-02', 'drawdown:5']);
  });
});
