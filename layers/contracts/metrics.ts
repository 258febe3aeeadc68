import type { FunctionName } from './wiring';

/**
 * Custom CloudWatch metrics: one namespace and one list of names shared by the functions that emit
 * them (through Powertools Metrics) and the dashboard and alarms that read them, so a renamed metric
 * breaks the type-check instead of silently flat-lining a graph.
 */

/** CloudWatch namespace of every tradeloop custom metric (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = 'Tradeloop';

/** Dimension names used on custom metrics. */
export const METRIC_DIMENSIONS = {
  /** Trading account the metric belongs to (every custom metric carries it). */
  account: 'AccountId',
  /** The pre-trade check that rejected an order intent (on OrdersRejected). */
  checkId: 'CheckId',
} as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[keyof typeof METRIC_DIMENSIONS];

/** Custom metric names and what each one counts or measures. */
export const METRICS = {
  /** Count: orders sent to the broker. */
  ordersSubmitted: 'OrdersSubmitted',
  /** Count: orders the broker reported (partially or fully) filled. */
  ordersFilled: 'OrdersFilled',
  /** Count: order intents refused by a pre-trade check (dimension CheckId). */
  ordersRejected: 'OrdersRejected',
  /** Count: broker submissions that failed (after the client's own retries). */
  brokerErrors: 'BrokerErrors',
  /** Gauge (USD): account equity as last reconciled from the broker. */
  equity: 'Equity',
  /** Gauge (USD): today's profit and loss against the previous close's equity. */
  dailyPnl: 'DailyPnl',
  /** Gauge (0/1): 1 once today's loss reached the policy's daily loss limit. */
  dailyLossLimitBreached: 'DailyLossLimitBreached',
  /** Gauge (0/1): 1 while the account's kill switch is engaged. */
  killSwitchEngaged: 'KillSwitchEngaged',
  /** Count: signals published by the signal engine. */
  signalsGenerated: 'SignalsGenerated',
  /** Gauge (USD): 1-day 95 % VaR of the current book, historical full revaluation (positive loss). */
  portfolioVar95: 'PortfolioVaR95',
  /** Gauge (USD): 1-day 99 % VaR of the current book, historical full revaluation (positive loss). */
  portfolioVar99: 'PortfolioVaR99',
  /** Gauge (USD): 1-day 99 % CVaR (expected shortfall) of the current book, historical (positive loss). */
  portfolioCvar99: 'PortfolioCVaR99',
  /** Gauge (USD): 1-day 99 % Gaussian VaR of the book's daily P&L (positive loss). */
  portfolioVar99Gaussian: 'PortfolioVaR99Gaussian',
  /** Gauge (percent): 99 % VaR (larger of historical and Gaussian) as a share of the policy's post-trade VaR limit; ≥ 100 is a breach. */
  portfolioVar99LimitUsage: 'PortfolioVaR99LimitUsage',
  /** Gauge (USD): loss of the book if equities fall 20 % (β-scaled, full revaluation; positive loss, negative = gain). */
  stressEquityDown20: 'StressEquityDown20',
  /** Gauge (USD): loss under equity −20 %, implied vol +50 %, rates +200 bp together (positive loss). */
  stressCombined: 'StressCombined',
} as const;
export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/**
 * Which function emits each custom metric. Powertools Metrics always adds a `service` dimension
 * (POWERTOOLS_SERVICE_NAME, which the CDK app sets to the function name), and CloudWatch matches a
 * metric only on its exact dimension set, so the dashboard and alarms must know the emitter.
 * Emit a metric only from the function named here, with dimensions
 * `{ service, AccountId }` (plus `CheckId` for OrdersRejected).
 */
export const METRIC_EMITTERS = {
  OrdersSubmitted: 'execute-order',
  BrokerErrors: 'execute-order',
  OrdersFilled: 'reconcile',
  OrdersRejected: 'verify-trade',
  Equity: 'reconcile',
  DailyPnl: 'reconcile',
  DailyLossLimitBreached: 'reconcile',
  KillSwitchEngaged: 'control-api',
  SignalsGenerated: 'signal-engine',
  PortfolioVaR95: 'risk-report',
  PortfolioVaR99: 'risk-report',
  PortfolioCVaR99: 'risk-report',
  PortfolioVaR99Gaussian: 'risk-report',
  PortfolioVaR99LimitUsage: 'risk-report',
  StressEquityDown20: 'risk-report',
  StressCombined: 'risk-report',
} as const satisfies Readonly<Record<MetricName, FunctionName>>;

/** The Powertools default dimension that carries the emitting function's name. */
export const SERVICE_DIMENSION = 'service';
