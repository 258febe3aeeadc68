import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { METRICS } from '../../layers/contracts/metrics';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { parseBusEvent } from '../../layers/adapters/lambda/bus-event';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { activeStrategies, SIGNAL_TTL_SECONDS, SIZING } from '../../layers/adapters/runtime/trading-config';
import { runStrategiesOnBar } from '../../layers/core/trading';
import type { RunStrategiesResult } from '../../layers/core/trading';

const observability = createObservability('signal-engine');
const { logger, metrics } = observability;
const strategies = activeStrategies();

/**
 * Runs every active strategy on one closed bar (bar.closed), persists the strategy state, publishes
 * signal.generated when a view changes and enqueues the sized order intent on order-intents.
 */
export const handler = middy<EventBridgeEvent<string, unknown>, RunStrategiesResult, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => {
  const { detail: bar } = parseBusEvent(event, ['bar.closed']);
  const deps = container();
  const alpaca = await deps.alpaca();
  const result = await runStrategiesOnBar(
    {
      clock: alpaca.clock,
      strategies,
      strategyState: deps.aws.stores.strategyState,
      signals: deps.aws.stores.signals,
      events: deps.aws.events,
      broker: alpaca.broker,
      intents: deps.aws.orderIntents,
      config: { accountId: deps.config.TRADELOOP_ACCOUNT_ID, sizing: SIZING, signalTtlSeconds: SIGNAL_TTL_SECONDS },
    },
    bar,
  );
  const signalled = result.outcomes.filter((o) => o.kind !== 'ignored' && o.kind !== 'no-signal').length;
  if (signalled > 0) emitMetric(metrics, METRICS.signalsGenerated, signalled, deps.config.TRADELOOP_ACCOUNT_ID);
  logger.debug('bar processed', { symbol: bar.symbol, barStart: bar.start, outcomes: result.outcomes.map((o) => o.kind) });
  return result;
});
