import Decimal from 'decimal.js';
import type { RiskLimitsV1 } from '../../contracts';
import type { BrokerAccount } from '../ports';

export interface DailyLossStatus {
  /** Equity now minus equity at the previous close (negative: a loss), USD. */
  readonly dailyPnl: string;
  readonly maxDailyLoss: string;
  /** True once the loss reached the policy's limit. */
  readonly breached: boolean;
}

/**
 * Today's profit and loss against the policy's daily loss limit, from the broker's own figures
 * (equity and last_equity, the equity at the previous close), exactly in decimals.
 */
export function dailyLossStatus(account: Pick<BrokerAccount, 'equity' | 'lastEquity'>, limits: Pick<RiskLimitsV1, 'maxDailyLoss'>): DailyLossStatus {
  const dailyPnl = new Decimal(account.equity).minus(account.lastEquity);
  return {
    dailyPnl: dailyPnl.toString(),
    maxDailyLoss: limits.maxDailyLoss,
    breached: dailyPnl.negated().greaterThanOrEqualTo(limits.maxDailyLoss),
  };
}
