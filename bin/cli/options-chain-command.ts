/**
 * `tradeloop options chain --symbol GOOG --date 2015-12-24 [--time 10:00] [--expiry 2016-01-15] [--json]`: the option
 * chain from the shipped Lean data at a New York time, with bid/ask/mid, IV (bid/mid/ask), delta, open interest and
 * volume per contract, then the term structure and skew per expiry. Only bars complete by that time are used.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { loadLeanOptionDay } from '../../layers/adapters/files/lean-option-loader';
import { nyseCalendar } from '../../layers/core/market/calendar';
import { buildChainSnapshot, chainByExpiry, expirySummaries, surfacePoints, type ExpirySummary, type SurfaceModel, type SurfacePoint } from '../../layers/core/options';
import { PROJECT_DATA_DIR } from '../../local/data-dir';
import { UsageError } from './usage-error';

interface ChainCliOptions {
  readonly symbol?: string;
  readonly date?: string;
  readonly time?: string;
  readonly expiry?: string;
  readonly rate: string;
  readonly yield: string;
  readonly model: string;
  readonly dataDir?: string;
  readonly json: boolean;
}

const MODELS: Readonly<Record<SurfaceModel, string>> = {
  'american-bs2002': 'American, Bjerksund–Stensland 2002',
  'american-tree': 'American, Leisen–Reimer tree (201 steps)',
  european: "European BSM, Let's Be Rational",
};

function finiteOption(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${value}"`);
  return n;
}

const pct = (v: number | undefined, digits = 2): string => (v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`);
const pts = (v: number | undefined): string => (v === undefined ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)}`);
const iv = (p: SurfacePoint | undefined, side: 'ivBid' | 'ivMid' | 'ivAsk'): number | undefined => {
  const o = p?.[side];
  return o?.ok === true ? o.value : undefined;
};

function sideJson(p: SurfacePoint | undefined) {
  if (p === undefined) return undefined;
  const e = p.entry;
  return {
    symbol: e.contract.symbol,
    bid: e.quote?.bid?.price ?? null,
    ask: e.quote?.ask?.price ?? null,
    mid: p.mid ?? null,
    ivBid: iv(p, 'ivBid') ?? null,
    ivMid: iv(p, 'ivMid') ?? null,
    ivAsk: iv(p, 'ivAsk') ?? null,
    ...(p.ivMid !== undefined && !p.ivMid.ok ? { ivReason: p.ivMid.reason } : {}),
    delta: p.delta ?? null,
    openInterest: e.openInterest ?? null,
    volume: e.volume ?? 0,
    last: e.lastTrade?.price ?? null,
    quoteTime: e.quote === undefined ? null : new Date(e.quote.ts).toISOString(),
  };
}

function summaryLine(s: ExpirySummary): string {
  const spread = s.putCallIvSpreadAtm === undefined ? '—' : `${pts(s.putCallIvSpreadAtm.spread)} @${s.putCallIvSpreadAtm.strike}`;
  return `${s.expiry}  ${s.days.toFixed(1).padStart(6)}d  ATM ${pct(s.atmIv).padStart(7)}  25Δc ${pct(s.call25Iv).padStart(7)}  25Δp ${pct(s.put25Iv).padStart(7)}  RR25 ${pts(s.riskReversal25).padStart(6)}  BF25 ${pts(s.butterfly25).padStart(6)}  put−call ${spread}  (${s.withIv}/${s.contracts} with IV)`;
}

export function registerOptionsChainCommand(options: Command): void {
  options
    .command('chain')
    .description('option chain from the shipped data at a New York time: bid/ask/mid, IV, delta, OI, and the term structure and skew')
    .option('--symbol <ticker>', 'underlying (shipped: GOOG 2015-12-23/24/28, TWX 2014-06-05/06, SPY 2023-08-03)')
    .option('--date <YYYY-MM-DD>', 'trading date')
    .option('--time <HH:MM>', 'New York time of the snapshot (default: the session close)')
    .option('--expiry <YYYY-MM-DD[,…]>', 'only these expiries')
    .option('--rate <r>', 'risk-free rate, continuously compounded', '0')
    .option('--yield <q>', 'continuous dividend yield', '0')
    .option('--model <model>', 'IV model: american-bs2002 | american-tree | european', 'american-bs2002')
    .option('--data-dir <dir>', 'data folder holding lean/ (default: the project data/)')
    .option('--json', 'machine-readable output', false)
    .action(async (opts: ChainCliOptions) => {
      if (opts.symbol === undefined || opts.date === undefined) throw new UsageError('--symbol and --date are required');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date) || !DateTime.fromISO(opts.date).isValid) throw new UsageError(`--date must be YYYY-MM-DD, got "${opts.date}"`);
      if (!(opts.model in MODELS)) throw new UsageError(`--model must be one of ${Object.keys(MODELS).join(', ')}`);
      const model = opts.model as SurfaceModel;
      const r = finiteOption('rate', opts.rate);
      const q = finiteOption('yield', opts.yield);
      const calendar = nyseCalendar();
      const session = calendar.session(opts.date);
      if (session === undefined) throw new UsageError(`${opts.date} is not a NYSE trading session`);
      let asOf = session.close;
      if (opts.time !== undefined) {
        const t = /^(\d{1,2}):(\d{2})$/.exec(opts.time);
        if (t === null) throw new UsageError(`--time must be HH:MM (New York), got "${opts.time}"`);
        asOf = DateTime.fromISO(opts.date, { zone: calendar.zone }).set({ hour: Number(t[1]), minute: Number(t[2]) }).toMillis();
      }
      const expiries = opts.expiry?.split(',').map((e) => e.trim()).filter((e) => e !== '');
      const day = await loadLeanOptionDay(opts.dataDir ?? PROJECT_DATA_DIR, opts.symbol, opts.date, calendar);
      if (day.contracts.length === 0) throw new UsageError(`no option data for ${opts.symbol.toUpperCase()} on ${opts.date} (see data/README.md for what is shipped)`);
      const snapshot = buildChainSnapshot(day.underlying, day.contracts, day.underlyingSeries, asOf, session.open);
      const surface = surfacePoints({ ...snapshot, entries: snapshot.entries.filter((e) => expiries === undefined || expiries.includes(e.contract.expiry)) }, calendar, { r, q, model });
      if (surface === undefined) throw new UsageError(`no underlying price for ${day.underlying} by ${opts.time ?? 'the close'} on ${opts.date}`);
      const bySymbol = new Map(surface.points.map((p) => [p.entry.contract.symbol, p]));
      const slices = chainByExpiry(surface.points.map((p) => p.entry));
      const summaries = expirySummaries(surface);
      const localTime = DateTime.fromMillis(asOf, { zone: calendar.zone }).toFormat('HH:mm');
      const price = snapshot.underlyingPrice;
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({
            underlying: day.underlying,
            date: opts.date,
            time: localTime,
            asOf: new Date(asOf).toISOString(),
            underlyingPrice: price,
            inputs: { r, q, model: MODELS[model] },
            units: { iv: 'per √year, fraction', delta: '∂V/∂S per share (pricer bump at the mid IV)', prices: 'USD per share; ×100 per contract', riskReversal25: 'σ(25Δ call) − σ(25Δ put)', butterfly25: '(σ25c + σ25p)/2 − σATM', putCallIvSpreadAtm: 'σ(put) − σ(call) at the strike nearest the forward' },
            termStructure: summaries,
            expiries: slices.map((s) => ({ expiry: s.expiry, strikes: s.strikes.map((row) => ({ strike: row.strike, call: sideJson(row.call && bySymbol.get(row.call.contract.symbol)) ?? null, put: sideJson(row.put && bySymbol.get(row.put.contract.symbol)) ?? null })) })),
          })}\n`,
        );
        return;
      }
      const out: string[] = [];
      out.push(`${day.underlying} ${opts.date} ${localTime} New York · underlying ${price?.price ?? '—'} (${price?.source ?? 'none'}) · r ${r} q ${q} · IV: ${MODELS[model]}, from mids`);
      const cell = (s: string | undefined, w: number) => (s ?? '—').padStart(w);
      const side = (p: SurfacePoint | undefined): string =>
        [cell(p?.entry.quote?.bid?.price, 8), cell(p?.entry.quote?.ask?.price, 8), cell(p?.mid === undefined ? undefined : String(p.mid), 9), cell(iv(p, 'ivMid') === undefined ? undefined : pct(iv(p, 'ivMid'), 1), 7), cell(p?.delta === undefined ? undefined : p.delta.toFixed(3), 7), cell(p?.entry.openInterest === undefined ? undefined : String(p.entry.openInterest), 6)].join(' ');
      for (const slice of slices) {
        const summary = summaries.find((s) => s.expiry === slice.expiry);
        out.push('', summary === undefined ? slice.expiry : summaryLine(summary));
        out.push(`${'CALL bid'.padStart(8)} ${'ask'.padStart(8)} ${'mid'.padStart(9)} ${'IV'.padStart(7)} ${'delta'.padStart(7)} ${'OI'.padStart(6)} | ${'strike'.padStart(8)} | ${'PUT bid'.padStart(8)} ${'ask'.padStart(8)} ${'mid'.padStart(9)} ${'IV'.padStart(7)} ${'delta'.padStart(7)} ${'OI'.padStart(6)}`);
        for (const row of slice.strikes) {
          out.push(`${side(row.call && bySymbol.get(row.call.contract.symbol))} | ${row.strike.padStart(8)} | ${side(row.put && bySymbol.get(row.put.contract.symbol))}`);
        }
      }
      out.push('', 'term structure and skew (vol points: RR25 = σ25Δc − σ25Δp, BF25 = (σ25Δc + σ25Δp)/2 − σATM, put−call = σput − σcall near the forward)');
      for (const s of summaries) out.push(summaryLine(s));
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
