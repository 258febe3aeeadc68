import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { physicalName } from '../../layers/contracts/wiring';
import { DynamoStrategyRegistry } from '../../layers/adapters/aws/dynamo';
import { parseBusEvent } from '../../layers/adapters/lambda/bus-event';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { STRATEGY_SELECTOR_POLICY } from '../../layers/adapters/runtime/trading-config';
import { selectActiveStrategies } from '../../layers/core/trading';
import type { SelectActiveStrategiesResult } from '../../layers/core/trading';

const observability = createObservability('strategy-selector');
const { logger } = observability;

/** The strategy registry on the `strategies` table, one per table prefix (the local runtime changes the prefix between runs). */
let registry: { readonly prefix: string; readonly store: DynamoStrategyRegistry } | undefined;
function strategyRegistry(prefix: string): DynamoStrategyRegistry {
  if (registry?.prefix !== prefix) registry = { prefix, store: new DynamoStrategyRegistry(physicalName.table(prefix, 'strategies')) };
  return registry.store;
}

/**
 * On the pre-market routine (routine.started): chooses the registry strategies the signal engine runs today
 * (regime, recorded out-of-sample Sharpe, live hit rate), demotes live strategies whose live hit rate is
 * significantly below the threshold, and stores the active set the signal engine reads. Times come from the
 * routine (`at`), so a redelivered event decides the same way. A store failure throws: EventBridge retries the
 * invocation, then parks the event in the DLQ.
 */
export const handler = middy<EventBridgeEvent<string, unknown>, SelectActiveStrategiesResult, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => {
    const { detail: routine } = parseBusEvent(event, ['routine.started']);
    const deps = container();
    const result = await selectActiveStrategies(
      {
        registry: strategyRegistry(deps.config.TRADELOOP_TABLE_PREFIX),
        regimes: deps.aws.stores.currentRegime,
        strategyState: deps.aws.stores.strategyState,
        config: { watchlist: deps.config.TRADELOOP_WATCHLIST, policy: STRATEGY_SELECTOR_POLICY },
      },
      routine,
    );
    if (result.kind === 'skipped') {
      logger.info('strategy selection skipped', { sessionDate: routine.sessionDate, reason: result.reason });
      return result;
    }
    for (const d of result.demotions) {
      if (d.result.kind === 'applied') logger.warn('strategy demoted on its live hit rate', { strategyId: d.strategyId, evidence: d.result.record.evidence });
      else logger.warn('strategy demotion not applied', { strategyId: d.strategyId, outcome: d.result.kind, ...(d.result.kind === 'rejected' ? { reason: d.result.reason } : {}) });
    }
    logger.info('active strategies selected', {
      sessionDate: result.set.sessionDate,
      version: result.version,
      strategies: result.set.strategies.map((s) => ({ strategyId: s.strategyId, state: s.registryState, symbols: s.symbols })),
    });
    return result;
  });
