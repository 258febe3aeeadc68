import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { returnMetricsReport, type ReturnMetricsReport } from '../../layers/core/risk-metrics';
import { UsageError } from './usage-error';

interface RiskMetricsCliOptions {
  readonly returns?: string;
  readonly periodsPerYear: number;
  readonly riskFree: number;
  readonly json: boolean;
}

/** Commander parser of a positive number of periods per year. */
export function parsePeriodsPerYear(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !(n > 0)) throw new InvalidArgumentError('must be a positive number (252 daily, 52 weekly, 12 monthly)');
  return n;
}

/** Commander parser of an annual risk-free rate as a fraction (0.04 = 4 %), > −1. */
export function parseRiskFree(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !(n > -1)) throw new InvalidArgumentError('must be an annual rate as a fraction, e.g. 0.04 for 4 %');
  return n;
}

/**
 * Parses a returns file: a JSON array of numbers (or {"returns": [...]}), or a one-column CSV of
 * numbers (an optional non-numeric header line, blank lines ignored). Anything else is a UsageError
 * naming the line or index.
 */
export function parseReturnsText(text: string, path: string): number[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error: unknown) {
      throw new UsageError(`--returns ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const list = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { returns?: unknown }).returns) ? (parsed as { returns: unknown[] }).returns : null;
    if (list === null) throw new UsageError(`--returns ${path} must hold a JSON array of numbers (or {"returns": [...]})`);
    return list.map((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`--returns ${path}: element ${i} is not a finite number`);
      return v;
    });
  }
  const lines = text.split(/\r?\n/);
  const out: number[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.includes(',') || line.includes(';') || line.includes('\t')) throw new UsageError(`--returns ${path}: line ${i + 1} has more than one column (expected one column of simple returns)`);
    const v = Number(line);
    if (!Number.isFinite(v)) {
      if (out.length === 0 && i === lines.findIndex((l) => l.trim() !== '')) return; // a header line
      throw new UsageError(`--returns ${path}: line ${i + 1} ("${line.slice(0, 40)}") is not a number`);
    }
    out.push(v);
  });
  return out;
}

/** Reads and validates the returns file (UsageError → exit 2). */
export async function readReturnsFile(path: string): Promise<number[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(`cannot read --returns ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const returns = parseReturnsText(text, path);
  if (returns.length < 2) throw new UsageError(`--returns ${path} holds ${returns.length} return(s); at least 2 are needed`);
  const bad = returns.findIndex((r) => !(r > -1));
  if (bad >= 0) throw new UsageError(`--returns ${path}: return ${bad} is ${returns[bad]}, at or below −100 % (expected simple returns as fractions, e.g. 0.012 for +1.2 %)`);
  return returns;
}

const pct = (v: number, digits = 2): string => (Number.isFinite(v) ? `${(v * 100).toFixed(digits)} %` : String(v));
const ratio = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : String(v));

/** The human-readable report. */
export function renderRiskMetrics(report: ReturnMetricsReport): string {
  const lines = [
    `observations      ${report.observations} (periods per year ${report.periodsPerYear}, risk-free ${pct(report.riskFreeRate)} a year)`,
    `annual return     ${pct(report.annualReturn)}   (CAGR)`,
    `annual volatility ${pct(report.annualVolatility)}   (sample std · √N)`,
    `Sharpe            ${ratio(report.sharpe)}`,
    `Sortino           ${ratio(report.sortino)}`,
    `max drawdown      ${pct(report.maxDrawdown)}`,
    `Calmar            ${ratio(report.calmar)}`,
    '',
    `VaR / CVaR, one period, positive = loss`,
    `${'level'.padEnd(7)}${'historical'.padStart(22)}${'Gaussian'.padStart(22)}${'Cornish-Fisher'.padStart(22)}`,
  ];
  for (const row of report.var) {
    const cell = (v: { var: number; cvar: number }): string => `${pct(v.var, 3)} / ${pct(v.cvar, 3)}`.padStart(22);
    lines.push(`${`${(row.confidence * 100).toFixed(1)}%`.padEnd(7)}${cell(row.historical)}${cell(row.gaussian)}${cell(row.cornishFisher)}${row.cornishFisher.cvarClampedToVar ? '  (CF CVaR lifted to VaR)' : ''}`);
  }
  lines.push('', 'conventions:');
  for (const [k, v] of Object.entries(report.conventions)) lines.push(`  ${k}: ${v}`);
  return lines.join('\n');
}

/** The `risk` command, created once: `risk metrics` lives here; siblings (e.g. `risk check`) attach to the same parent. */
export function riskCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'risk') ??
    program.command('risk').description('Risk room: portfolio risk metrics (VaR/CVaR, ratios) and pre-trade checks')
  );
}

/** Registers `tradeloop risk metrics --returns <file>` under the `risk` parent and returns the parent. */
export function registerRiskCommand(program: Command): Command {
  const risk = riskCommand(program);
  risk
    .command('metrics')
    .description('Sharpe, Sortino, annual return and volatility, max drawdown, Calmar, and VaR/CVaR (historical, Gaussian, Cornish-Fisher at 95/99 %) of a series of simple periodic returns')
    .option('--returns <file>', 'JSON array of numbers (or {"returns": [...]}) or one-column CSV of simple periodic returns as fractions (0.01 = +1 %)')
    .option('--periods-per-year <n>', 'periods per year of the series: 252 daily, 52 weekly, 12 monthly', parsePeriodsPerYear, 252)
    .option('--risk-free <rate>', 'annual risk-free rate as a fraction (0.04 = 4 %), effective; converted per period geometrically', parseRiskFree, 0)
    .option('--json', 'machine-readable output (NaN and ±Infinity print as null)', false)
    .action(async (opts: RiskMetricsCliOptions) => {
      if (opts.returns === undefined) throw new UsageError('--returns <file> is required');
      const returns = await readReturnsFile(opts.returns);
      const report = returnMetricsReport(returns, { periodsPerYear: opts.periodsPerYear, riskFreeRate: opts.riskFree });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ command: 'risk metrics', file: opts.returns, ...report })}\n`);
        return;
      }
      process.stdout.write(`${renderRiskMetrics(report)}\n`);
    });
  return risk;
}
