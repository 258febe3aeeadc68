import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../bin/cli/program';
import type { regimeSummary } from '../../bin/cli/regime-command';
import { mulberry32 } from '../../layers/core/analytics';
import { runCli } from './support';

type Summary = ReturnType<typeof regimeSummary>;

const run = runCli;

describe('tradeloop regime', () => {
  it('SPY 2010–2020 (shipped data, split-and-dividend adjusted): pinned regression of the 2-state model and the regimes', async () => {
    const { error, stdout } = await run(['regime', '--symbol', 'SPY', '--from', '2010-01-01', '--to', '2020-12-31', '--json']);
    expect(error).toBeUndefined();
    const s = JSON.parse(stdout) as Summary;
    expect(s.command).toBe('regime');
    expect(s.bars).toBe(2769);
    expect(s.model.id).toBe('hmm-k2-full-2010-01-04-2020-12-31-f014af1a');
    expect(s.model.logLikelihood).toBeCloseTo(8366.507, 3);
    // Computed by this implementation (not a target): a calm state (63.6 % of days, 9.5 % annualised vol,
    // +19.3 % annualised mean return) and a volatile one (36.4 %, 25.7 %, +6.6 %), both with a positive mean.
    const [calm, volatile] = s.states;
    expect(calm).toMatchObject({ state: 0, label: 'bull-quiet', days: 1748 });
    expect(volatile).toMatchObject({ state: 1, label: 'bull-volatile', days: 1000 });
    expect(calm?.annualisedVolatility).toBeCloseTo(0.0953, 4);
    expect(volatile?.annualisedVolatility).toBeCloseTo(0.2574, 4);
    expect(calm?.annualisedReturn).toBeCloseTo(0.1932, 4);
    expect(volatile?.annualisedReturn).toBeCloseTo(0.0662, 4);
    expect(calm?.expectedDurationDays).toBeCloseTo(80.1, 1);
    // The ensemble regimes (causal filter + rules, with hysteresis).
    expect(s.regimes.map((r) => [r.label, r.days])).toEqual([
      ['bull-quiet', 1511],
      ['bull-volatile', 908],
      ['bear-quiet', 4],
      ['bear-volatile', 325],
    ]);
    expect(s.changeCount).toBe(103);
    expect(s.changes.some((c) => c.date >= '2020-02-20' && c.date <= '2020-03-10' && c.to === 'bear-volatile')).toBe(true);
    expect(s.current).toMatchObject({ date: '2020-12-31', regime: 'bull-quiet' });
    expect(s.files.some((f) => f.endsWith('spy.zip'))).toBe(true);
  });

  it('reads a plain CSV with --data; the readable output lists states, regimes and the latest changes', async () => {
    // SYNTHETIC: 320 daily closes, calm then volatile.
    const random = mulberry32(3);
    const rows = ['Date,Open,High,Low,Close,Volume'];
    let close = 50;
    for (let i = 0; i < 320; i += 1) {
      const sd = i < 200 ? 0.006 : 0.03;
      close *= Math.exp(sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
      const date = new Date(Date.UTC(2019, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      rows.push(`${date},${close},${close},${close},${close},1000`);
    }
    const path = join(mkdtempSync(join(tmpdir(), 'tl-regime-')), 'x.csv');
    writeFileSync(path, `${rows.join('\n')}\n`);
    const json = await run(['regime', '--symbol', 'XYZ', '--data', path, '--from', '2019-01-01', '--to', '2020-12-31', '--restarts', '3', '--sma', '50', '--median-window', '60', '--json']);
    expect(json.error).toBeUndefined();
    const s = JSON.parse(json.stdout) as Summary;
    expect(s.bars).toBe(320);
    expect(s.files).toEqual([path]);
    expect(s.states[1]?.annualisedVolatility ?? 0).toBeGreaterThan(3 * (s.states[0]?.annualisedVolatility ?? 1));
    const text = await run(['regime', '--symbol', 'XYZ', '--data', path, '--from', '2019-01-01', '--to', '2020-12-31', '--restarts', '3', '--sma', '50', '--median-window', '60', '--changes', '2']);
    expect(text.error).toBeUndefined();
    expect(text.stdout).toMatch(/XYZ 2019-01-01\.\.2020-12-31: 320 daily bars/);
    expect(text.stdout).toMatch(/state label/);
    expect(text.stdout).toMatch(/current regime \(2019-11-16\)/);
  });

  it.each([
    [['regime', '--from', '2020-01-01', '--to', '2019-01-01'], /after/],
    [['regime', '--states', '0'], /integer/],
    [['regime', '--covariance', 'spherical'], /Allowed choices/],
    [['regime', '--symbol', 'NOPE'], /no daily data for NOPE/],
    [['regime', '--from', '2020-01-02', '--to', '2020-01-10'], /needs at least/],
  ])('bad arguments exit 2: %j', async (args, message) => {
    const { error } = await run(args);
    expect(exitCodeFor(error)).toBe(2);
    expect(String((error as Error).message)).toMatch(message);
  });
});
