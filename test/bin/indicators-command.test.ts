import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIndicatorParams } from '../../bin/cli/indicators-command';
import { exitCodeFor } from '../../bin/cli/program';
import { runCli } from './support';

const csv = join(mkdtempSync(join(tmpdir(), 'tl-ind-')), 'daily.csv');
writeFileSync(
  csv,
  ['Date,Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,100', '2024-01-03,10.5,11.5,10,11,120', '2024-01-04,11,12,10.5,11.5,90', '2024-01-05,11.5,12,11,11.2,80'].join('\n'),
);

const run = runCli;

describe('tradeloop indicators', () => {
  it('prints the indicator over a plain daily CSV, null until stable', async () => {
    const { error, stdout } = await run(['indicators', '--input', csv, '--indicator', 'sma', '--params', 'period=2', '--json']);
    expect(error).toBeUndefined();
    const result = JSON.parse(stdout) as { rows: { date: string; value: number | null }[] };
    // Hand arithmetic: (10.5 + 11) / 2, (11 + 11.5) / 2, (11.5 + 11.2) / 2.
    expect(result.rows).toEqual([
      { date: '2024-01-02', value: null },
      { date: '2024-01-03', value: 10.75 },
      { date: '2024-01-04', value: 11.25 },
      { date: '2024-01-05', value: 11.35 },
    ]);
  });

  it('refuses bad parameters, unknown indicators and malformed files with exit code 2', async () => {
    expect(exitCodeFor((await run(['indicators', '--input', csv, '--indicator', 'sma', '--params', 'period=0'])).error)).toBe(2);
    expect(exitCodeFor((await run(['indicators', '--input', csv, '--indicator', 'nope'])).error)).toBe(2);
    const broken = join(mkdtempSync(join(tmpdir(), 'tl-ind-')), 'broken.csv');
    writeFileSync(broken, 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,9,11,10,100\n');
    const bad = await run(['indicators', '--input', broken, '--indicator', 'sma', '--params', 'period=2']);
    expect(exitCodeFor(bad.error)).toBe(2);
    expect(String(bad.error)).toMatch(/line 2/);
    expect(() => parseIndicatorParams('period')).toThrow(/key=value/);
    expect(parseIndicatorParams('period=14,k=2.5,allowShort=true')).toEqual({ period: 14, k: 2.5, allowShort: true });
  });

  it('lists every registered indicator', async () => {
    const { stdout } = await run(['indicators', '--list', '--json']);
    const names = (JSON.parse(stdout) as { name: string }[]).map((i) => i.name);
    expect(names.length).toBeGreaterThanOrEqual(20);
    expect(names).toEqual(expect.arrayContaining(['rsi', 'macd', 'bollinger', 'atr', 'adx', 'hurst']));
  });
});
