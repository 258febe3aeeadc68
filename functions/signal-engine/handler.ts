import { BarClosedV1 } from '../../layers/contracts';
import { METRICS } from '../../layers/contracts/metrics';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability } from '../../layers/adapters/lambda/observability';
import { queueHandler } from '../../layers/adapters/lambda/queue-handler';
import type { Container } from '../../layers/adapters/runtime/container';
import { mlBindingSource } from '../../layers/adapters/runtime/ml-signal-engine';
import { ACTIVE_SET_TTL_MS, activeStrategies, OUTCOME_HORIZON_MS, SIGNAL_TTL_SECONDS, SIZING } from '../../layers/adapters/runtime/trading-config';
import type { Clock } from '../../layers/core/ports';
import { activeSetBindings, cachedBindings, combineBindingProviders, runStrategiesOnBar, type BindingProvider } from '../../layers/core/trading';

const observability = createObservability('signal-engine');
const { logger, metrics } = observability;

/**
 * The strategies to run, per container: the providers' bindings, re-read every ACTIVE_SET_TTL_MS of the clock.
 * The registry's active set (or the default SMA crossover while none was ever written) comes first; further
 * providers (an ML ensemble) append theirs. Rebuilt when the container is (the local runtime swaps stores).
 */
let bindings: { readonly container: Container; readonly provide: BindingProvider } | undefined;
function strategyBindings(deps: Container, clock: Clock): BindingProvider {
  if (bindings?.container !== deps) {
    const providers: BindingProvider[] = [
      activeSetBindings(deps.aws.stores.strategyState, activeStrategies, (skipped) => logger.warn('active strategies that no longer build were skipped', { skipped })),
    ];
    bindings = { container: deps, provide: cachedBindings(combineBindingProviders(providers), clock, ACTIVE_SET_TTL_MS) };
  }
  return bindings.provide;
}

/**
 * Consumes the bars queue (SQS FIFO, one group per symbol, so each symbol's bars arrive in time order):
 * runs every active strategy on each closed bar, persists the strategy state, publishes
 * signal.generated when a view changes and enqueues the sized order intent on order-intents.
 * A failed bar stops the rest of its symbol's batch (they are retried in order); malformed bars are parked.
 */
export const handler = queueHandler({
  name: 'signal-engine',
  observability,
  schema: BarClosedV1,
  deadLetters: (deps) => deps.aws.barsDeadLetters,
  handle: async (bar, deps) => {
    const accountId = deps.config.TRADELOOP_ACCOUNT_ID;
    const alpaca = await deps.alpaca();
    const strategies = await strategyBindings(deps, alpaca.clock)();
    // The registry's champion for this symbol (absent without a models bucket or a champion); its forecasts are stored after the bar.
    const ml = await mlBindingSource(deps, alpaca, logger)?.forBar(bar);
    const result = await runStrategiesOnBar(
      {
        clock: alpaca.clock,
        strategies: ml === undefined ? strategies : [...strategies, ...ml.bindings],
        strategyState: deps.aws.stores.strategyState,
        signals: deps.aws.stores.signals,
        events: deps.aws.events,
        broker: alpaca.broker,
        intents: deps.aws.orderIntents,
        limits: deps.aws.stores.limits,
        config: { accountId, sizing: SIZING, signalTtlSeconds: SIGNAL_TTL_SECONDS, outcomeHorizonMs: OUTCOME_HORIZON_MS },
      },
      bar,
    );
    await ml?.flush();
    if (result.exit.kind === 'exit') {
      const { fired } = result.exit;
      logger.info('position exit', { symbol: bar.symbol, barStart: bar.start, rule: fired.rule, reason: fired.reason, intentId: fired.intent.intentId, replayed: result.exit.replayed });
    }
    if (result.scored.length > 0) logger.debug('signals scored', { symbol: bar.symbol, barStart: bar.start, scored: result.scored.map((o) => ({ signalId: o.signalId, hit: o.hit })) });
    const signalled = result.outcomes.filter((o) => o.kind === 'signal').length;
    if (signalled > 0) emitMetric(metrics, METRICS.signalsGenerated, signalled, accountId);
    logger.debug('bar processed', { symbol: bar.symbol, barStart: bar.start, outcomes: result.outcomes.map((o) => o.kind) });
  },
});
