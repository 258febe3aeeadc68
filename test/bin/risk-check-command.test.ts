import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../bin/cli/program';
import { RISK_CHECK_DEFAULTS } from '../../bin/cli/risk-check-command';
import { PRE_TRADE_CHECKS } from '../../layers/core/risk';
import { runCli } from './support';

const dir = mkdtempSync(join(tmpdir(), 'tl-risk-check-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const run = runCli;

const NOW = Date.UTC(2024, 0, 2, 14, 35); // 09:35 New York on a trading day
const intent = {
  schema: 'OrderIntentV1',
  intentId: 'paper:s:SPY:1',
  accountId: 'paper',
  strategyId: 's',
  signalId: 's:SPY:1',
  symbol: 'SPY',
  side: 'buy',
  quantity: '10',
  orderType: 'market',
  timeInForce: 'day',
  referencePrice: '470',
  marketDataAt: NOW - 30_000,
  createdAt: NOW,
};
type Out = { command: string; approved: boolean; policyVersion: number; checks: { checkId: string; passed: boolean; measured?: string; limit?: string; reason: string }[]; failed: { checkId: string }[]; defaults: Record<string, string> };

describe('tradeloop risk check', () => {
  it('prints every check for an intent with the documented defaults and no running system', async () => {
    const { error, stdout } = await run(['risk', 'check', '--intent', file('intent.json', intent), '--json']);
    expect(error).toBeUndefined();
    const out = JSON.parse(stdout) as Out;
    expect(out).toMatchObject({ command: 'risk check', approved: true, policyVersion: 0, failed: [] });
    expect(out.checks.map((c) => c.checkId)).toEqual(PRE_TRADE_CHECKS.map((c) => c.checkId));
    expect(Object.keys(out.defaults).sort()).toEqual(Object.keys(RISK_CHECK_DEFAULTS).sort());
    expect(out.checks.find((c) => c.checkId === 'liquidity')?.reason).toMatch(/^not measured/);
  });

  it('judges a snapshot and a policy file, reporting each failed check with its value and limit', async () => {
    const snapshot = file('snapshot.json', {
      now: '2024-01-02T14:35:00Z',
      account: { equity: '20000', lastEquity: '22500', buyingPower: '40000' },
      positions: [{ symbol: 'QQQ', quantity: '10', marketValue: '4000' }],
      market: { stats: { SPY: { averageDailyVolume: 500, volatilityShort: 0.1, volatilityLong: 0.2 } }, assets: { SPY: { tradable: true, shortable: false, easyToBorrow: false } } },
    });
    const limits = file('limits.json', { version: 12, limits: { schema: 'RiskLimitsV1', maxOrderNotional: '25000', maxPositionNotional: '50000', maxOrderQuantity: '1000', priceCollarBps: 500, maxMarketDataAgeSeconds: 180, restrictedSymbols: [], maxDailyLoss: '2000', maxConcentrationPct: 0.2 } });
    const { stdout } = await run(['risk', 'check', '--intent', file('intent2.json', intent), '--snapshot', snapshot, '--limits', limits, '--json']);
    const out = JSON.parse(stdout) as Out;
    expect(out.approved).toBe(false);
    expect(out.policyVersion).toBe(12);
    expect(out.failed.map((f) => f.checkId).sort()).toEqual(['concentration', 'dailyLoss', 'liquidity']);
    expect(out.checks.find((c) => c.checkId === 'concentration')).toMatchObject({ measured: '0.235', limit: '0.2' });
    expect(out.checks.find((c) => c.checkId === 'dailyLoss')).toMatchObject({ measured: '2500', limit: '2000' });
    expect(out.defaults['limits']).toBeUndefined();
    expect(out.defaults['killSwitch']).toBeDefined();
  });

  it('prints a readable table without --json', async () => {
    const { stdout } = await run(['risk', 'check', '--intent', file('intent3.json', intent)]);
    expect(stdout).toMatch(/APPROVED, policy v0/);
    expect(stdout).toMatch(/PASS\s+killSwitch/);
  });

  it.each([
    ['no --intent', ['risk', 'check']],
    ['a missing file', ['risk', 'check', '--intent', join(dir, 'nope.json')]],
    ['not JSON', ['risk', 'check', '--intent', file('bad.json', '{nope')]],
    ['an invalid intent', ['risk', 'check', '--intent', file('bad-intent.json', { ...intent, quantity: '-1' })]],
    ['an invalid snapshot', ['risk', 'check', '--intent', file('i4.json', intent), '--snapshot', file('bad-snap.json', { account: { equity: 5 } })]],
    ['an invalid policy', ['risk', 'check', '--intent', file('i5.json', intent), '--limits', file('bad-limits.json', { schema: 'RiskLimitsV1' })]],
  ])('exits 2 on %s', async (_what, args) => {
    const { error } = await run(args);
    expect(exitCodeFor(error)).toBe(2);
  });
});
