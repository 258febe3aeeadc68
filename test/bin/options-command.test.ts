import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../bin/cli/program';
import { runCli } from './support';

const dir = mkdtempSync(join(tmpdir(), 'tl-opt-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const run = runCli;

type Json = { results: ({ row: number; ok: true; price?: number; sigma?: number; greeks?: Record<string, number> } | { row: number; ok: false; reason: string })[]; units: Record<string, string> };

const rows = file(
  'rows.json',
  JSON.stringify([
    { type: 'call', style: 'european', S: 42, K: 40, T: 0.5, r: 0.1, sigma: 0.2 }, // Hull Example 15.6: 4.76
    { type: 'put', style: 'european', model: 'black76', S: 19, K: 19, T: 0.75, r: 0.1, sigma: 0.28 }, // Haug: 1.7011
    { type: 'put', style: 'american', S: 50, K: 50, T: 5 / 12, r: 0.1, sigma: 0.4, steps: 5, pricer: 'tree' }, // Hull 21.1 (LR, 5 steps)
    { type: 'call', style: 'european', S: -1, K: 40, T: 0.5, r: 0.1, sigma: 0.2 }, // bad row
    { type: 'straddle', style: 'european', S: 42, K: 40, T: 0.5, r: 0.1, sigma: 0.2 }, // bad row
    { type: 'put', style: 'american', S: 100, K: 100, T: 1, r: 0.05, q: 0.01, sigma: 0.3, pricer: 'bs2002' },
  ]),
);

describe('tradeloop options', () => {
  it('price: per-row results, bad rows get a reason and the others still compute', async () => {
    const { error, stdout } = await run(['options', 'price', '--input', rows, '--json']);
    expect(error).toBeUndefined();
    const out = JSON.parse(stdout) as Json;
    expect(out.results).toHaveLength(6);
    const [hull, haug, american, negative, unknown, bs2002] = out.results;
    expect(hull).toMatchObject({ row: 0, ok: true });
    expect(hull?.ok && hull.price).toBeCloseTo(4.76, 2);
    expect(haug?.ok && haug.price).toBeCloseTo(1.7011, 4);
    expect(american?.ok && american.price).toBeGreaterThan(4);
    expect(negative).toMatchObject({ row: 3, ok: false, reason: expect.stringMatching(/^S:/) });
    expect(unknown).toMatchObject({ row: 4, ok: false, reason: expect.stringMatching(/^type:/) });
    expect(bs2002).toMatchObject({ ok: true });
    expect(out.units['theta']).toMatch(/per year/);
  });

  it('greeks: JSON with units; the human table states units in its header', async () => {
    const json = JSON.parse((await run(['options', 'greeks', '--input', rows, '--json'])).stdout) as Json;
    const first = json.results[0];
    expect(first?.ok && first.greeks?.['thetaPerDay']).toBeCloseTo((first?.ok && first.greeks?.['theta']) as number / 365, 12);
    expect(json.results[3]).toMatchObject({ ok: false });
    const { stdout } = await run(['options', 'greeks', '--input', rows]);
    expect(stdout).toMatch(/vega\/1%/);
    expect(stdout).toMatch(/theta\/day/);
    expect(stdout).toMatch(/rho\/1%/);
    expect(stdout).toMatch(/error: S:/);
  });

  it('iv: recovers σ from prices and reports out-of-bounds prices per row', async () => {
    const ivRows = file(
      'iv.json',
      JSON.stringify({
        rows: [
          { type: 'call', style: 'european', S: 42, K: 40, T: 0.5, r: 0.1, price: 4.759422392871536 },
          { type: 'call', style: 'european', S: 42, K: 40, T: 0.5, r: 0.1, price: 1 }, // below intrinsic
          { type: 'call', style: 'european', S: 42, K: 40, T: 0.5, r: 0.1 }, // no price
          { type: 'put', style: 'american', S: 100, K: 100, T: 0.5, r: 0.05, price: 6.5, steps: 101 },
        ],
      }),
    );
    const out = JSON.parse((await run(['options', 'iv', '--input', ivRows, '--json'])).stdout) as Json;
    const [hull, below, missing, american] = out.results;
    expect(hull?.ok && hull.sigma).toBeCloseTo(0.2, 12);
    expect(below).toMatchObject({ ok: false, reason: 'below intrinsic value' });
    expect(missing).toMatchObject({ ok: false, reason: 'iv needs a price' });
    expect(american).toMatchObject({ ok: true });
  });

  it('a malformed file or a missing --input is a usage error (exit 2)', async () => {
    expect(exitCodeFor((await run(['options', 'price', '--input', file('bad.json', '{not json')])).error)).toBe(2);
    expect(exitCodeFor((await run(['options', 'price', '--input', file('obj.json', '{"a": 1}')])).error)).toBe(2);
    expect(exitCodeFor((await run(['options', 'price', '--input', join(dir, 'missing.json')])).error)).toBe(2);
    expect(exitCodeFor((await run(['options', 'price'])).error)).toBe(2);
    expect(exitCodeFor((await run(['options', 'vanna'])).error)).toBe(2);
  });
});
