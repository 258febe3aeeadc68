import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { AlpacaHistoricalData } from '../../layers/adapters/alpaca';
import { parseBusEvent } from '../../layers/adapters/lambda/bus-event';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { detectRegime } from '../../layers/core/trading';
import type { DetectRegimeResult } from '../../layers/core/trading';

const observability = createObservability('regime-detector');
const { logger } = observability;

/**
 * On the nightly and pre-market routines (routine.started): for each watchlist symbol, about 3 years of
 * split- and dividend-adjusted daily bars from Alpaca, the regime model refitted on them, the current regime
 * recorded in DynamoDB and regime.changed published when the label changed. Daily bars are read uncached:
 * a warm container must not serve the pre-market run's bars to the nightly run of the same session.
 * A market-data failure throws: EventBridge retries the invocation, then parks the event in the DLQ.
 */
export const handler = middy<EventBridgeEvent<string, unknown>, DetectRegimeResult, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => {
    const { detail: routine } = parseBusEvent(event, ['routine.started']);
    const deps = container();
    const alpaca = await deps.alpaca();
    const history = new AlpacaHistoricalData(alpaca.clients, { feed: deps.config.TRADELOOP_MARKET_DATA_FEED, adjustment: 'all' });
    const result = await detectRegime(
      {
        clock: alpaca.clock,
        calendar: deps.calendar,
        marketData: { dailyBars: (symbols, from, to) => history.bars(symbols, from, to, '1Day') },
        regimes: deps.aws.stores.currentRegime,
        events: deps.aws.events,
        config: { watchlist: deps.config.TRADELOOP_WATCHLIST },
      },
      routine,
    );
    for (const outcome of result.outcomes) {
      if (outcome.kind === 'changed') logger.info('regime changed', { symbol: outcome.symbol, from: outcome.event.previousLabel, to: outcome.event.label, asOf: outcome.event.asOf, confidence: outcome.event.confidence });
      else if (outcome.kind === 'no-regime') logger.warn('no regime', { symbol: outcome.symbol, reason: outcome.reason });
    }
    logger.debug('regimes detected', { routine: result.routine, changed: result.changed, outcomes: result.outcomes.map((o) => o.kind) });
    return result;
  });
