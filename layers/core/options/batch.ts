/**
 * The batch API over rows (what the `tradeloop options` command and other callers use): every row is
 * validated on its own and gets either a result or a reason, so one bad row never stops the others.
 *
 * Row fields (conventions in ./types): type call|put, style european|american, model bsm|black76 (default bsm;
 * for black76 `S` is the futures price), S, K, T (years, ACT/365), r and q (continuous; q default 0, not
 * allowed with black76), sigma (for price/greeks) or price (for iv), optional cash `dividends` [{time, amount}]
 * (american only: the European formulas take a yield), `pricer` tree|bs2002 and `steps` for american rows.
 */
import { z } from 'zod';
import { europeanPrice } from './european';
import { europeanGreeks, type Greeks } from './greeks';
import { americanImpliedVolatility, americanPrice, europeanImpliedVolatility, type AmericanPricer } from './implied-volatility';
import { DEFAULT_TREE_STEPS, type CashDividend } from './american/tree';
import { invalidInputs, type EuropeanInputs, type Outcome } from './types';

const finite = z.number().finite();

/** One input row (zod-validated per row). */
export const OptionRowSchema = z
  .strictObject({
    type: z.enum(['call', 'put']),
    style: z.enum(['european', 'american']),
    model: z.enum(['bsm', 'black76']).optional(),
    S: finite.positive(),
    K: finite.positive(),
    T: finite.nonnegative(),
    r: finite,
    q: finite.optional(),
    sigma: finite.nonnegative().optional(),
    price: finite.nonnegative().optional(),
    dividends: z.array(z.strictObject({ time: finite, amount: finite.nonnegative() })).optional(),
    pricer: z.enum(['tree', 'bs2002']).optional(),
    steps: z.number().int().min(1).max(20001).optional(),
  })
  .superRefine((row, ctx) => {
    if (row.model === 'black76' && row.q !== undefined && row.q !== 0) ctx.addIssue({ code: 'custom', path: ['q'], message: 'black76 takes no dividend yield (S is the futures price)' });
    if (row.dividends !== undefined && row.dividends.length > 0) {
      if (row.style === 'european') ctx.addIssue({ code: 'custom', path: ['dividends'], message: 'cash dividends need style american (tree); European rows take a yield q' });
      if (row.pricer === 'bs2002') ctx.addIssue({ code: 'custom', path: ['pricer'], message: 'bs2002 cannot take cash dividends; use the tree' });
      if (row.model === 'black76') ctx.addIssue({ code: 'custom', path: ['dividends'], message: 'black76 (futures) takes no cash dividends' });
    }
  });
export type OptionRow = z.infer<typeof OptionRowSchema>;

export type OptionsOperation = 'price' | 'greeks' | 'iv';

/** American Greeks by bump-and-revalue of the American pricer (first order plus gamma). */
export interface AmericanGreeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly vegaPct: number;
  readonly theta: number;
  readonly thetaPerDay: number;
  readonly rho: number;
  readonly rhoPct: number;
  readonly dividendRho: number;
  readonly dividendRhoPct: number;
}

export type RowResult =
  | ({ readonly row: number; readonly ok: true } & (
      | { readonly price: number; readonly method: string }
      | { readonly greeks: Greeks | AmericanGreeks; readonly method: string }
      | { readonly sigma: number; readonly method: string }
    ))
  | { readonly row: number; readonly ok: false; readonly reason: string };

const fail = (row: number, reason: string): RowResult => ({ row, ok: false, reason });

function zodReason(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
}

function european(row: OptionRow, sigma: number): EuropeanInputs {
  const model = row.model ?? 'bsm';
  return { kind: row.type, model, S: row.S, K: row.K, T: row.T, r: row.r, q: model === 'black76' ? 0 : (row.q ?? 0), sigma };
}

/** Yield for the American pricers: futures options carry b = 0, i.e. q = r. */
const americanYield = (row: OptionRow): number => (row.model === 'black76' ? row.r : (row.q ?? 0));

function americanInputs(row: OptionRow): { kind: OptionRow['type']; S: number; K: number; T: number; r: number; q: number; dividends: readonly CashDividend[]; pricer: AmericanPricer; steps: number } {
  return {
    kind: row.type,
    S: row.S,
    K: row.K,
    T: row.T,
    r: row.r,
    q: americanYield(row),
    dividends: row.dividends ?? [],
    pricer: row.pricer ?? 'tree',
    steps: row.steps ?? DEFAULT_TREE_STEPS,
  };
}

const americanMethod = (row: OptionRow): string =>
  (row.pricer ?? 'tree') === 'bs2002' ? 'bjerksund-stensland-2002' : `leisen-reimer tree, ${row.steps ?? DEFAULT_TREE_STEPS} steps${(row.dividends?.length ?? 0) > 0 ? ', escrowed cash dividends' : ''}`;

/** Bump sizes of the American Greeks: S ± 0.5 %, σ ± 0.001, r and q ± 1e-4, one calendar day (dividend dates move with it). */
export function americanGreeks(row: OptionRow, sigma: number): AmericanGreeks {
  const base = americanInputs(row);
  const price = (over: Partial<typeof base> & { sigma?: number }): number => americanPrice({ ...base, sigma, ...over });
  const v0 = price({});
  const hS = 0.005 * row.S;
  const up = price({ S: row.S + hS });
  const down = price({ S: row.S - hS });
  const hV = Math.min(1e-3, sigma / 2);
  const vega = (price({ sigma: sigma + hV }) - price({ sigma: sigma - hV })) / (2 * hV);
  const hT = Math.min(1 / 365, row.T / 2);
  const later = price({ T: row.T - hT, dividends: base.dividends.map((d) => ({ time: d.time - hT, amount: d.amount })) });
  const theta = (later - v0) / hT;
  const hR = 1e-4;
  // Futures options: the yield moves with r (b = 0), so rho bumps both.
  const futures = row.model === 'black76';
  const rho = (price({ r: row.r + hR, ...(futures ? { q: base.q + hR } : {}) }) - price({ r: row.r - hR, ...(futures ? { q: base.q - hR } : {}) })) / (2 * hR);
  const dividendRho = futures ? 0 : (price({ q: base.q + hR }) - price({ q: base.q - hR })) / (2 * hR);
  return {
    price: v0,
    delta: (up - down) / (2 * hS),
    gamma: (up - 2 * v0 + down) / (hS * hS),
    vega,
    vegaPct: vega / 100,
    theta,
    thetaPerDay: theta / 365,
    rho,
    rhoPct: rho / 100,
    dividendRho,
    dividendRhoPct: dividendRho / 100,
  };
}

/** Runs one operation over raw (unvalidated) rows; each row gets a result or a reason, never a throw. */
export function runOptionRows(operation: OptionsOperation, rows: readonly unknown[]): RowResult[] {
  return rows.map((raw, index) => {
    try {
      return runOne(operation, raw, index);
    } catch (error: unknown) {
      return fail(index, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

function runOne(operation: OptionsOperation, raw: unknown, index: number): RowResult {
  const parsed = OptionRowSchema.safeParse(raw);
  if (!parsed.success) return fail(index, zodReason(parsed.error));
  const row = parsed.data;
  const invalid = invalidInputs(row);
  if (invalid !== null) return fail(index, invalid);
  const model = row.model ?? 'bsm';
  if (operation === 'iv') {
    if (row.price === undefined) return fail(index, 'iv needs a price');
    const out: Outcome<number> =
      row.style === 'european'
        ? europeanImpliedVolatility({ kind: row.type, model, S: row.S, K: row.K, T: row.T, r: row.r, q: model === 'black76' ? 0 : (row.q ?? 0), price: row.price })
        : americanImpliedVolatility({ ...americanInputs(row), price: row.price });
    return out.ok
      ? { row: index, ok: true, sigma: out.value, method: row.style === 'european' ? `lets-be-rational (${model})` : `brent on ${americanMethod(row)}` }
      : fail(index, out.reason);
  }
  if (row.sigma === undefined) return fail(index, `${operation} needs sigma`);
  const sigma = row.sigma;
  if (operation === 'price') {
    if (row.style === 'european') return { row: index, ok: true, price: europeanPrice(european(row, sigma)), method: model };
    return { row: index, ok: true, price: americanPrice({ ...americanInputs(row), sigma }), method: americanMethod(row) };
  }
  if (!(row.T > 0 && sigma > 0)) return fail(index, 'greeks need T > 0 and sigma > 0');
  if (row.style === 'european') return { row: index, ok: true, greeks: europeanGreeks(european(row, sigma)), method: `${model} closed form` };
  return { row: index, ok: true, greeks: americanGreeks(row, sigma), method: `bump-and-revalue on ${americanMethod(row)}` };
}
