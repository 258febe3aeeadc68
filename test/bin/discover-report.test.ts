import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectSelfContained } from '../layers/adapters/reports/self-contained';
import { runCli } from './support';

interface DiscoverJson {
  provenance: { codeVersion: string; dataFiles: { path: string; sha256: string }[] };
  trials: number;
  promoted: number;
  pbo: { value: number | null };
  finalists: { family: string; deflatedSharpe: number | null; gates: { passed: boolean; results: { gate: string; value: number | null; pass: boolean }[] } }[];
}

const dir = mkdtempSync(join(tmpdir(), 'tl-discover-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** data-value of the element with this id. */
const valueOf = (html: string, id: string): string | undefined => new RegExp(`id="${id}" data-value="([^"]*)"`).exec(html)?.[1];

// Small on purpose (Jest runs numeric loops ~10× slower than node): the settings of discover-command.test.ts.
const CASE = ['discover', '--families', 'donchian-breakout,rsi-reversion', '--symbols', 'SPY', '--from', '2015-01-01', '--to', '2016-12-31', '--budget', '3', '--seed', '9', '--warmup', '100', '--test-length', '100', '--holdout', '0.1'];

describe('tradeloop discover --report', () => {
  it('writes one self-contained HTML file with the numbers of the JSON result and its provenance', async () => {
    const file = join(dir, 'nested', 'discover.html');
    const { error, stdout } = await runCli([...CASE, '--json', '--report', file]);
    expect(error).toBeUndefined();
    const json = JSON.parse(stdout) as DiscoverJson;
    const html = readFileSync(file, 'utf8');
    for (const id of ['summary', 'pareto', 'equity', 'finalists', 'provenance']) expect(html).toContain(`<section id="${id}"`);
    expect(valueOf(html, 'trials')).toBe(String(json.trials));
    expect(valueOf(html, 'promoted')).toBe(String(json.promoted));
    expect(valueOf(html, 'finalist-count')).toBe(String(json.finalists.length));
    expect(Number(valueOf(html, 'pbo'))).toBe(json.pbo.value ?? Number.NaN);
    json.finalists.forEach((f, i) => {
      const section = new RegExp(`<section id="finalist-${i + 1}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
      expect(section).toContain(`data-family="${f.family}"`);
      expect(Number(/data-dsr="([^"]+)"/.exec(section)?.[1])).toBe(f.deflatedSharpe ?? Number.NaN);
      for (const g of f.gates.results) expect(section).toMatch(new RegExp(`<tr data-gate="${g.gate}" data-value="${g.value === null ? 'NaN' : String(g.value).replace('.', '\\.')}"[^>]*data-pass="${g.pass}"`));
    });
    // provenance: code version, the data file's SHA-256, the seed and the configuration
    expect(html).toContain(`<code id="code-version">${json.provenance.codeVersion}</code>`);
    const data = json.provenance.dataFiles[0];
    expect(data?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(html).toContain(`<code>${data?.sha256 ?? 'missing'}</code>`);
    expect(html).toContain('<code id="seed">9</code>');
    expect(html).toContain('&quot;budget&quot;: 3');
    expectSelfContained(html, 2);
  });

  it('reports a portfolio family on its universe unchanged: the same sections and numbers, every symbol\'s data file', async () => {
    const file = join(dir, 'pairs.html');
    const { error, stdout } = await runCli(['discover', '--families', 'pairs', '--symbols', 'GOOG,GOOGL', '--from', '2015-01-01', '--to', '2016-12-31', '--budget', '3', '--seed', '9', '--warmup', '100', '--test-length', '100', '--holdout', '0.1', '--json', '--report', file]);
    expect(error).toBeUndefined();
    const json = JSON.parse(stdout) as DiscoverJson;
    const html = readFileSync(file, 'utf8');
    for (const id of ['summary', 'pareto', 'equity', 'finalists', 'provenance']) expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain('GOOG,GOOGL');
    expect(valueOf(html, 'trials')).toBe(String(json.trials));
    expect(valueOf(html, 'promoted')).toBe(String(json.promoted));
    expect(valueOf(html, 'finalist-count')).toBe(String(json.finalists.length));
    expect(json.finalists.length).toBeGreaterThan(0);
    expect(html).toContain('data-family="pairs"');
    for (const f of json.provenance.dataFiles.filter((d) => d.path.endsWith('.zip'))) expect(html).toContain(`<code>${f.sha256}</code>`);
    expect(json.provenance.dataFiles.filter((d) => d.path.endsWith('.zip'))).toHaveLength(2);
    expectSelfContained(html, 2);
  });

  it('says where the report went in the text output', async () => {
    const file = join(dir, 'text.html');
    const { error, stdout } = await runCli(['discover', '--families', 'donchian-breakout', '--from', '2015-01-01', '--to', '2016-12-31', '--budget', '2', '--warmup', '100', '--test-length', '100', '--holdout', '0', '--report', file]);
    expect(error).toBeUndefined();
    expect(stdout).toContain(`report: ${file}`);
    expect(readFileSync(file, 'utf8')).toContain('<section id="pareto">');
  });
});
