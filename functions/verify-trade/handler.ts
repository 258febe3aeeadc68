import { OrderIntentV1 } from '../../layers/contracts';
import { METRIC_DIMENSIONS, METRICS } from '../../layers/contracts/metrics';
import { AlpacaOptionChainSource } from '../../layers/adapters/alpaca';
import { createAlpacaRiskMarketData } from '../../layers/adapters/alpaca/risk-market';
import { OPTIONS_CORRELATOR } from '../../layers/adapters/runtime/trading-config';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability } from '../../layers/adapters/lambda/observability';
import { queueHandler } from '../../layers/adapters/lambda/queue-handler';
import type { Container } from '../../layers/adapters/runtime/container';
import type { RiskMarketData } from '../../layers/core/ports/riskMarket';
import { verifyOrderIntent } from '../../layers/core/trading';

const observability = createObservability('verify-trade');
const { logger, metrics } = observability;

/** The asset master and daily bars, one cached adapter per container (a reset container gets a fresh one). */
const riskMarkets = new WeakMap<Container, Promise<RiskMarketData>>();
function riskMarketOf(deps: Container): Promise<RiskMarketData> {
  let pending = riskMarkets.get(deps);
  if (pending === undefined) {
    pending = createAlpacaRiskMarketData(deps.config, { now: () => Date.now(), dayOf: (ts) => deps.calendar.sessionDate(ts) });
    pending.catch(() => riskMarkets.delete(deps)); // a failed secret read is retried by the next invocation
    riskMarkets.set(deps, pending);
  }
  return pending;
}

/**
 * Consumes order-intents (SQS FIFO): pre-trade checks on each intent over one snapshot (account,
 * positions, working orders and order counts, equity peak, asset flags, daily ADV and volatility,
 * post-trade VaR, Greeks of held options and of option orders from the chain snapshot), every decision audited with the policy version and each check's measured value
 * and limit; approved orders go to the orders queue, rejections are published with each failed
 * check and reason. Malformed messages are parked in the DLQ with their validation error.
 */
export const handler = queueHandler({
  name: 'verify-trade',
  observability,
  schema: OrderIntentV1,
  deadLetters: (deps) => deps.aws.orderIntentsDeadLetters,
  correlationId: (intent) => intent.intentId,
  handle: async (intent, deps) => {
    const [alpaca, riskMarket] = await Promise.all([deps.alpaca(), riskMarketOf(deps)]);
    const outcome = await verifyOrderIntent(
      {
        clock: alpaca.clock,
        calendar: deps.calendar,
        limits: deps.aws.stores.limits,
        broker: alpaca.broker,
        marketData: alpaca.marketData,
        orders: deps.aws.stores.orders,
        audit: deps.aws.stores.riskAudit,
        approvedOrders: deps.aws.approvedOrders,
        events: deps.aws.events,
        riskMarket,
        strategyState: deps.aws.stores.strategyState,
        // Chains are read only when the book or the order holds options; IVs use the correlator's rates.
        options: new AlpacaOptionChainSource(alpaca.optionsMarketData, alpaca.marketData, alpaca.clock),
        greekRates: { r: OPTIONS_CORRELATOR.selection.r, q: OPTIONS_CORRELATOR.selection.q },
      },
      intent,
    );
    if (outcome.kind === 'rejected') {
      for (const check of outcome.rejection.failedChecks) {
        emitMetric(metrics, METRICS.ordersRejected, 1, intent.accountId, { [METRIC_DIMENSIONS.checkId]: check.checkId });
      }
    }
    if (outcome.warnings !== undefined) logger.warn('risk snapshot incomplete', { intentId: intent.intentId, warnings: outcome.warnings });
    logger.info('intent verified', { outcome: outcome.kind, intentId: intent.intentId });
  },
});
