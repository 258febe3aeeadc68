import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { parseBusEvent } from '../../layers/adapters/lambda/bus-event';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { BAR_LOOKBACK_MS, WATERMARKS } from '../../layers/adapters/runtime/trading-config';
import { publishClosedBars } from '../../layers/core/trading';
import type { PublishClosedBarsResult } from '../../layers/core/trading';

const observability = createObservability('market-events');
const { logger } = observability;

/**
 * On each session minute (routine.started intraday) fetches the minute bars that closed since the
 * last run for the watchlist and publishes one bar.closed per bar, oldest first.
 */
export const handler = middy<EventBridgeEvent<string, unknown>, PublishClosedBarsResult, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => {
  const routine = parseBusEvent(event, ['routine.started']);
  const deps = container();
  const alpaca = await deps.alpaca();
  const result = await publishClosedBars(
    {
      marketData: alpaca.marketData,
      watermarks: deps.aws.stores.strategyState,
      bars: deps.aws.bars,
      events: deps.aws.events,
      calendar: deps.calendar,
      config: {
        watchlist: deps.config.TRADELOOP_WATCHLIST,
        feed: deps.config.TRADELOOP_MARKET_DATA_FEED,
        lookbackMs: BAR_LOOKBACK_MS,
        watermarkKey: WATERMARKS.marketEvents,
        session: 'regular',
      },
    },
    routine.detail.at,
  );
  logger.debug('bars published', { ...result });
  return result;
});
