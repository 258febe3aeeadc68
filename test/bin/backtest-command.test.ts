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
