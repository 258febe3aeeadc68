import { OrderIntentV1 } from '../../layers/contracts';
import { METRIC_DIMENSIONS, METRICS } from '../../layers/contracts/metrics';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability } from '../../layers/adapters/lambda/observability';
import { queueHandler } from '../../layers/adapters/lambda/queue-handler';
import { verifyOrderIntent } from '../../layers/core/trading';

const observability = createObservability('verify-trade');
const { logger, metrics } = observability;

/**
 * Consumes order-intents (SQS FIFO): pre-trade checks on each intent, every decision audited with
 * the policy version; approved orders go to the orders queue, rejections are published with each
 * failed check and reason. Malformed messages are parked in the DLQ with their validation error.
 */
export const handler = queueHandler({
  name: 'verify-trade',
  observability,
  schema: OrderIntentV1,
  deadLetters: (deps) => deps.aws.orderIntentsDeadLetters,
  correlationId: (intent) => intent.intentId,
  handle: async (intent, deps) => {
    const alpaca = await deps.alpaca();
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
      },
      intent,
    );
    if (outcome.kind === 'rejected') {
      for (const check of outcome.rejection.failedChecks) {
        emitMetric(metrics, METRICS.ordersRejected, 1, intent.accountId, { [METRIC_DIMENSIONS.checkId]: check.checkId });
      }
    }
    logger.info('intent verified', { outcome: outcome.kind, intentId: intent.intentId });
  },
});
