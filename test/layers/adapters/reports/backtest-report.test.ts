import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeMetrics } from '../../../../layers/core/analytics';
import {
  drawdownSeries,
  fileProvenance,
  monthlyReturns,
  priceChartColumns,
  renderBacktestReport,
  writeBacktestReport,
  type BacktestReportInput,
  type ReportTrade,
} from '../../../../layers/adapters/reports';

/**
 * SYNTHETIC equity curve (made up for this test, not market data), built so the monthly returns are
 * round numbers by hand. The third point is 2024-01-31 22:00 New York = 2024-02-01 03:00 UTC, so
 * New York and UTC months differ. March 2024 has no point.
 */
const SYNTHETIC_TIMES = [
  Date.parse('2024-01-02T21:00:00Z'),
  Date.parse('2024-01-31T21:00:00Z'),
  Date.parse('2024-02-01T03:00:00Z'),
  Date.parse('2024-02-29T21:00:00Z'),
  Date.parse('2024-04-30T20:00:00Z'),
  Date.parse('2025-01-15T21:00:00Z'),
];
const SYNTHETIC_EQUITY = [100, 110, 105, 115.5, 92.4, 101.64];

const TRADES: readonly ReportTrade[] = [
  { entryTime: SYNTHETIC_TIMES[0] ?? 0, exitTime: SYNTHETIC_TIMES[1] ?? 0, entryPrice: 50, exitPrice: 55, side: 'long', quantity: 2, pnl: 10 },
  { entryTime: SYNTHETIC_TIMES[3] ?? 0, exitTime: SYNTHETIC_TIMES[4] ?? 0, entryPrice: 57.75, exitPrice: 46.2, side: 'long', quantity: 2, pnl: -23.1 },
];

function input(overrides: Partial<BacktestReportInput> = {}): BacktestReportInput {
  const equity = { timestamps: SYNTHETIC_TIMES, values: SYNTHETIC_EQUITY };
  return {
    title: 'Synthetic SMA cross',
    equity,
    prices: [{ symbol: 'SYN', timestamps: SYNTHETIC_TIMES, close: SYNTHETIC_EQUITY.map((v) => v / 2), trades: TRADES }],
    metrics: computeMetrics({
      equity,
      trades: TRADES.map((t) => ({ ...t, fees: 0 })),
      predictions: { predicted: [1, -1, 1, -1, 1], realised: [1, -1, 1, 1, 1] },
      benchmark: { returns: [0.01, -0.02, 0.03, -0.1, 0.05] },
      conventions: { bootstrapResamples: 200 },
    }),
    provenance: {
      codeVersion: '0123456789abcdef0123456789abcdef01234567',
      dataFiles: [{ path: 'data/equity/daily/syn.csv', sha256: 'ab'.repeat(32) }],
      parameters: { fast: 10, slow: 30, symbols: ['SYN'] },
      seed: 42,
      engine: 'tradeloop-event-engine 0.1.0',
      generatedAt: Date.parse('2026-11-25T12:00:00Z'),
    },
    ...overrides,
  };
}

/** data-return of the heatmap cell `data-<attr>="<key>"`, or undefined for an empty cell. */
function cellReturn(html: string, attr: 'month' | 'year', key: string): number | undefined {
  const match = new RegExp(`<td[^>]*data-${attr}="${key}"[^>]*>`).exec(html);
  if (match === null) throw new Error(`no cell ${key}`);
  const value = /data-return="([^"]+)"/.exec(match[0]);
  return value === null ? undefined : Number(value[1]);
}

function inlineScripts(html: string): { readonly attrs: string; readonly body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1] ?? '', body: m[2] ?? '' }));
}

describe('renderBacktestReport: structure', () => {
  const html = renderBacktestReport(input());

  it('has every section and the three chart containers', () => {
    for (const id of ['equity', 'drawdown', 'monthly-returns', 'price-0', 'metrics', 'provenance']) expect(html).toContain(`<section id="${id}"`);
    for (const id of ['equity-chart', 'drawdown-chart', 'price-chart-0']) expect(html).toContain(`id="${id}"`);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('heatmap cells equal the hand-computed New York monthly returns of the synthetic curve', () => {
    expect(html).toContain('data-time-zone="America/New_York"');
    // Jan: 105/100 − 1; Feb: 115.5/105 − 1; Mar: no point; Apr: 92.4/115.5 − 1; 2024: 92.4/100 − 1; Jan 2025: 101.64/92.4 − 1.
    expect(cellReturn(html, 'month', '2024-01')).toBeCloseTo(0.05, 12);
    expect(cellReturn(html, 'month', '2024-02')).toBeCloseTo(0.1, 12);
    expect(cellReturn(html, 'month', '2024-03')).toBeUndefined();
    expect(cellReturn(html, 'month', '2024-04')).toBeCloseTo(-0.2, 12);
    expect(cellReturn(html, 'year', '2024')).toBeCloseTo(-0.076, 12);
    expect(cellReturn(html, 'month', '2025-01')).toBeCloseTo(0.1, 12);
    expect(cellReturn(html, 'year', '2025')).toBeCloseTo(0.1, 12);
    expect(html).toMatch(/data-month="2024-04" data-return="[^"]+">-20\.00 %/);
    // Largest |return| (Apr, −20 %) gets the darkest red; the scale is symmetric.
    expect(html).toMatch(/class="num hm-n5" data-month="2024-04"/);
  });

  it('UTC months move the late-January point into February', () => {
    const utc = monthlyReturns(SYNTHETIC_TIMES, SYNTHETIC_EQUITY, 'UTC');
    const y2024 = utc.years[0];
    expect(y2024?.months[0]).toBeCloseTo(0.1, 12); // 110 / 100 − 1
    expect(y2024?.months[1]).toBeCloseTo(0.05, 12); // 115.5 / 110 − 1
    expect(y2024?.total).toBeCloseTo(-0.076, 12);
    const page = renderBacktestReport(input({ monthTimeZone: 'UTC' }));
    expect(page).toContain('data-time-zone="UTC"');
    expect(cellReturn(page, 'month', '2024-01')).toBeCloseTo(0.1, 12);
  });

  it('embeds the equity, drawdown and price/marker columns as JSON', () => {
    const data = inlineScripts(html).find((s) => s.attrs.includes('id="report-data"'));
    expect(data).toBeDefined();
    const parsed = JSON.parse(data?.body ?? '') as { equity: { v: number[] }; drawdown: number[]; prices: { t: number[]; longEntry: (number | null)[]; exit: (number | null)[] }[] };
    expect(parsed.equity.v).toEqual(SYNTHETIC_EQUITY);
    expect(parsed.drawdown[4]).toBeCloseTo(92.4 / 115.5 - 1, 12);
    expect(parsed.prices[0]?.longEntry[0]).toBe(50);
    expect(parsed.prices[0]?.exit[4]).toBe(46.2);
  });

  it('lists the trades with New York times', () => {
    expect(html).toContain('<tr data-trade="1">');
    expect(html).toContain('2024-01-02 16:00'); // 21:00 UTC in January = 16:00 EST
  });

  it('shows every leaf field of the metrics report with a row', () => {
    const report = input().metrics;
    const paths: string[] = [];
    const walk = (value: unknown, prefix: string): void => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) walk(v, prefix === '' ? k : `${prefix}.${k}`);
      } else paths.push(prefix);
    };
    const { notes, ...rest } = report;
    walk(rest, '');
    // conventions.sortinoTarget / sharpeMeanBlockLength are undefined → still rows (shown as their default).
    expect(paths.length).toBeGreaterThan(60);
    for (const p of paths) expect(html).toContain(`data-field="${p}"`);
    expect(notes.length).toBeGreaterThanOrEqual(0);
  });

  it('shows NaN/Infinity as n/a with the report note', () => {
    const equity = { timestamps: SYNTHETIC_TIMES, values: SYNTHETIC_EQUITY };
    const page = renderBacktestReport(input({ metrics: computeMetrics({ equity, conventions: { bootstrapResamples: 50 } }), prices: [{ symbol: 'SYN', timestamps: [], close: [], trades: [] }] }));
    const row = /<tr data-field="trades\.winRate">[\s\S]*?<\/tr>/.exec(page)?.[0] ?? '';
    expect(row).toContain('>n/a');
    expect(row).toContain('no trades');
    const accuracy = /<tr data-field="accuracy\.accuracy">[\s\S]*?<\/tr>/.exec(page)?.[0] ?? '';
    expect(accuracy).toContain('n/a');
    expect(accuracy).toContain('not computed');
    expect(page).toContain('<ul id="metrics-notes">');
    expect(page).toContain('No trades.');
  });
});

describe('renderBacktestReport: escaping', () => {
  it('escapes the title, symbol, parameters and paths; no injected element appears', () => {
    const evil = '<script>alert("x")</script>';
    const page = renderBacktestReport(
      input({
        title: evil,
        prices: [{ symbol: `SYN${evil}`, timestamps: SYNTHETIC_TIMES, close: SYNTHETIC_EQUITY, trades: TRADES }],
        provenance: { ...input().provenance, codeVersion: `abc"><img src=x>`, parameters: { note: `</script><script>alert(1)</script>` }, dataFiles: [{ path: `a<b>&"c'.csv`, sha256: '00' }] },
      }),
    );
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>');
    expect(page).toContain('a&lt;b&gt;&amp;&quot;c&#39;.csv');
    // Exactly the data block, the library and the report script.
    expect(inlineScripts(page).length).toBe(3);
    const data = inlineScripts(page)[0];
    expect((JSON.parse(data?.body ?? '') as { prices: { symbol: string }[] }).prices[0]?.symbol).toBe(`SYN${evil}`);
  });
});

describe('renderBacktestReport: no external loads', () => {
  const html = renderBacktestReport(input());

  it('has no http(s) URL outside the licence comments, and no src/href to one anywhere', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    const withoutLicences = html.replace(/\/\*![\s\S]*?\*\//g, '');
    expect(withoutLicences).not.toMatch(/https?:\/\//i);
    expect(html).toContain('MIT License');
    expect(html).toContain('Copyright (c) 2022 Leon Sorokin');
  });

  it('has a CSP meta tag that blocks network loads and allows exactly the inline scripts and style by hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    const hash = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');
    const code = inlineScripts(html).filter((s) => !s.attrs.includes('application/json'));
    expect(code.length).toBe(2);
    for (const s of code) expect(csp).toContain(`'sha256-${hash(s.body)}'`);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });
});

describe('report helpers', () => {
  it('drawdownSeries is E / running peak − 1', () => {
    expect(drawdownSeries([100, 120, 90, 130])).toEqual([0, 0, 90 / 120 - 1, 0]);
  });

  it('priceChartColumns puts trade times off the bar grid into the x axis with markers', () => {
    const cols = priceChartColumns({
      symbol: 'X',
      timestamps: [1000, 2000, 3000],
      close: [10, 11, 12],
      trades: [{ entryTime: 1500, exitTime: 3000, entryPrice: 10.5, exitPrice: 12, side: 'short', quantity: 1, pnl: -1.5 }],
    });
    expect(cols.t).toEqual([1000, 1500, 2000, 3000]);
    expect(cols.close).toEqual([10, null, 11, 12]);
    expect(cols.shortEntry).toEqual([null, 10.5, null, null]);
    expect(cols.longEntry).toEqual([null, null, null, null]);
    expect(cols.exit).toEqual([null, null, null, 12]);
  });
});

describe('writeBacktestReport and fileProvenance', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tradeloop-report-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes data files exactly as sha256sum does', async () => {
    const file = path.join(dir, 'bars.csv');
    writeFileSync(file, 'date,close\n2024-01-02,100.5\n2024-01-03,101.25\n');
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const hashes = await fileProvenance([file, empty]);
    const expected = (p: string): string => execFileSync('sha256sum', [p], { encoding: 'utf8' }).split(' ')[0] ?? '';
    expect(hashes).toEqual([
      { path: file, sha256: expected(file) },
      { path: empty, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ]);
    await expect(fileProvenance([path.join(dir, 'missing.csv')])).rejects.toThrow();
  });

  it('writes the rendered report into a new folder', async () => {
    const file = path.join(dir, 'data.csv');
    writeFileSync(file, 'x\n');
    const dataFiles = await fileProvenance([file]);
    const out = path.join(dir, 'nested', 'report.html');
    await writeBacktestReport(out, input({ provenance: { ...input().provenance, dataFiles } }));
    const written = readFileSync(out, 'utf8');
    expect(written).toBe(renderBacktestReport(input({ provenance: { ...input().provenance, dataFiles } })));
    expect(written).toContain(dataFiles[0]?.sha256 ?? 'missing');
  });
});
