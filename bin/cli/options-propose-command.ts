/**
 * `tradeloop options propose --symbol GOOG --date 2015-12-24 [--time 10:00] --direction long --strength 0.8
 * [--iv-rank 0.7] [--volatility-view expanding] [--regime trending] [--equity 100000 --risk 0.02] [--shares 0]
 * [--json]`: the options correlator on the shipped chain at a New York time: the decision (inputs, table row,
 * reason), the structure chosen with its legs, the analysis (max profit/loss, breakevens, PoP, Greeks, margin),
 * the size and the order intent it would submit. Without --iv-rank the IV rank is unknown (no 52-week history
 * ships) and the table's unknown column decides, as in the Lambda.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { loadLeanOptionDay } from '../../layers/adapters/files/lean-option-loader';
import { nyseCalendar } from '../../layers/core/market/calendar';
import { buildChainSnapshot } from '../../layers/core/options';
import { CorrelatorConfigSchema, DEFAULT_CORRELATOR_CONFIG, proposeOptionsStructure } from '../../layers/core/options/correlator';
import { PROJECT_DATA_DIR } from '../../local/data-dir';
import { UsageError } from './usage-error';

interface ProposeCliOptions {
  readonly symbol?: string;
  readonly date?: string;
  readonly time?: string;
  readonly direction?: string;
  readonly strength?: string;
  readonly ivRank?: string;
  readonly volatilityView?: string;
  readonly regime?: string;
  readonly equity: string;
  readonly risk: string;
  readonly shares: string;
  readonly dataDir?: string;
  readonly json: boolean;
}

function numberIn(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number in [${min}, ${max}], got "${value}"`);
  return n;
}

const usd = (x: number | null): string => (x === null ? 'unbounded' : `$${x.toFixed(2)}`);

export function registerOptionsProposeCommand(options: Command): void {
  options
    .command('propose')
    .description('options correlator on the shipped chain: structure for a stock signal, with legs, analysis, size and the order intent')
    .option('--symbol <ticker>', 'underlying (shipped chains: GOOG 2015-12-24, TWX 2014-06-05/06; see data/README.md)')
    .option('--date <YYYY-MM-DD>', 'trading date')
    .option('--time <HH:MM>', 'New York time of the chain snapshot (default 10:00)')
    .option('--direction <long|short|flat>', 'the stock signal\'s direction')
    .option('--strength <0..1>', 'the stock signal\'s strength')
    .option('--iv-rank <0..1>', 'IV rank (default: unknown, the table\'s unknown column)')
    .option('--volatility-view <expanding|contracting|neutral>', 'the signal\'s volatility view, if any')
    .option('--regime <name>', 'market regime, if known (rows naming it win)')
    .option('--equity <usd>', 'account equity for sizing', '100000')
    .option('--risk <fraction>', 'fraction of equity at risk (max loss) per proposal', '0.02')
    .option('--shares <n>', 'shares of the underlying held (covered calls)', '0')
    .option('--data-dir <dir>', 'data folder holding lean/ (default: the project data/)')
    .option('--json', 'machine-readable output', false)
    .action(async (opts: ProposeCliOptions) => {
      if (opts.symbol === undefined || opts.date === undefined || opts.direction === undefined || opts.strength === undefined) {
        throw new UsageError('--symbol, --date, --direction and --strength are required');
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date) || !DateTime.fromISO(opts.date).isValid) throw new UsageError(`--date must be YYYY-MM-DD, got "${opts.date}"`);
      const direction = opts.direction;
      if (direction !== 'long' && direction !== 'short' && direction !== 'flat') throw new UsageError(`--direction must be long, short or flat, got "${direction}"`);
      const volatilityView = opts.volatilityView;
      if (volatilityView !== undefined && volatilityView !== 'expanding' && volatilityView !== 'contracting' && volatilityView !== 'neutral') {
        throw new UsageError(`--volatility-view must be expanding, contracting or neutral, got "${volatilityView}"`);
      }
      const strength = numberIn('strength', opts.strength, 0, 1);
      const ivRank = opts.ivRank === undefined ? undefined : numberIn('iv-rank', opts.ivRank, 0, 1);
      const equity = numberIn('equity', opts.equity, 0, 1e12);
      const risk = numberIn('risk', opts.risk, 1e-6, 1);
      const shares = numberIn('shares', opts.shares, 0, 1e9);
      const config = CorrelatorConfigSchema.parse({ ...DEFAULT_CORRELATOR_CONFIG, selection: { ...DEFAULT_CORRELATOR_CONFIG.selection, riskFraction: risk } });
      const calendar = nyseCalendar();
      const session = calendar.session(opts.date);
      if (session === undefined) throw new UsageError(`${opts.date} is not a NYSE trading session`);
      const t = /^(\d{1,2}):(\d{2})$/.exec(opts.time ?? '10:00');
      if (t === null) throw new UsageError(`--time must be HH:MM (New York), got "${opts.time ?? ''}"`);
      const asOf = DateTime.fromISO(opts.date, { zone: calendar.zone }).set({ hour: Number(t[1]), minute: Number(t[2]) }).toMillis();
      if (asOf <= session.open || asOf > session.close) throw new UsageError(`--time must be inside the regular session (after the open, at most the close) of ${opts.date}`);
      const symbol = opts.symbol.toUpperCase();
      const day = await loadLeanOptionDay(opts.dataDir ?? PROJECT_DATA_DIR, symbol, opts.date, calendar);
      if (day.contracts.length === 0) throw new UsageError(`no option data for ${symbol} on ${opts.date} (see data/README.md for what is shipped)`);
      const snapshot = buildChainSnapshot(symbol, day.contracts, day.underlyingSeries, asOf, session.open);
      const outcome = proposeOptionsStructure(
        {
          signal: { signalId: `cli:${symbol}:${asOf}`, accountId: 'cli', strategyId: 'cli', symbol, direction, strength, ...(volatilityView === undefined ? {} : { volatilityView }), ...(opts.regime === undefined ? {} : { regime: opts.regime }) },
          ...(ivRank === undefined ? {} : { ivRank }),
          ivRankNote: ivRank === undefined ? 'no 52-week IV history ships with the data' : 'given on the command line',
          snapshot,
          equity: String(equity),
          sharesHeld: shares,
          now: asOf,
        },
        config,
        calendar,
      );
      const localTime = DateTime.fromMillis(asOf, { zone: calendar.zone }).toFormat('HH:mm');
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({
            underlying: symbol,
            date: opts.date,
            time: localTime,
            asOf: new Date(asOf).toISOString(),
            underlyingPrice: snapshot.underlyingPrice ?? null,
            units: { prices: 'USD per share; ×100 per contract', limitPrice: 'per share of one unit: + debit, − credit', maxLoss: 'USD for the whole position', greeks: 'position: delta in shares, vega per 1.0 of volatility, thetaPerDay USD per calendar day' },
            ...outcome,
          })}\n`,
        );
        return;
      }
      const out: string[] = [`${symbol} ${opts.date} ${localTime} New York · underlying ${snapshot.underlyingPrice?.price ?? '—'}`, `decision: ${outcome.decision.reason}`];
      if (outcome.kind === 'none') {
        out.push(`no proposal: ${outcome.attempts.length > 0 ? outcome.attempts.join('\n  ') : outcome.reason}`);
      } else {
        const p = outcome.proposal;
        const d = p.description;
        for (const a of outcome.attempts.slice(0, -1)) out.push(`skipped ${a}`);
        out.push(`proposal: ${p.quantity} × ${p.structure}, expiry ${p.expiry} (${p.daysToExpiry} days)`, `selection: ${p.selectionReason}`);
        for (const l of p.legs) out.push(`  ${l.side.padEnd(4)} ${l.ratio} × ${l.contractSymbol}  bid ${l.bid} ask ${l.ask}  IV ${(l.iv * 100).toFixed(1)}%  Δ ${l.delta.toFixed(3)}${l.openInterest === undefined ? '' : `  OI ${l.openInterest}`}  (${l.positionIntent})`);
        out.push(
          `net per unit: mid ${p.netMid.toFixed(3)}, limit ${p.limitPrice.toFixed(2)} (${p.limitPrice > 0 ? 'debit' : 'credit'})`,
          `max profit ${usd(d.payoff.maxProfit)} · max loss ${usd(d.payoff.maxLoss)} · breakevens ${d.payoff.breakevens.map((b) => b.toFixed(2)).join(', ') || '—'} · PoP ${(d.probabilityOfProfit.value * 100).toFixed(1)}% (${d.probabilityOfProfit.measure})`,
          `Greeks: Δ ${d.greeks.delta?.toFixed(2) ?? '—'} Γ ${d.greeks.gamma?.toFixed(4) ?? '—'} vega/pt ${d.greeks.vegaPct?.toFixed(2) ?? '—'} θ/day ${d.greeks.thetaPerDay?.toFixed(2) ?? '—'} · margin ${usd(d.margin.requirement)} (${d.margin.rule})`,
          `sizing: ${p.sizing.reason}`,
          `intent: ${outcome.intent.side} ${outcome.intent.quantity} ${outcome.intent.symbol} ${outcome.intent.multiLeg === undefined ? (outcome.intent.option?.contractSymbol ?? '') : `mleg ${outcome.intent.multiLeg.structure}`} limit ${outcome.intent.limitPrice ?? '—'} ${outcome.intent.timeInForce}`,
        );
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
