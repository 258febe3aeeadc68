import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { METRICS } from '../../layers/contracts/metrics';
import { parseBusEvent } from '../../layers/adapters/lambda/bus-event';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { RECONCILE_LOOKBACK_MS, WATERMARKS } from '../../layers/adapters/runtime/trading-config';
import { protectAgainstLosses, reconcileAccount } from '../../layers/core/trading';
import type { ReconcileSummary } from '../../layers/core/trading';

const observability = createObservability('reconcile');
const { logger, metrics } = observability;

interface ReconcileWatermark {
  readonly since: number;
}

/**
 * Brings the store in line with broker truth: positions replaced, orders moved forward (fills,
 * cancels), order.updated published per change. Triggered by order.submitted and by the market
 * routines. Keeps its watermark in the strategy-state table so each run only reads new broker updates.
 */
export const handler = middy<EventBridgeEvent<string, unknown>, ReconcileSummary, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => {
  parseBusEvent(event, ['order.submitted', 'routine.started']);
  const deps = container();
  const accountId = deps.config.TRADELOOP_ACCOUNT_ID;
  const alpaca = await deps.alpaca();
  const stateStore = deps.aws.stores.strategyState;
  const mark = await stateStore.load<ReconcileWatermark>(WATERMARKS.reconcile, accountId);
  const summary = await reconcileAccount(
    {
      clock: alpaca.clock,
      broker: alpaca.broker,
      orders: deps.aws.stores.orders,
      positions: deps.aws.stores.positions,
      events: deps.aws.events,
      config: { accountId, lookbackMs: RECONCILE_LOOKBACK_MS },
    },
    mark ? { since: mark.state.since } : {},
  );
  if (summary.watermark !== undefined && summary.watermark !== mark?.state.since) {
    // A lost race only means a concurrent run stored a watermark too; both read broker truth.
    await stateStore.save<ReconcileWatermark>(
      { strategyId: WATERMARKS.reconcile, symbol: accountId, state: { since: summary.watermark }, version: (mark?.version ?? 0) + 1 },
      mark?.version ?? 0,
    );
  }
  // Loss protection: equity peak, drawdown and sizing multiplier kept; the kill switch engaged on a breach (never released here).
  const protection = await protectAgainstLosses({
    accountId,
    clock: alpaca.clock,
    calendar: deps.calendar,
    broker: alpaca.broker,
    limits: deps.aws.stores.limits,
    strategyState: stateStore,
    events: deps.aws.events,
  });
  const { account, dailyLoss } = protection;
  emitMetric(metrics, METRICS.equity, Number(account.equity), accountId, {}, 'None');
  emitMetric(metrics, METRICS.dailyPnl, Number(dailyLoss.dailyPnl), accountId, {}, 'None');
  // The alarm on this metric pages the operator; the kill switch was engaged above if the breach is new.
  emitMetric(metrics, METRICS.dailyLossLimitBreached, dailyLoss.breached ? 1 : 0, accountId, {}, 'None');
  if (dailyLoss.breached) logger.warn('daily loss limit breached', { ...dailyLoss });
  if (protection.drawdown.breached) logger.warn('drawdown limit breached', { ...protection.drawdown });
  if (protection.engaged) logger.error('kill switch engaged automatically', { reason: protection.killSwitch.reason });
  if (summary.ordersUpdated > 0) logger.info('orders reconciled', { ...summary });
  return summary;
});
