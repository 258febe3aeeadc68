import { ApprovedOrderV1 } from '../../layers/contracts';
import { METRICS } from '../../layers/contracts/metrics';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability } from '../../layers/adapters/lambda/observability';
import { queueHandler } from '../../layers/adapters/lambda/queue-handler';
import { executeApprovedOrder } from '../../layers/core/trading';

const observability = createObservability('execute-order');
const { logger, metrics } = observability;

/**
 * Consumes orders (SQS FIFO): submits each approved order to the broker with its deterministic client
 * order id, claimed first by a conditional write, so a duplicate delivery or a retried invocation
 * never places a second order. Broker transport failures are retried; refusals are recorded and published.
 */
export const handler = queueHandler({
  name: 'execute-order',
  observability,
  schema: ApprovedOrderV1,
  deadLetters: (deps) => deps.aws.approvedOrdersDeadLetters,
  correlationId: (approved) => approved.intent.intentId,
  handle: async (approved, deps) => {
    const alpaca = await deps.alpaca();
    const accountId = approved.intent.accountId;
    try {
      const outcome = await executeApprovedOrder(
        { clock: alpaca.clock, limits: deps.aws.stores.limits, broker: alpaca.broker, orders: deps.aws.stores.orders, events: deps.aws.events },
        approved,
      );
      if (outcome.kind === 'submitted' && !outcome.recovered) emitMetric(metrics, METRICS.ordersSubmitted, 1, accountId);
      logger.info('approved order executed', { outcome: outcome.kind, clientOrderId: approved.clientOrderId });
    } catch (error) {
      emitMetric(metrics, METRICS.brokerErrors, 1, accountId);
      throw error;
    }
  },
});
