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

  it('writes NaN as null and an unbounded profit factor as "Infinity"', () => {
    expect(discoveryJson({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 1 })).toBe('{"a":null,"b":"Infinity","c":1}');
  });
});
