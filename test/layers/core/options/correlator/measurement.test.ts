/**
 * Honest measurement of the correlator on the shipped option days (data/README.md): what share of its proposals
 * made money, against how often the stock itself moved the signal's way. Computed here, never asserted to a
 * target; the figures are printed and pinned as a regression (a change in the correlator that moves them must
 * be looked at, not that they are good). The sample is tiny (three sessions, two underlyings): it says whether
 * the machinery is sane, nothing about the correlator's edge.
 *
 * Method:
 * - Days: GOOG 2015-12-24 (full chain; a half session), TWX 2014-06-05 and 2014-06-06. GOOG 12-23 (only the
 *   12-24 expiry), GOOG 12-28 (4 contracts) and SPY 2023-08-03 (4 contracts) have no contract in the 20–60 DTE
 *   window, so they give no proposal.
 * - Signals: a simple rule on the underlying's minute bars, every 30 minutes from 10:00 New York to 30 minutes
 *   before the close: direction = sign of the last 30 minutes' return, strength = min(1, |return| / 0.25 %).
 * - Proposal: the correlator with its defaults at the signal time's chain snapshot (only quotes known by then),
 *   equity 100 000, IV rank unknown (no 52-week IV history ships: the table's unknown column).
 * - Entry: the proposal's limit (natural price: the whole spread paid). Exit mark: the next shipped session's
 *   closing snapshot if it quotes every leg two-sided (TWX 06-05 → 06-06), else the same session's closing
 *   snapshot (end of data). P&L per unit = (exit net − entry net) × 100, exit at leg mids ("mark") and at the
 *   natural (longs sold at the bid, shorts bought at the ask: "round trip").
 * - Hit: P&L > 0. Baseline: the underlying's price at the exit mark is on the signal's side of its entry price.
 */
import { loadLeanOptionDay, type LeanOptionDay } from '../../../../../layers/adapters/files/lean-option-loader';
import { nyseCalendar } from '../../../../../layers/core/market';
import { buildChainSnapshot, quoteMid, type OptionChainSnapshot } from '../../../../../layers/core/options';
import { DEFAULT_CORRELATOR_CONFIG, proposeOptionsStructure, type OptionsProposal } from '../../../../../layers/core/options/correlator';
import { PROJECT_DATA_DIR } from '../../../../../local/data-dir';

const calendar = nyseCalendar();
const MINUTE = 60_000;
const DAYS: readonly { readonly underlying: string; readonly dates: readonly string[] }[] = [
  { underlying: 'GOOG', dates: ['2015-12-24'] },
  { underlying: 'TWX', dates: ['2014-06-05', '2014-06-06'] },
];

interface Row {
  readonly underlying: string;
  readonly at: string;
  readonly direction: 'long' | 'short';
  readonly strength: number;
  readonly structure: string;
  readonly quantity: number;
  readonly markedAt: string;
  readonly pnlMark: number;
  readonly pnlRoundTrip: number;
  readonly stockMovedWithSignal: boolean;
}

const closingSnapshot = (day: LeanOptionDay): OptionChainSnapshot => buildChainSnapshot(day.underlying, day.contracts, day.underlyingSeries, day.session.close, day.session.open);

/** Net exit value per share of one unit (mids or natural), or undefined when a leg has no two-sided quote. */
function exitNet(proposal: OptionsProposal, snapshot: OptionChainSnapshot, at: 'mid' | 'natural'): number | undefined {
  let sum = 0;
  for (const leg of proposal.legs) {
    const quote = snapshot.entries.find((e) => e.contract.symbol === leg.contractSymbol)?.quote;
    const mid = quoteMid(quote);
    if (mid === undefined || quote?.bid === undefined || quote.ask === undefined) return undefined;
    const sign = leg.side === 'buy' ? 1 : -1;
    const price = at === 'mid' ? Number(mid) : sign === 1 ? Number(quote.bid.price) : Number(quote.ask.price);
    sum += sign * leg.ratio * price;
  }
  return sum;
}

async function measure(): Promise<{ rows: Row[]; signals: number; noProposal: string[] }> {
  const rows: Row[] = [];
  const noProposal: string[] = [];
  let signals = 0;
  for (const { underlying, dates } of DAYS) {
    const days = await Promise.all(dates.map((d) => loadLeanOptionDay(PROJECT_DATA_DIR, underlying, d, calendar)));
    for (const [i, day] of days.entries()) {
      const next = days[i + 1];
      const closes = new Map(day.underlyingSeries.trades.map((b) => [b.start, b.close]));
      const closeAt = (t: number): number | undefined => closes.get(t - MINUTE); // the bar that closed at t
      for (let t = day.session.open + 30 * MINUTE; t <= day.session.close - 30 * MINUTE; t += 30 * MINUTE) {
        const now = closeAt(t);
        const before = closeAt(t - 30 * MINUTE);
        if (now === undefined || before === undefined || now === before) continue;
        signals += 1;
        const r = now / before - 1;
        const direction = r > 0 ? 'long' : 'short';
        const strength = Math.min(1, Math.abs(r) / 0.0025);
        const snapshot = buildChainSnapshot(underlying, day.contracts, day.underlyingSeries, t, day.session.open);
        const at = new Date(t).toISOString();
        const outcome = proposeOptionsStructure(
          { signal: { signalId: `m:${underlying}:${t}`, accountId: 'm', strategyId: 'momentum-30m', symbol: underlying, direction, strength }, snapshot, equity: '100000', sharesHeld: 0, now: t, ivRankNote: 'no 52-week history ships' },
          DEFAULT_CORRELATOR_CONFIG,
          calendar,
        );
        if (outcome.kind !== 'proposed') {
          noProposal.push(`${underlying} ${at} ${direction} ${strength.toFixed(2)}: ${(outcome.attempts.length > 0 ? outcome.attempts.join(' | ') : outcome.decision.reason).slice(0, 400)}`);
          continue;
        }
        const p = outcome.proposal;
        const nextClose = next === undefined ? undefined : closingSnapshot(next);
        const useNext = nextClose !== undefined && exitNet(p, nextClose, 'mid') !== undefined;
        const exit = useNext && nextClose !== undefined ? nextClose : closingSnapshot(day);
        const mark = exitNet(p, exit, 'mid');
        const natural = exitNet(p, exit, 'natural');
        const spotExit = exit.underlyingPrice === undefined ? undefined : Number(exit.underlyingPrice.price);
        if (mark === undefined || natural === undefined || spotExit === undefined) {
          noProposal.push(`${underlying} ${at}: proposed ${p.structure} but a leg has no closing quote to mark`);
          continue;
        }
        rows.push({
          underlying,
          at,
          direction,
          strength: Math.round(strength * 1000) / 1000,
          structure: p.structure,
          quantity: p.quantity,
          markedAt: new Date(exit.asOf).toISOString(),
          pnlMark: Math.round((mark - p.limitPrice) * 100 * p.quantity * 100) / 100,
          pnlRoundTrip: Math.round((natural - p.limitPrice) * 100 * p.quantity * 100) / 100,
          stockMovedWithSignal: direction === 'long' ? spotExit > p.underlyingPrice : spotExit < p.underlyingPrice,
        });
      }
    }
  }
  return { rows, signals, noProposal };
}

describe('correlator measurement on the shipped option days (computed, not a target)', () => {
  let result: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    result = await measure();
  }, 120_000);

  it('reports the share of proposals whose P&L sign matched the signal, with the sample size', () => {
    const { rows, signals, noProposal } = result;
    const n = rows.length;
    const hits = rows.filter((r) => r.pnlMark > 0).length;
    const hitsRoundTrip = rows.filter((r) => r.pnlRoundTrip > 0).length;
    const stockHits = rows.filter((r) => r.stockMovedWithSignal).length;
    const summary = {
      method: 'momentum-30m signals; correlator defaults; IV rank unknown; entry at natural; exit at next shipped close (else same-day close)',
      signals,
      proposals: n,
      noProposal: noProposal.length,
      hitRateMark: n === 0 ? null : hits / n,
      hitsMark: hits,
      hitRateRoundTrip: n === 0 ? null : hitsRoundTrip / n,
      hitsRoundTrip,
      stockDirectionRate: n === 0 ? null : stockHits / n,
      stockHits,
      totalPnlMark: Math.round(rows.reduce((s, r) => s + r.pnlMark, 0) * 100) / 100,
      totalPnlRoundTrip: Math.round(rows.reduce((s, r) => s + r.pnlRoundTrip, 0) * 100) / 100,
      byStructure: Object.fromEntries([...new Set(rows.map((r) => r.structure))].map((s) => [s, rows.filter((r) => r.structure === s).length])),
    };
    // The figure, its sample and every row: printed for the record (START_HERE quotes it).
    console.log(JSON.stringify({ summary, rows, noProposal }, null, 1));
    // Regression pin of what was measured on 2026-11-26 (not a target): 28 signals → 8 proposals; 2 of 8 made money
    // at the closing mark (25 %), 0 of 8 after paying the exit spread too, while the stock moved the signal's way in
    // 3 of 8. Eight trades over three sessions: far too few to say anything about an edge.
    expect({ signals, proposals: n, hits, hitsRoundTrip, stockHits }).toEqual({ signals: 28, proposals: 8, hits: 2, hitsRoundTrip: 0, stockHits: 3 });
    expect(n).toBeGreaterThan(0);
    expect(hits).toBeLessThanOrEqual(n);
    expect(hitsRoundTrip).toBeLessThanOrEqual(hits + rows.filter((r) => r.pnlRoundTrip > 0 && r.pnlMark <= 0).length);
    // The round trip pays the exit spread: it can never beat the mark.
    for (const r of rows) expect(r.pnlRoundTrip).toBeLessThanOrEqual(r.pnlMark + 1e-9);
  });
});
