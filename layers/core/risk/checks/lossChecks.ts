import * as money from '../../money';
import { checkResult, limitsFor, type PreTradeCheck } from '../preTradeCheck';
import { portfolioExposure, ratio } from './exposure';
import { limitText, pct } from './common';

/**
 * Once today's loss (equity against the previous close) reaches the limit, no order may add risk;
 * orders that shrink a position still pass so the book can be cut. Reconcile also engages the
 * kill switch on the same breach (see lossProtection.ts).
 */
export const dailyLossCheck: PreTradeCheck = {
  checkId: 'dailyLoss',
  description: 'No new risk once the daily loss reaches its limit',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const loss = money.sub(context.account.lastEquity, context.account.equity);
    const limit = limits.maxDailyLoss;
    const x = portfolioExposure(intent, context, limits.sectorMap);
    if (!x.increasesPosition) return checkResult('dailyLoss', true, `order reduces the position; daily loss ${loss}`, loss, limit);
    const ok = money.compare(loss, limit) < 0;
    return checkResult('dailyLoss', ok, ok ? `daily loss ${loss} below the limit ${limit}` : `daily loss ${loss} reached the limit ${limit}: no new risk today`, loss, limit);
  },
};

/** The equity high-water mark: the snapshot's peak, never below today's equity or the previous close. */
export function equityPeakOf(account: { readonly equity: string; readonly lastEquity: string }, snapshotPeak: string | undefined): string {
  return [snapshotPeak ?? account.equity, account.equity, account.lastEquity].reduce((a, b) => money.max(a, b));
}

/** Drawdown from the equity peak, as a fraction rounded up at 6 places ("0" at the peak). */
export function drawdownOf(equity: string, peak: string): string | undefined {
  return ratio(money.dec(money.max('0', money.sub(peak, equity))), money.dec(peak));
}

/** Once the drawdown from the equity peak reaches the limit, no order may add risk (reducing orders pass). */
export const maxDrawdownCheck: PreTradeCheck = {
  checkId: 'maxDrawdown',
  description: 'No new risk once the drawdown from the equity peak reaches its limit',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const limit = limitText(limits.maxDrawdownPct);
    const peak = equityPeakOf(context.account, context.market?.equityPeak);
    const measured = drawdownOf(context.account.equity, peak);
    const x = portfolioExposure(intent, context, limits.sectorMap);
    if (!x.increasesPosition) return checkResult('maxDrawdown', true, 'order reduces the position', measured ?? 'n/a', limit);
    if (measured === undefined) return checkResult('maxDrawdown', false, `equity peak ${peak} is not positive`, 'n/a', limit);
    const ok = money.compare(measured, limit) < 0;
    return checkResult(
      'maxDrawdown',
      ok,
      `drawdown ${pct(measured)} from peak ${peak} ${ok ? 'below' : 'reached'} the limit ${pct(limit)}${ok ? '' : ': no new risk'}`,
      measured,
      limit,
    );
  },
};
