import { exitCodeFor } from '../../bin/cli/program';
import type { ProtectionOutcome } from '../../layers/core/options/protection';
import { runCli } from './support';

type ProtectJson = ProtectionOutcome & { underlying: string; asOf: string; underlyingPrice: { price: string } | null };

describe('tradeloop options protect', () => {
  it('proposes a collar on the shipped GOOG 2015-12-24 chain; the figures follow from its legs by hand', async () => {
    const { error, stdout } = await runCli(['options', 'protect', '--symbol', 'GOOG', '--shares', '350', '--at', '2015-12-24T10:00:00-05:00', '--cost', '700', '--collar', '--json']);
    expect(error).toBeUndefined();
    const out = JSON.parse(stdout) as ProtectJson;
    if (out.kind !== 'proposed') throw new Error(`expected a proposal: ${out.reason}`);
    const p = out.proposal;
    expect(out.asOf).toBe('2015-12-24T15:00:00.000Z');
    expect(p).toMatchObject({ structure: 'collar', contracts: 3, coveredShares: 300, uncoveredShares: 50 });
    expect(p.daysToExpiry).toBeGreaterThanOrEqual(30);
    expect(p.daysToExpiry).toBeLessThanOrEqual(120);
    const [put, call] = p.legs;
    expect(put).toMatchObject({ right: 'put', side: 'buy', contracts: 3 });
    expect(call).toMatchObject({ right: 'call', side: 'sell', contracts: 3 });
    expect(Math.abs(Math.abs(put?.delta ?? 0) - 0.25)).toBeLessThanOrEqual(0.1);
    // Net per share = put ask − call bid; max loss = (cost − floor + net) × 300; max profit = (cap − cost − net) × 300.
    const net = Number(put?.ask) - Number(call?.bid);
    expect(Number(p.netPremiumPerShare)).toBeCloseTo(net, 9);
    expect(p.floor).toBe(put?.strike);
    expect(p.cap).toBe(call?.strike);
    expect(Number(p.maxLoss)).toBeCloseTo((700 - Number(put?.strike) + net) * 300, 6);
    expect(Number(p.maxProfit)).toBeCloseTo((Number(call?.strike) - 700 - net) * 300, 6);
    expect(Number(p.breakeven)).toBeCloseTo(700 + net, 9);
  });

  it('says "none" with the reason when the premium budget cannot buy the put', async () => {
    const { error, stdout } = await runCli(['options', 'protect', '--symbol', 'GOOG', '--shares', '300', '--at', '2015-12-24T10:00:00-05:00', '--max-premium-pct', '0.001']);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/no protective-put: no protective-put within the configuration/);
    expect(stdout).toMatch(/over the budget/);
  });

  it('rejects bad arguments with exit code 2', async () => {
    for (const args of [
      ['--symbol', 'GOOG', '--shares', '300'],
      ['--symbol', 'GOOG', '--shares', '-5', '--at', '2015-12-24T10:00:00-05:00'],
      ['--symbol', 'GOOG', '--shares', '300', '--at', '2015-12-24'],
      ['--symbol', 'GOOG', '--shares', '300', '--at', '2015-12-25T10:00:00-05:00'],
      ['--symbol', 'GOOG', '--shares', '300', '--at', '2015-12-24T10:00:00-05:00', '--put-delta', '0.3', '--floor-pct', '0.05'],
      ['--symbol', 'IBM', '--shares', '300', '--at', '2015-12-24T10:00:00-05:00'],
    ]) {
      const { error } = await runCli(['options', 'protect', ...args]);
      expect(exitCodeFor(error)).toBe(2);
    }
  });
});
