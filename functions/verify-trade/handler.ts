import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { OrderIntentV1 } from '../../layers/contracts';
import { METRIC_DIMENSIONS, METRICS } from '../../layers/contracts/metrics';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { processQueueBatch } from '../../layers/adapters/lambda/queue-batch';
import { container } from '../../layers/adapters/runtime/container';
import { verifyOrderIntent } from '../../layers/core/trading';

const observability = createObservability('verify-trade');
const { logger, metrics } = observability;

/**
 * Consumes order-intents (SQS FIFO): pre-trade checks on each intent, every decision audited with
 * the policy version; approved orders go to the orders queue, rejections are published with each
 * failed check and reason. Malformed messages are parked in the DLQ with their validation error.
 */
export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event, context) => {
  const deps = container();
  const accountId = deps.config.TRADELOOP_ACCOUNT_ID;
  return processQueueBatch(event, context, {
    source: 'verify-trade',
    schema: OrderIntentV1,
    deadLetters: deps.aws.orderIntentsDeadLetters,
    now: Date.now,
    onParked: (reason, record) => logger.error('order intent parked in the DLQ', { reason, messageId: record.messageId }),
    handle: async (intent) => {
      logger.appendKeys({ correlationId: intent.intentId });
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
          emitMetric(metrics, METRICS.ordersRejected, 1, accountId, { [METRIC_DIMENSIONS.checkId]: check.checkId });
        }
      }
      logger.info('intent verified', { outcome: outcome.kind, intentId: intent.intentId });
      logger.removeKeys(['correlationId']);
    },
  });
});
