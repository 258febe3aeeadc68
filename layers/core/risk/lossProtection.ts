import Decimal from 'decimal.js';
import type { RiskLimitsV1 } from '../../contracts';
import * as money from '../money';
import type { BrokerAccount, KillSwitchState, StrategyStateRecord, StrategyStateStore, VersionedLimits } from '../ports';
import { equityPeakOf, drawdownOf } from './checks/lossChecks';
import { dailyLossStatus, type DailyLossStatus } from './dailyLoss';

/**
 * What the risk room keeps per account between runs (in the strategy-state table, written by
 * reconcile, read by verify-trade and the signal engine): the equity high-water mark, the current
 * drawdown and sizing multiplier, and the breaches the kill switch was already engaged for.
 */
export interface AccountRiskState {
  readonly equityPeak: string;
  readonly peakAt: number;
  /** Drawdown from the peak, fraction. */
  readonly drawdown: string;
  /** Sizing multiplier from drawdownDeRisking (1 = full size). */
  readonly exposureMultiplier: string;
  readonly policyVersion: number;
  readonly updatedAt: number;
  /** Breach keys (`daily-loss:2024-01-02`, `drawdown:<peakAt>`) the kill switch was engaged for, newest last. */
  readonly autoEngaged: readonly string[];
}

/** The strategy-state key of the account risk state (strategyId; the account id is the "symbol"). */
export const ACCOUNT_RISK_STATE_KEY = 'risk#account';

export async function loadAccountRiskState(store: StrategyStateStore, accountId: string): Promise<StrategyStateRecord<AccountRiskState> | undefined> {
  return store.load<AccountRiskState>(ACCOUNT_RISK_STATE_KEY, accountId);
}

/**
 * Exposure multiplier from drawdown: 1 up to `startPct`, falling linearly to `floorMultiplier` at
 * `fullPct`, and `floorMultiplier` beyond. Rounded down at 4 places (never more exposure than the line).
 */
export function deRiskingMultiplier(drawdown: number, config: RiskLimitsV1['drawdownDeRisking']): string {
  const { startPct, fullPct, floorMultiplier } = config;
  let m: number;
  if (!(drawdown > startPct)) m = 1;
  else if (drawdown >= fullPct) m = floorMultiplier;
  else m = 1 - ((drawdown - startPct) / (fullPct - startPct)) * (1 - floorMultiplier);
  return money.toDecimalString(new Decimal(Math.min(1, Math.max(floorMultiplier, m)).toFixed(12)).toDecimalPlaces(4, Decimal.ROUND_DOWN).toString());
}

export interface LossProtectionInput {
  readonly now: number;
  /** The New York session date of `now`: a daily-loss breach is engaged once per session. */
  readonly sessionDate: string;
  readonly account: Pick<BrokerAccount, 'equity' | 'lastEquity'>;
  readonly limits: VersionedLimits;
  readonly killSwitch: KillSwitchState;
  readonly prior?: AccountRiskState;
}

export interface LossProtectionDecision {
  readonly state: AccountRiskState;
  readonly dailyLoss: DailyLossStatus;
  readonly drawdown: { readonly drawdown: string; readonly peak: string; readonly limit: string; readonly breached: boolean };
  /** Present when the kill switch must be engaged now, with its audited reason. */
  readonly engage?: { readonly key: string; readonly reason: string };
}

const MAX_REMEMBERED_BREACHES = 20;

/**
 * Loss protection after each reconcile, pure: updates the equity peak, drawdown and sizing
 * multiplier, and decides whether to engage the kill switch. It engages on a daily-loss or
 * drawdown breach once per breach (per session for the daily loss, per peak for the drawdown): an
 * operator who releases it through the control API (authenticated, with a reason) is not
 * overruled a minute later for the same breach. It never releases the switch.
 */
export function evaluateLossProtection(input: LossProtectionInput): LossProtectionDecision {
  const { account, limits, prior } = input;
  const policy = limits.limits;
  const priorPeak = prior?.equityPeak;
  const peak = equityPeakOf(account, priorPeak);
  const peakAt = priorPeak !== undefined && money.compare(peak, priorPeak) === 0 ? (prior?.peakAt ?? input.now) : input.now;
  const drawdown = drawdownOf(account.equity, peak) ?? '1';
  const drawdownLimit = money.toDecimalString(policy.maxDrawdownPct.toString());
  const drawdownBreached = money.compare(drawdown, drawdownLimit) >= 0;
  const dailyLoss = dailyLossStatus(account, policy);
  const remembered = prior?.autoEngaged ?? [];

  let engage: LossProtectionDecision['engage'];
  if (!input.killSwitch.engaged) {
    const loss = money.neg(dailyLoss.dailyPnl);
    const candidates = [
      dailyLoss.breached && {
        key: `daily-loss:${input.sessionDate}`,
        reason: `auto: daily loss ${loss} ${money.compare(loss, policy.maxDailyLoss) > 0 ? '>' : '='} limit ${policy.maxDailyLoss} (policy v${limits.version})`,
      },
      drawdownBreached && {
        key: `drawdown:${peakAt}`,
        reason: `auto: drawdown ${money.round(money.mul(drawdown, '100'), 2)} % from peak ${peak} ${money.compare(drawdown, drawdownLimit) > 0 ? '>' : '='} limit ${money.round(money.mul(drawdownLimit, '100'), 2)} % (policy v${limits.version})`,
      },
    ].filter((c): c is { key: string; reason: string } => c !== false && !remembered.includes(c.key));
    if (candidates.length > 0) {
      engage = { key: candidates.map((c) => c.key).join('+'), reason: candidates.map((c) => c.reason).join('; ') };
    }
  }
  const autoEngaged = engage === undefined ? remembered : [...remembered, ...engage.key.split('+')].slice(-MAX_REMEMBERED_BREACHES);
  return {
    state: {
      equityPeak: peak,
      peakAt,
      drawdown,
      exposureMultiplier: deRiskingMultiplier(Number(drawdown), policy.drawdownDeRisking),
      policyVersion: limits.version,
      updatedAt: input.now,
      autoEngaged,
    },
    dailyLoss,
    drawdown: { drawdown, peak, limit: drawdownLimit, breached: drawdownBreached },
    ...(engage === undefined ? {} : { engage }),
  };
}
