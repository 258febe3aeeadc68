import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { growthOfOne, renderDiscoveryReport, type DiscoveryReportInput } from '../../../../layers/adapters/reports';
import { dailyBarsToBacktestBars } from '../../../../layers/core/backtest';
import { discover, type DiscoveryResult } from '../../../../layers/core/discovery';
import type { StrategyName } from '../../../../layers/core/strategies';
import { expectSelfContained, inlineScripts } from './self-contained';

/** A real (small) discovery run: SPY daily bars 2015–2016, two families, 3 trials each. */
let result: DiscoveryResult;

beforeAll(async () => {
  const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
  const bars = dailyBarsToBacktestBars(data.bars.filter((b) => b.date >= '2015-01-01' && b.date <= '2016-12-31'));
  result = discover('SPY', bars, { families: ['donchian-breakout', 'rsi-reversion'], budget: 3, seed: 9, trainLength: 100, testLength: 100, holdoutFraction: 0.1 });
});

function input(r: DiscoveryResult, overrides: Partial<DiscoveryReportInput> = {}): DiscoveryReportInput {
  return {
    title: 'Discovery SPY',
    result: r,
    provenance: {
      codeVersion: '0123456789abcdef0123456789abcdef01234567',
      dataFiles: [{ path: 'data/equity/usa/daily/spy.zip', sha256: 'ab'.repeat(32) }],
      parameters: { families: ['donchian-breakout', 'rsi-reversion'], budget: 3 },
      seed: 9,
      engine: 'tradeloop discovery',
      generatedAt: Date.parse('2026-11-26T02:00:00Z'),
    },
    ...overrides,
  };
}

/** The attribute `name` of the first element whose tag matches `selector`. */
function attr(html: string, selector: RegExp, name: string): string | undefined {
  const tag = selector.exec(html)?.[0];
  return tag === undefined ? undefined : new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
}

describe('renderDiscoveryReport', () => {
  it('has the summary, Pareto charts, equity chart, finalists table, one gate section per finalist and provenance', () => {
    const html = renderDiscoveryReport(input(result));
    for (const id of ['summary', 'pareto', 'equity', 'finalists', 'provenance']) expect(html).toContain(`<section id="${id}"`);
    expect(result.finalists.length).toBeGreaterThan(1);
    result.finalists.forEach((_, i) => expect(html).toContain(`<section id="finalist-${i + 1}" class="finalist"`));
    expect(html).toContain('<svg class="plot" id="pareto-drawdown"');
    expect(html).toContain('<svg class="plot" id="pareto-turnover"');
    expect(html).toContain('id="equity-chart"');
  });

  it('shows the numbers of the result: trials, promoted, PBO, each gate value/threshold/verdict, DSR', () => {
    const html = renderDiscoveryReport(input(result));
    expect(attr(html, /<td[^>]*id="trials"[^>]*>/, 'data-value')).toBe(String(result.trials));
    expect(result.trials).toBe(6);
    expect(attr(html, /<td[^>]*id="promoted"[^>]*>/, 'data-value')).toBe(String(result.promoted));
    expect(attr(html, /<td[^>]*id="finalist-count"[^>]*>/, 'data-value')).toBe(String(result.finalists.length));
    expect(Number(attr(html, /<td[^>]*id="pbo"[^>]*>/, 'data-value'))).toBe(result.pbo.value);
    result.finalists.forEach((f, i) => {
      const section = new RegExp(`<section id="finalist-${i + 1}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
      expect(section).toContain(`data-passed="${f.report.passed}"`);
      expect(Number(/data-dsr="([^"]+)"/.exec(section)?.[1])).toBe(f.metrics.deflatedSharpe);
      for (const g of f.report.results) {
        const row = new RegExp(`<tr data-gate="${g.gate}"[^>]*>`).exec(section)?.[0] ?? '';
        expect(row).toContain(`data-value="${String(g.value)}"`);
        expect(row).toContain(`data-threshold="${String(g.threshold)}"`);
        expect(row).toContain(`data-pass="${g.pass}"`);
      }
      expect(section).toMatch(/<tr data-gate="deflatedSharpe"/);
      expect(section).toMatch(/<tr data-gate="pbo"/);
    });
  });

  it('plots every invested trial in both Pareto views and marks the finalists', () => {
    const html = renderDiscoveryReport(input(result));
    const chart = /<svg class="plot" id="pareto-drawdown"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    const plotted = result.trialSummaries.filter((t) => t.invested && Number.isFinite(t.objectives.annualReturn) && Number.isFinite(t.objectives.maxDrawdown));
    expect(chart.match(/<circle /g)).toHaveLength(plotted.length);
    expect(chart.match(/data-role="finalist"/g)).toHaveLength(result.finalists.length);
    const f0 = result.finalists[0];
    const marker = new RegExp(`<circle class="pt-(finalist|promoted)"[^>]*data-x="([^"]+)" data-y="([^"]+)" data-family="${f0?.family ?? ''}" data-key="${f0?.key ?? ''}"`).exec(chart);
    expect(Number(marker?.[2])).toBe(f0?.objectives.maxDrawdown);
    expect(Number(marker?.[3])).toBe(f0?.objectives.annualReturn);
  });

  it("embeds each finalist's stitched out-of-sample equity with its bar times", () => {
    const html = renderDiscoveryReport(input(result));
    const data = JSON.parse(inlineScripts(html).find((s) => s.attrs.includes('id="report-data"'))?.body ?? '') as { time: boolean; x: number[]; series: { label: string; v: number[] }[] };
    expect(data.time).toBe(true);
    expect(data.x).toEqual(result.finalists[0]?.outOfSampleTimes);
    expect(data.series).toHaveLength(result.finalists.length);
    result.finalists.forEach((f, i) => {
      const v = data.series[i]?.v ?? [];
      expect(v).toHaveLength(result.search.outOfSampleBars);
      // growth of 1 compounds the returns, and its last point is the annualised return undone
      expect(v[v.length - 1] ?? Number.NaN).toBeCloseTo((1 + f.objectives.annualReturn) ** (v.length / 252), 6);
    });
    expect(growthOfOne([0.1, -0.5])).toEqual([1.1, 0.55]);
  });

  it('is self-contained: CSP blocks the network, only the uPlot and report scripts run, uPlot licence inlined', () => {
    const html = renderDiscoveryReport(input(result));
    expectSelfContained(html, 2);
    expect(html).toContain('Copyright (c) 2022 Leon Sorokin');
  });

  it('escapes hostile strategy names, parameter names, symbol, title and provenance', () => {
    const evil = '<script>alert("x")</script>';
    const family = `${evil}<img src=x onerror=alert(1)>` as StrategyName;
    const hostile: DiscoveryResult = {
      ...result,
      symbol: evil,
      families: result.families.map((f) => ({ ...f, family })),
      trialSummaries: result.trialSummaries.map((t) => ({ ...t, family, key: `${t.key}${evil}` })),
      finalists: result.finalists.map((f) => ({ ...f, family, key: `${f.key}${evil}`, params: { ...f.params, [evil]: 1 } })),
    };
    const html = renderDiscoveryReport(input(hostile, { title: evil, provenance: { ...input(result).provenance, codeVersion: `"><img src=x>`, parameters: { note: evil } } }));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>');
    expectSelfContained(html, 2);
    // the JSON block keeps the name intact but cannot close its element
    const data = inlineScripts(html).find((s) => s.attrs.includes('id="report-data"'))?.body ?? '';
    expect((JSON.parse(data) as { series: { label: string }[] }).series[0]?.label).toContain(evil);
  });

  it('falls back to out-of-sample bar numbers when the finalists carry no bar times', () => {
    const untimed: DiscoveryResult = { ...result, finalists: result.finalists.map(({ outOfSampleTimes: _t, ...f }) => f) };
    const html = renderDiscoveryReport(input(untimed));
    const data = JSON.parse(inlineScripts(html).find((s) => s.attrs.includes('id="report-data"'))?.body ?? '') as { time: boolean; x: number[] };
    expect(data.time).toBe(false);
    expect(data.x).toEqual(Array.from({ length: result.search.outOfSampleBars }, (_, i) => i + 1));
  });

  it('renders a run with no finalist without failing', () => {
    const empty: DiscoveryResult = { ...result, finalists: [], promoted: 0, pbo: { value: Number.NaN, submatrices: 0, combinations: 0, probabilityOfLoss: Number.NaN } };
    const html = renderDiscoveryReport(input(empty));
    expect(html).toContain('no finalist');
    expect(html).toContain('not measured');
    expectSelfContained(html, 2);
  });
});
