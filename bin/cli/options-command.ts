import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { runOptionRows, type OptionsOperation, type RowResult } from '../../layers/core/options';
import { UsageError } from './usage-error';
import { registerOptionsChainCommand } from './options-chain-command';
import { registerOptionsProposeCommand } from './options-propose-command';
import { registerOptionsProtectCommand } from './options-protect-command';

interface OptionsCliOptions {
  readonly input?: string;
  readonly json: boolean;
}

/** Units of every reported figure (also in the JSON output, so machines need not guess). */
export const OPTIONS_UNITS = {
  T: 'years (ACT/365)',
  r: 'continuously compounded, per year',
  q: 'continuous yield, per year',
  sigma: 'per √year, fraction (0.2 = 20 %)',
  price: 'price units of S and K',
  delta: '∂V/∂S, per 1 unit of S',
  gamma: '∂²V/∂S², per unit²',
  vega: '∂V/∂σ per 1.0 of volatility',
  vegaPct: 'per 1 volatility point (0.01)',
  theta: '∂V/∂t per year of calendar time',
  thetaPerDay: 'per calendar day (theta/365)',
  rho: '∂V/∂r per 1.0 (BSM: q fixed; Black-76: futures price fixed)',
  rhoPct: 'per 1 % (0.01)',
  dividendRho: '∂V/∂q per 1.0 (0 for Black-76)',
  dividendRhoPct: 'per 1 % (0.01)',
  vanna: '∂²V/∂S∂σ, per unit of S per 1.0 vol',
  volga: '∂²V/∂σ², per (1.0 vol)²',
  charm: '∂Δ/∂t, per year',
  speed: '∂³V/∂S³, per unit³',
  colour: '∂Γ/∂t, per unit² per year',
  zomma: '∂Γ/∂σ, per unit² per 1.0 vol',
} as const;

/** Reads the rows file: a JSON array of rows, or an object with a `rows` array. Anything else is a usage error. */
export async function readOptionRows(path: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(`cannot read --input ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    throw new UsageError(`--input ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rows = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { rows?: unknown }).rows) ? (parsed as { rows: unknown[] }).rows : null;
  if (rows === null) throw new UsageError(`--input ${path} must hold a JSON array of rows (or {"rows": [...]})`);
  return rows;
}

const num = (v: number, digits = 6): string => (Number.isFinite(v) ? (Math.abs(v) >= 1e-4 || v === 0 ? v.toFixed(digits) : v.toExponential(3)) : String(v));

const GREEK_COLUMNS = [
  ['price', 'price'],
  ['delta', 'delta'],
  ['gamma', 'gamma'],
  ['vega', 'vega/1.0'],
  ['vegaPct', 'vega/1%'],
  ['theta', 'theta/yr'],
  ['thetaPerDay', 'theta/day'],
  ['rho', 'rho/1.0'],
  ['rhoPct', 'rho/1%'],
  ['dividendRho', 'divRho/1.0'],
  ['dividendRhoPct', 'divRho/1%'],
  ['vanna', 'vanna'],
  ['volga', 'volga'],
  ['charm', 'charm/yr'],
  ['speed', 'speed'],
  ['colour', 'colour/yr'],
  ['zomma', 'zomma'],
] as const;

/** The human table: one line per row, units in the header; failed rows print their reason. */
export function renderOptionsTable(operation: OptionsOperation, results: readonly RowResult[]): string {
  const lines: string[] = [];
  if (operation === 'price') {
    lines.push(`${'row'.padStart(4)}  ${'price'.padStart(16)}  method`);
    for (const r of results) lines.push(r.ok && 'price' in r ? `${String(r.row).padStart(4)}  ${num(r.price).padStart(16)}  ${r.method}` : `${String(r.row).padStart(4)}  error: ${r.ok ? '' : r.reason}`);
  } else if (operation === 'iv') {
    lines.push(`${'row'.padStart(4)}  ${'sigma (/√yr)'.padStart(20)}  method`);
    for (const r of results) lines.push(r.ok && 'sigma' in r ? `${String(r.row).padStart(4)}  ${r.sigma.toPrecision(15).padStart(20)}  ${r.method}` : `${String(r.row).padStart(4)}  error: ${r.ok ? '' : r.reason}`);
  } else {
    lines.push(`${'row'.padStart(4)}  ${GREEK_COLUMNS.map(([, label]) => label.padStart(12)).join(' ')}  method`);
    for (const r of results) {
      if (!r.ok || !('greeks' in r)) {
        lines.push(`${String(r.row).padStart(4)}  error: ${r.ok ? '' : r.reason}`);
        continue;
      }
      const g = r.greeks as unknown as Record<string, number | undefined>;
      lines.push(`${String(r.row).padStart(4)}  ${GREEK_COLUMNS.map(([key]) => (g[key] === undefined ? '—' : num(g[key] ?? Number.NaN))).map((c) => c.padStart(12)).join(' ')}  ${r.method}`);
    }
    lines.push('units: S, K in price units; T in years (ACT/365); vega per 1.0 vol and per 1 vol point; theta per year and per calendar day; rho per 1.0 and per 1 %; charm, colour per year; — = not computed (American second-order Greeks)');
  }
  return lines.join('\n');
}

/** `tradeloop options price|greeks|iv --input rows.json`: per-row results; a bad row gets a reason, the others still compute. */
export function registerOptionsCommand(program: Command): void {
  const options = program
    .command('options')
    .description('European (BSM, Black-76) and American (tree, Bjerksund-Stensland 2002) option prices, Greeks and implied volatility over a JSON file of rows');
  const rowsHelp = 'JSON array of rows {type: call|put, style: european|american, model?: bsm|black76, S, K, T, r, q?, sigma | price, dividends?, pricer?, steps?}';
  for (const [operation, description] of [
    ['price', 'present value of each row (needs sigma)'],
    ['greeks', 'first- and second-order Greeks of each row (needs sigma); units in the header'],
    ['iv', "implied volatility of each row's price (Let's Be Rational; Brent on the American pricer)"],
  ] as const) {
    options
      .command(operation)
      .description(description)
      .option('--input <file>', rowsHelp)
      .option('--json', 'machine-readable output', false)
      .action(async (opts: OptionsCliOptions) => {
        if (opts.input === undefined) throw new UsageError('--input <file> is required');
        const rows = await readOptionRows(opts.input);
        const results = runOptionRows(operation, rows);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ operation, units: OPTIONS_UNITS, results })}\n`);
          return;
        }
        process.stdout.write(`${renderOptionsTable(operation, results)}\n`);
      });
  }
  registerOptionsChainCommand(options);
  registerOptionsProposeCommand(options);
  registerOptionsProtectCommand(options);
}
