/**
 * `tradeloop options protect --symbol GOOG --shares 300 --at 2015-12-24T10:00:00-05:00 [--cost 740] [--collar]
 * [--put-delta 0.25 | --floor-pct 0.05] [--call-delta 0.25 | --cap-pct 0.05] [--min-dte 30 --max-dte 120
 * --target-dte 60] [--max-premium-pct 0.03] [--json]`: a protective put or collar for a long stock position on
 * the shipped Lean option chain at that instant (see data/README.md for what ships: GOOG 2015-12-23/24/28, TWX
 * 2014-06-05/06). The cost basis defaults to the underlying's price then (a position bought just now).
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { loadLeanOptionDay } from '../../layers/adapters/files/lean-option-loader';
import { nyseCalendar } from '../../layers/core/market/calendar';
import * as money from '../../layers/core/money';
import { buildChainSnapshot } from '../../layers/core/options';
import { proposeProtection, type ProtectionConfigInput } from '../../layers/core/options/protection';
import { PROJECT_DATA_DIR } from '../../local/data-dir';
import { UsageError } from './usage-error';

interface ProtectCliOptions {
  readonly symbol?: string;
  readonly shares?: string;
  readonly at?: string;
  readonly cost?: string;
  readonly collar: boolean;
  readonly putDelta?: string;
  readonly floorPct?: string;
  readonly callDelta?: string;
  readonly capPct?: string;
  readonly deltaTolerance: string;
  readonly minDte: string;
  readonly maxDte: string;
  readonly targetDte: string;
  readonly maxPremiumPct: string;
  readonly dataDir?: string;
  readonly json: boolean;
}

function numberIn(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number in [${min}, ${max}], got "${value}"`);
  return n;
}

function integerIn(name: string, value: string, min: number, max: number): number {
  const n = numberIn(name, value, min, max);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return n;
}

export function registerOptionsProtectCommand(options: Command): void {
  options
    .command('protect')
    .description('protective put or collar for a long stock position, from the shipped option chain at an instant')
    .option('--symbol <ticker>', 'underlying (shipped chains: GOOG 2015-12-23/24/28, TWX 2014-06-05/06)')
    .option('--shares <n>', 'shares held long (protected in whole 100-share lots)')
    .option('--at <iso>', 'instant of the chain snapshot, ISO 8601 with offset (e.g. 2015-12-24T10:00:00-05:00), inside a regular session')
    .option('--cost <usd>', 'average cost per share (default: the underlying price at --at)')
    .option('--collar', 'sell a call against the shares to pay for the put', false)
    .option('--put-delta <0..1>', 'target |delta| of the put (default 0.25)')
    .option('--floor-pct <0..0.5>', 'instead of a delta: the highest put strike at least this fraction below the price')
    .option('--call-delta <0..1>', 'target |delta| of the collar call (default 0.25)')
    .option('--cap-pct <0..1>', 'instead of a delta: the lowest call strike at least this fraction above the price')
    .option('--delta-tolerance <0..1>', 'how far from the target |delta| a contract may be', '0.1')
    .option('--min-dte <days>', 'fewest calendar days to expiry', '30')
    .option('--max-dte <days>', 'most calendar days to expiry', '120')
    .option('--target-dte <days>', 'the expiry tried first is the one closest to this', '60')
    .option('--max-premium-pct <fraction>', 'largest net debit as a fraction of the covered shares\' value', '0.03')
    .option('--data-dir <dir>', 'data folder holding lean/ (default: the project data/)')
    .option('--json', 'machine-readable output', false)
    .action(async (opts: ProtectCliOptions) => {
      if (opts.symbol === undefined || opts.shares === undefined || opts.at === undefined) throw new UsageError('--symbol, --shares and --at are required');
      const shares = integerIn('shares', opts.shares, 1, 1e9);
      const at = DateTime.fromISO(opts.at, { setZone: true });
      if (!at.isValid || !/T\d{2}:\d{2}/.test(opts.at)) throw new UsageError(`--at must be an ISO 8601 date-time such as 2015-12-24T10:00:00-05:00, got "${opts.at}"`);
      if (opts.putDelta !== undefined && opts.floorPct !== undefined) throw new UsageError('give --put-delta or --floor-pct, not both');
      if (opts.callDelta !== undefined && opts.capPct !== undefined) throw new UsageError('give --call-delta or --cap-pct, not both');
      const tolerance = numberIn('delta-tolerance', opts.deltaTolerance, 0, 1);
      const dte = { min: integerIn('min-dte', opts.minDte, 0, 3650), max: integerIn('max-dte', opts.maxDte, 1, 3650), target: integerIn('target-dte', opts.targetDte, 0, 3650) };
      if (!(dte.min <= dte.target && dte.target <= dte.max)) throw new UsageError('need --min-dte ≤ --target-dte ≤ --max-dte');
      const config: ProtectionConfigInput = {
        structure: opts.collar ? 'collar' : 'protective-put',
        put: opts.floorPct !== undefined ? { floorPctOtm: numberIn('floor-pct', opts.floorPct, 0, 0.5) } : { delta: { target: numberIn('put-delta', opts.putDelta ?? '0.25', 0, 1), tolerance } },
        call: opts.capPct !== undefined ? { capPctOtm: numberIn('cap-pct', opts.capPct, 0, 1) } : { delta: { target: numberIn('call-delta', opts.callDelta ?? '0.25', 0, 1), tolerance } },
        dte,
        maxPremiumPct: numberIn('max-premium-pct', opts.maxPremiumPct, 1e-6, 1),
      };
      const calendar = nyseCalendar();
      const asOf = at.toMillis();
      const date = calendar.sessionDate(asOf);
      const session = calendar.session(date);
      if (session === undefined || asOf <= session.open || asOf > session.close) throw new UsageError(`--at must be inside a regular NYSE session (after the open, at most the close), got ${opts.at}`);
      const symbol = opts.symbol.toUpperCase();
      const day = await loadLeanOptionDay(opts.dataDir ?? PROJECT_DATA_DIR, symbol, date, calendar);
      if (day.contracts.length === 0) throw new UsageError(`no option data for ${symbol} on ${date} (see data/README.md for what is shipped)`);
      const snapshot = buildChainSnapshot(symbol, day.contracts, day.underlyingSeries, asOf, session.open);
      const price = snapshot.underlyingPrice?.price;
      if (price === undefined) throw new UsageError(`no ${symbol} price at ${opts.at} in the shipped data`);
      const cost = opts.cost ?? price;
      numberIn('cost', cost, 1e-9, 1e9);
      const outcome = proposeProtection({ symbol, shares, costBasis: money.toDecimalString(cost), price }, snapshot, calendar, config);
      const localTime = DateTime.fromMillis(asOf, { zone: calendar.zone }).toFormat('yyyy-LL-dd HH:mm');
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({
            underlying: symbol,
            asOf: new Date(asOf).toISOString(),
            underlyingPrice: snapshot.underlyingPrice ?? null,
            position: { shares, costBasis: money.toDecimalString(cost) },
            units: { prices: 'USD per share; ×100 per contract', netPremium: 'USD for the covered shares: + debit, − credit', maxLoss: 'USD at expiry for the covered shares' },
            ...outcome,
          })}\n`,
        );
        return;
      }
      const out: string[] = [`${symbol} ${localTime} New York · underlying ${price} · ${shares} shares at cost ${cost}`];
      if (outcome.kind === 'none') {
        out.push(`no ${config.structure}: ${outcome.reason}`, ...outcome.attempts.map((a) => `  ${a}`));
      } else {
        const p = outcome.proposal;
        for (const a of outcome.attempts) out.push(`skipped ${a}`);
        out.push(`proposal: ${p.structure}, ${p.contracts} contracts per leg, expiry ${p.expiry} (${p.daysToExpiry} days)`);
        for (const l of p.legs) out.push(`  ${l.side.padEnd(4)} ${l.contracts} × ${l.contractSymbol}  bid ${l.bid} ask ${l.ask}  IV ${(l.iv * 100).toFixed(1)}%  Δ ${l.delta.toFixed(3)}`);
        out.push(
          `net ${money.isNegative(p.netPremiumPerShare) ? 'credit' : 'debit'} ${money.abs(p.netPremiumPerShare)}/share (mid ${p.netPremiumMidPerShare}) = $${p.netPremium} (${(p.premiumPctOfPosition * 100).toFixed(2)} % of the covered value)`,
          `floor ${p.floor} · cap ${p.cap ?? 'none'} · max loss $${p.maxLoss} from cost ($${p.maxLossFromCurrent} from today) · max profit ${p.maxProfit === null ? 'unbounded' : `$${p.maxProfit}`} · breakeven ${p.breakeven}`,
          p.reason,
        );
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
