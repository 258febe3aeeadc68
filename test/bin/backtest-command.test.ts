import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../bin/cli/program';
import { runCli } from './support';

const run = runCli;

const SPY_CASE = ['backtest', '--strategy', 'price-cross-sma', '--params', 'period=20', '--symbols', 'SPY', '--from', '2010-01-01', '--to', '2020-12-31', '--adjust', 'raw', '--json'];

describe('tradeloop backtest', () => {
  it('gives the same fills and final equity with both engines (the pinned SPY regression case)', async () => {
    const event = await run(SPY_CASE);
    const vector = await run([...SPY_CASE, '--engine', 'vector']);
    expect(event.error).toBeUndefined();
    expect(vector.error).toBeUndefined();
    const e = JSON.parse(event.stdout) as { orders: number; fills: number; finalEquity: string };
    const v = JSON.parse(vector.stdout) as { fills: number; finalEquity: number };
    expect(e).toMatchObject({ orders: 323, fills: 323, finalEquity: '114295' });
    expect(v.fills).toBe(e.fills);
    expect(v.finalEquity).toBeCloseTo(Number(e.finalEquity), 6);
  });

  it('writes a self-contained HTML report with the run provenance', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tl-report-')), 'report.html');
    const { error } = await run(['backtest', '--strategy', 'sma-crossover', '--params', 'fast=10,slow=30', '--commission', '1', '--report', path, '--json']);
    expect(error).toBeUndefined();
    const html = readFileSync(path, 'utf8');
    expect(html).toMatch(/Monthly returns/);
    expect(html).toMatch(/spy\.zip/);
    expect(html).toMatch(/[0-9a-f]{64}/); // data file hashes
  });

  it('runs several symbols on one cash balance and charts each in the report', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tl-report-')), 'multi.html');
    const multi = await run(['backtest', '--strategy', 'donchian-breakout', '--symbols', 'SPY,IBM', '--from', '2015-01-01', '--to', '2016-12-31', '--slippage-bps', '5', '--report', path, '--json']);
    expect(multi.error).toBeUndefined();
    const summary = JSON.parse(multi.stdout) as { symbols: string[]; params: Record<string, number>; orders: number; bars: number };
    expect(summary.symbols).toEqual(['SPY', 'IBM']);
    expect(summary.params).toEqual({ entry: 20, exit: 10 });
    expect(summary.bars).toBe(2 * 504); // 252 sessions a year in 2015 and 2016, for each symbol
    expect(summary.orders).toBeGreaterThan(0);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('id="price-chart-0"');
    expect(html).toContain('id="price-chart-1"');
    expect(html).toMatch(/ibm\.zip/);
  });

  it('refuses what the vectorised engine cannot run, with exit code 2', async () => {
    expect(exitCodeFor((await run(['backtest', '--strategy', 'rsi-reversion', '--engine', 'vector'])).error)).toBe(2);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'price-cross-sma', '--symbols', 'SPY,IBM', '--engine', 'vector'])).error)).toBe(2);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'rsi-reversion', '--params', 'entry=70,exit=40'])).error)).toBe(2);
  });

  it('refuses bad parameters and impossible ranges with exit code 2', async () => {
    expect(exitCodeFor((await run(['backtest', '--strategy', 'sma-crossover', '--params', 'fast=30,slow=10'])).error)).toBe(2);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'price-cross-sma', '--from', '2020-01-01', '--to', '2019-01-01'])).error)).toBe(2);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'momentum'])).error)).toBe(2);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'price-cross-sma', '--symbols', 'ZZZZ'])).error)).toBe(2);
  });
});

describe('tradeloop backtest with portfolio strategies', () => {
  it('runs momentum rotation across symbols on one cash balance, with the rebalance count and a report', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tl-report-')), 'rotation.html');
    const r = await run([
      'backtest', '--strategy', 'momentum-rotation', '--params', 'lookback=63,skip=5,top=2', '--symbols', 'SPY,AAPL,IBM',
      '--from', '2015-01-01', '--to', '2016-12-31', '--report', path, '--json',
    ]);
    expect(r.error).toBeUndefined();
    const summary = JSON.parse(r.stdout) as { strategy: string; params: Record<string, unknown>; orders: number; rebalances: number; bars: number };
    expect(summary.strategy).toBe('momentum-rotation');
    expect(summary.params).toMatchObject({ lookback: 63, skip: 5, top: 2, absoluteMomentum: true });
    expect(summary.bars).toBe(3 * 504);
    // 63 + 5 + 1 = 69 closes are needed (mid-April 2015); then one rebalance on the first session of each month,
    // May 2015 .. December 2016.
    expect(summary.rebalances).toBe(20);
    expect(summary.orders).toBeGreaterThan(0);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('id="price-chart-2"');
    expect(html).toMatch(/investedFraction/);
  });

  it('runs pairs on GOOG,GOOGL with dollar-neutral legs, and refuses it without shorting or with a third symbol', async () => {
    const r = await run(['backtest', '--strategy', 'pairs', '--params', 'formation=60', '--symbols', 'GOOG,GOOGL', '--from', '2015-01-01', '--to', '2016-12-31', '--allow-short', '--json']);
    expect(r.error).toBeUndefined();
    const summary = JSON.parse(r.stdout) as { orders: number; trades: number; rebalances: number };
    expect(summary.rebalances).toBeGreaterThan(2);
    // Every rebalance moves both legs.
    expect(summary.orders).toBe(2 * summary.rebalances);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'pairs', '--symbols', 'GOOG,GOOGL'])).error)).toBe(2);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'pairs', '--symbols', 'GOOG,GOOGL,SPY', '--allow-short'])).error)).toBe(2);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'pairs', '--symbols', 'GOOG,GOOGL', '--allow-short', '--engine', 'vector'])).error)).toBe(2);
    expect(exitCodeFor((await run(['backtest', '--strategy', 'pairs', '--symbols', 'GOOG,GOOGL', '--allow-short', '--params', 'entry=3,stop=2'])).error)).toBe(2);
  });
});
