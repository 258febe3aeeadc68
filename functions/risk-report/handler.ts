import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { AlpacaHistoricalData, AlpacaOptionChainSource } from '../../layers/adapters/alpaca';
import { OPTIONS_CORRELATOR } from '../../layers/adapters/runtime/trading-config';
import { parseBusEvent } from '../../layers/adapters/lambda/bus-event';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { METRICS } from '../../layers/contracts/metrics';
import { reportPortfolioRisk } from '../../layers/core/trading';
import { protectAfterRiskReport } from '../../layers/core/trading/proposePositionProtection';
import type { PortfolioRiskReport } from '../../layers/core/trading';

const observability = createObservability('risk-report');
const { logger, metrics } = observability;

/**
 * At the close and nightly (routine.started): the risk report of the current book (positions and equity
 * from the broker, ~1 year of adjusted daily bars per held symbol and option underlying, option IVs from the
 * chain snapshot; options are revalued in full), stored per account and session date in
 * strategy-state and published as CloudWatch metrics (USD gauges, positive = loss). Daily bars are read
 * uncached: the close run must not serve its bars to the nightly run. A broker or market-data failure
 * throws: EventBridge retries the invocation, then parks the event in the DLQ.
 */
export const handler = middy<EventBridgeEvent<string, unknown>, PortfolioRiskReport, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => {
    const { detail: routine } = parseBusEvent(event, ['routine.started']);
    const deps = container();
    const accountId = deps.config.TRADELOOP_ACCOUNT_ID;
    const alpaca = await deps.alpaca();
    const options = new AlpacaOptionChainSource(alpaca.optionsMarketData, alpaca.marketData, alpaca.clock);
    const history = new AlpacaHistoricalData(alpaca.clients, { feed: deps.config.TRADELOOP_MARKET_DATA_FEED, adjustment: 'all' });
    const { report, stored } = await reportPortfolioRisk(
      {
        clock: alpaca.clock,
        calendar: deps.calendar,
        broker: alpaca.broker,
        marketData: { dailyBars: (symbols, from, to) => history.bars(symbols, from, to, '1Day') },
        limits: deps.aws.stores.limits,
        reports: deps.aws.stores.strategyState,
        // Held options take their IV from the chain's quote mid (the broker's mark when the chain lacks the contract).
        options,
        config: { accountId, optionRates: { r: OPTIONS_CORRELATOR.selection.r, q: OPTIONS_CORRELATOR.selection.q } },
      },
      routine,
    );
    // Protection proposals at the close, when the policy enables them (off by default); never fails the stored report.
    const protection = await protectAfterRiskReport(
      { accountId, clock: alpaca.clock, calendar: deps.calendar, broker: alpaca.broker, options, events: deps.aws.events, limits: deps.aws.stores.limits },
      report,
    ).catch((error: unknown) => ({ proposed: [], none: [], failed: [error instanceof Error ? error.message : String(error)] }));
    if (protection.proposed.length > 0 || protection.none.length > 0) logger.info('protection proposals', { proposed: protection.proposed.map((p) => p.proposalId), none: protection.none });
    if (protection.failed.length > 0) logger.warn('protection proposals failed', { failed: protection.failed });
    const at95 = report.var.find((l) => l.confidence === 0.95);
    const at99 = report.var.find((l) => l.confidence === 0.99);
    const loss = (scenarioId: string): number => -(report.stress.find((s) => s.scenarioId === scenarioId)?.pnl ?? 0);
    emitMetric(metrics, METRICS.portfolioVar95, at95?.historical.var ?? 0, accountId, {}, 'None');
    emitMetric(metrics, METRICS.portfolioVar99, at99?.historical.var ?? 0, accountId, {}, 'None');
    emitMetric(metrics, METRICS.portfolioCvar99, at99?.historical.cvar ?? 0, accountId, {}, 'None');
    emitMetric(metrics, METRICS.portfolioVar99Gaussian, at99?.gaussian.var ?? 0, accountId, {}, 'None');
    emitMetric(metrics, METRICS.stressEquityDown20, loss('equity-down-20'), accountId, {}, 'None');
    emitMetric(metrics, METRICS.stressCombined, loss('combined'), accountId, {}, 'None');
    // The alarm on this one pages the operator when the book's 99 % VaR is over the policy's post-trade VaR limit.
    if (report.limit.usage !== null) emitMetric(metrics, METRICS.portfolioVar99LimitUsage, 100 * report.limit.usage, accountId, {}, 'Percent');
    if (report.limit.breached) logger.warn('portfolio VaR99 over the post-trade VaR limit', { asOf: report.asOf, ...report.limit });
    if (report.unmodelled.length > 0) logger.warn('positions left out of the risk figures', { unmodelled: report.unmodelled });
    if (!stored) logger.warn('risk report not stored: concurrent writes of this session\'s report kept winning', { asOf: report.asOf });
    logger.info('risk report', { asOf: report.asOf, routine: report.routine, equity: report.equity, observations: report.observations, var99: at99?.historical.var, usage: report.limit.usage });
    return report;
  });
