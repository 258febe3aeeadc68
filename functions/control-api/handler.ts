import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { METRICS } from '../../layers/contracts/metrics';
import { physicalName } from '../../layers/contracts/wiring';
import { AlpacaHistoricalData, AlpacaOptionChainSource } from '../../layers/adapters/alpaca';
import { DynamoStrategyRegistry } from '../../layers/adapters/aws/dynamo';
import { DynamoRiskReportReader } from '../../layers/adapters/aws/dynamo/risk-reports';
import { emitMetric } from '../../layers/adapters/lambda/metrics';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { readStrategiesOverview } from '../../layers/adapters/runtime/strategies-overview';
import { reportPortfolioRisk } from '../../layers/core/trading';
import { protectPosition } from '../../layers/core/trading/proposePositionProtection';
import { backtestDeps } from './backtest-deps';
import { discoveryDeps } from './discovery-deps';
import { routeControlRequest } from './routes';

const observability = createObservability('control-api');
const { logger, metrics } = observability;

/** The strategy registry on the `strategies` table, one per table prefix (the local runtime changes the prefix between runs). */
let registry: { readonly prefix: string; readonly store: DynamoStrategyRegistry } | undefined;
function strategyRegistry(prefix: string): DynamoStrategyRegistry {
  if (registry?.prefix !== prefix) registry = { prefix, store: new DynamoStrategyRegistry(physicalName.table(prefix, 'strategies')) };
  return registry.store;
}

/** The control API behind API Gateway (IAM-authorised routes from CONTROL_API_ROUTES). */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => {
  const deps = container();
  const alpaca = await deps.alpaca();
  const accountId = deps.config.TRADELOOP_ACCOUNT_ID;
  const response = await routeControlRequest(event, {
    accountId,
    clock: alpaca.clock,
    broker: alpaca.broker,
    limits: deps.aws.stores.limits,
    orders: deps.aws.stores.orders,
    positions: deps.aws.stores.positions,
    events: deps.aws.events,
    orderIntents: deps.aws.orderIntents,
    flattenAudit: deps.aws.stores.strategyState,
    strategies: () => readStrategiesOverview(deps, alpaca, strategyRegistry(deps.config.TRADELOOP_TABLE_PREFIX)),
    registry: strategyRegistry(deps.config.TRADELOOP_TABLE_PREFIX),
    // Built on first use: only the backtest routes need the results bucket and a launcher.
    backtests: () => backtestDeps(process.env, deps.config.TRADELOOP_TABLE_PREFIX),
    discovery: () => discoveryDeps(process.env, deps.config.TRADELOOP_TABLE_PREFIX),
    // POST runs the risk-report use case in this invocation (see functions/control-api/risk.ts for why).
    riskReport: () => ({
      accountId,
      clock: alpaca.clock,
      reports: new DynamoRiskReportReader(physicalName.table(deps.config.TRADELOOP_TABLE_PREFIX, 'strategy-state')),
      sessionDate: (at) => deps.calendar.sessionDate(at),
      run: (at) => {
        const history = new AlpacaHistoricalData(alpaca.clients, { feed: deps.config.TRADELOOP_MARKET_DATA_FEED, adjustment: 'all' });
        return reportPortfolioRisk(
          {
            clock: alpaca.clock,
            calendar: deps.calendar,
            broker: alpaca.broker,
            marketData: { dailyBars: (symbols, from, to) => history.bars(symbols, from, to, '1Day') },
            limits: deps.aws.stores.limits,
            reports: deps.aws.stores.strategyState,
            config: { accountId },
          },
          // Not a scheduled routine: labelled intraday, the routine of any time the book is live.
          { routine: 'intraday', at },
        );
      },
    }),
    protection: () => ({
      policy: async () => (await deps.aws.stores.limits.currentLimits(accountId)).limits.protection,
      run: (request) =>
        protectPosition(
          { accountId, clock: alpaca.clock, calendar: deps.calendar, broker: alpaca.broker, options: new AlpacaOptionChainSource(alpaca.optionsMarketData, alpaca.marketData, alpaca.clock), events: deps.aws.events },
          request,
        ),
    }),
  });
  if (event.rawPath === '/kill-switch' && response.statusCode === 200) {
    const engaged = (await deps.aws.stores.limits.killSwitch(accountId)).engaged;
    emitMetric(metrics, METRICS.killSwitchEngaged, engaged ? 1 : 0, accountId, {}, 'None');
    logger.warn('kill switch changed', { engaged, caller: event.requestContext.http.sourceIp });
  }
  return response;
});
