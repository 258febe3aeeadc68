import { exitCodeFor } from '../../bin/cli/program';
import { runCli } from './support';

const run = runCli;

type Side = { symbol: string; bid: string | null; ask: string | null; mid: number | null; ivMid: number | null; delta: number | null; openInterest: number | null };
type ChainJson = {
  underlying: string;
  time: string;
  underlyingPrice: { price: string; source: string };
  termStructure: { expiry: string; atmIv?: number; riskReversal25?: number }[];
  expiries: { expiry: string; strikes: { strike: string; call: Side | null; put: Side | null }[] }[];
};

describe('tradeloop options chain', () => {
  it('prints the GOOG 2015-12-24 10:00 chain of one expiry as JSON: quotes, IV, delta, OI, term structure and skew', async () => {
    const { error, stdout } = await run(['options', 'chain', '--symbol', 'GOOG', '--date', '2015-12-24', '--time', '10:00', '--expiry', '2016-01-15', '--rate', '0.0025', '--json']);
    expect(error).toBeUndefined();
    const out = JSON.parse(stdout) as ChainJson;
    expect(out).toMatchObject({ underlying: 'GOOG', time: '10:00', underlyingPrice: { price: '747.09', source: 'quote-mid' } });
    expect(out.expiries.map((e) => e.expiry)).toEqual(['2016-01-15']);
    const row = out.expiries[0]?.strikes.find((s) => s.strike === '750');
    expect(row?.call).toMatchObject({ symbol: 'GOOG160115C00750000', bid: '12.3', ask: '12.9', mid: 12.6, openInterest: 889 });
    expect(row?.call?.ivMid).toBeGreaterThan(0.18);
    expect(row?.call?.ivMid).toBeLessThan(0.21);
    expect(row?.call?.delta).toBeGreaterThan(0.45);
    expect(row?.put?.delta).toBeLessThan(-0.45);
    expect(out.termStructure).toHaveLength(1);
    expect(Math.abs((out.termStructure[0]?.atmIv ?? 0) - 0.1919)).toBeLessThan(0.002);
    expect(out.termStructure[0]?.riskReversal25).toBeLessThan(0);
  }, 120_000);

  it('prints a table with the summary line in human mode', async () => {
    const { error, stdout } = await run(['options', 'chain', '--symbol', 'SPY', '--date', '2023-08-03', '--time', '15:00']);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/^SPY 2023-08-03 15:00 New York · underlying \d+\.\d+ \(quote-mid\)/);
    expect(stdout).toContain('term structure and skew');
  }, 60_000);

  it('answers bad arguments with exit code 2', async () => {
    for (const args of [
      ['options', 'chain', '--date', '2015-12-24'],
      ['options', 'chain', '--symbol', 'GOOG', '--date', '2015-12-25'],
      ['options', 'chain', '--symbol', 'GOOG', '--date', '2015-12-24', '--time', '10h'],
      ['options', 'chain', '--symbol', 'GOOG', '--date', '2015-12-24', '--model', 'heston'],
      ['options', 'chain', '--symbol', 'IBM', '--date', '2013-10-07'],
    ]) {
      const { error } = await run(args);
      expect(exitCodeFor(error)).toBe(2);
    }
  }, 60_000);
});
