import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { OptionsCorrelatorEnvV1 } from '../../layers/contracts';
import { AlpacaOptionChainSource } from '../../layers/adapters/alpaca';
import { parseBusEvent } from '../../layers/adapters/lambda/bus-event';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { OPTIONS_CORRELATOR } from '../../layers/adapters/runtime/trading-config';
import { proposeOptionsStrategy } from '../../layers/core/trading';
import type { ProposeOptionsOutcome } from '../../layers/core/trading';

const observability = createObservability('options-correlator');
const { logger } = observability;


/**
 * Subscribed to signal.generated: maps the stock signal and the IV rank to an option structure from the live
 * chain (decision table, DTE, target deltas, liquidity), sizes it and publishes options.strategy.proposed. The
 * intent goes on order-intents only when TRADELOOP_OPTIONS_AUTO_SUBMIT is true. A bad event is parked in the
 * function's DLQ after the async retries; broker/market-data transport failures are retried.
 */
export const handler = middy<EventBridgeEvent<string, unknown>, ProposeOptionsOutcome['kind'], Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => {
    const { detail: signal } = parseBusEvent(event, ['signal.generated']);
    logger.appendKeys({ signalId: signal.signalId, symbol: signal.symbol });
    const deps = container();
    // Parsed per invocation (a zod parse of one variable): the local runtime sets the environment after loading handlers.
    const env = OptionsCorrelatorEnvV1.parse({ TRADELOOP_OPTIONS_AUTO_SUBMIT: process.env['TRADELOOP_OPTIONS_AUTO_SUBMIT'] });
    const alpaca = await deps.alpaca();
    const outcome = await proposeOptionsStrategy(
      {
        clock: alpaca.clock,
        calendar: deps.calendar,
        options: new AlpacaOptionChainSource(alpaca.optionsMarketData, alpaca.marketData, alpaca.clock),
        broker: alpaca.broker,
        ivHistory: deps.aws.stores.strategyState,
        events: deps.aws.events,
        intents: deps.aws.orderIntents,
        regimes: deps.aws.stores.currentRegime,
        config: { accountId: deps.config.TRADELOOP_ACCOUNT_ID, correlator: OPTIONS_CORRELATOR, autoSubmit: env.TRADELOOP_OPTIONS_AUTO_SUBMIT },
      },
      signal,
    );
    if (outcome.kind === 'proposed') logger.info('options strategy proposed', { structure: outcome.event.structure, quantity: outcome.event.quantity, submitted: outcome.event.submitted });
    else logger.debug('no options proposal', { outcome: outcome.kind, reason: outcome.reason });
    return outcome.kind;
  });
