import { exitCodeFor } from '../../bin/cli/program';
import { discoveryJson, parseFamilies } from '../../bin/cli/discover-command';
import { runCli } from './support';

const run = runCli;

interface DiscoverJson {
  command: string;
  provenance: { codeVersion: string; dataFiles: { path: string; sha256: string }[]; seed: number; config: { families: string[]; budget: number } };
  trials: number;
  pbo: { value: number | null };
  finalists: {
    family: string;
    params: Record<string, number>;
    outOfSample: { sample: string; sharpe: number; maxDrawdown: number; bars: number };
    deflatedSharpe: number | null;
    pbo: number | null;
    gates: { passed: boolean; results: { gate: string; pass: boolean }[] };
  }[];
  promoted: number;
}

// Small on purpose (Jest runs numeric loops ~10× slower than node): two years of real SPY daily bars.
const CASE = ['discover', '--families', 'donchian-breakout,rsi-reversion', '--symbols', 'SPY', '--from', '2015-01-01', '--to', '2016-12-31', '--budget', '3', '--seed', '9', '--warmup', '100', '--test-length', '100', '--holdout', '0.1', '--json'];

describe('tradeloop discover', () => {
  it('lists every finalist with out-of-sample metrics, deflated Sharpe, PBO and gate verdicts, the promoted count and provenance; same seed, same answer', async () => {
    const a = await run(CASE);
    expect(a.error).toBeUndefined();
    expect(a.stderr).toBe(''); // no progress bar off a terminal
    const json = JSON.parse(a.stdout) as DiscoverJson;
    expect(json.command).toBe('discover');
    expect(json.trials).toBe(6);
    expect(json.provenance.seed).toBe(9);
    expect(json.provenance.config).toMatchObject({ families: ['donchian-breakout', 'rsi-reversion'], budget: 3 });
    expect(json.provenance.codeVersion.length).toBeGreaterThan(0);
    expect(json.provenance.dataFiles[0]?.path).toMatch(/spy\.zip$/);
    expect(json.provenance.dataFiles[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.finalists.length).toBeGreaterThan(0);
    for (const f of json.finalists) {
      expect(f.outOfSample.sample).toBe('out-of-sample');
      expect(f.gates.results.map((g) => g.gate)).toEqual(expect.arrayContaining(['deflatedSharpe', 'pbo', 'sharpe', 'maxDrawdown']));
    }
    expect(json.promoted).toBe(json.finalists.filter((f) => f.gates.passed).length);

    const b = await run(CASE);
    const strip = (s: string) => {
      const { seconds: _s, provenance: _p, ...rest } = JSON.parse(s) as Record<string, unknown>;
      return rest;
    };
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
  });

  it('refuses unknown families and several symbols with exit code 2', async () => {
    const bad = await run(['discover', '--families', 'donchian-breakout,nope', '--budget', '2']);
    expect(exitCodeFor(bad.error)).toBe(2);
    const many = await run(['discover', '--families', 'donchian-breakout', '--symbols', 'SPY,IBM', '--budget', '2']);
    expect(exitCodeFor(many.error)).toBe(2);
    expect(() => parseFamilies('rsi-reversion,rsi-reversion')).toThrow(/twice/);
  });

  it('searches portfolio families on the whole --symbols list as one universe (pairs on GOOG,GOOGL), with both files in the provenance', async () => {
    const r = await run(['discover', '--families', 'pairs', '--symbols', 'GOOG,GOOGL', '--from', '2015-01-01', '--to', '2016-12-31', '--budget', '3', '--seed', '9', '--warmup', '100', '--test-length', '100', '--holdout', '0.1', '--json']);
    expect(r.error).toBeUndefined();
    const json = JSON.parse(r.stdout) as DiscoverJson & { symbol: string };
    expect(json.symbol).toBe('GOOG,GOOGL');
    expect(json.trials).toBe(3);
    expect(json.provenance.dataFiles.map((f) => f.path)).toEqual(expect.arrayContaining([expect.stringMatching(/goog\.zip$/), expect.stringMatching(/googl\.zip$/)]));
    expect(json.finalists.every((f) => f.family === 'pairs' && f.outOfSample.sample === 'out-of-sample')).toBe(true);
    // A per-symbol family beside it on two symbols, and pairs on three, are usage errors.
    expect(exitCodeFor((await run(['discover', '--families', 'pairs,donchian-breakout', '--symbols', 'GOOG,GOOGL', '--budget', '2'])).error)).toBe(2);
    expect(exitCodeFor((await run(['discover', '--families', 'pairs', '--symbols', 'GOOG,GOOGL,SPY', '--budget', '2'])).error)).toBe(2);
  });

  it('writes NaN as null and an unbounded profit factor as "Infinity"', () => {
    expect(discoveryJson({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 1 })).toBe('{"a":null,"b":"Infinity","c":1}');
  });
});
