import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ApprovedOrderV1 } from '../../layers/contracts';
import { METRICS } from '../../layers/contracts/metrics';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { processQueueBatch } from '../../layers/adapters/lambda/queue-batch';
import { container } from '../../layers/adapters/runtime/container';
import { executeApprovedOrder } from '../../layers/core/trading';

const observability = createObservability('execute-order');
const { logger, metrics } = observability;

/**
 * Consumes orders (SQS FIFO): submits each approved order to the broker with its deterministic client
 * order id, claimed first by a conditional write, so a duplicate delivery or a retried invocation
 * never places a second order. Broker transport failures are retried; refusals are recorded and published.
 */
export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event, context) => {
  const deps = container();
  const accountId = deps.config.TRADELOOP_ACCOUNT_ID;
  return processQueueBatch(event, context, {
    source: 'execute-order',
    schema: ApprovedOrderV1,
    deadLetters: deps.aws.approvedOrdersDeadLetters,
    now: Date.now,
    onParked: (reason, record) => logger.error('approved order parked in the DLQ', { reason, messageId: record.messageId }),
    handle: async (approved) => {
      logger.appendKeys({ correlationId: approved.intent.intentId });
      const alpaca = await deps.alpaca();
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
      } finally {
        logger.removeKeys(['correlationId']);
      }
    },
  });
});
