import type { FunctionName } from './wiring';

/**
 * The control API's routes: one list for the API Gateway in the CDK app and the local API server,
 * so a route added here is served (and authenticated) in both places.
 */

export type HttpMethod = 'GET' | 'PUT' | 'POST';

export interface ApiRouteSpec {
  readonly method: HttpMethod;
  /** Path from the API root, starting with '/'. */
  readonly path: string;
  readonly description: string;
  /** The function that serves the route. */
  readonly target: FunctionName;
}

/** Every route requires IAM (SigV4) authentication in AWS; there is no anonymous endpoint. */
export const CONTROL_API_ROUTES: readonly ApiRouteSpec[] = [
  { method: 'GET', path: '/status', description: 'Trading status: account, kill switch, market session', target: 'control-api' },
  { method: 'GET', path: '/positions', description: 'Open positions of the account', target: 'control-api' },
  { method: 'GET', path: '/orders', description: 'Recent orders of the account', target: 'control-api' },
  { method: 'GET', path: '/limits', description: 'Current risk limits policy', target: 'control-api' },
  { method: 'PUT', path: '/limits', description: 'Store a new version of the risk limits policy', target: 'control-api' },
  { method: 'POST', path: '/kill-switch', description: 'Engage or release the kill switch', target: 'control-api' },
  { method: 'GET', path: '/strategies', description: 'Strategy registry with states', target: 'control-api' },
  { method: 'GET', path: '/registry', description: 'Strategy registry: every entry with its state, version and transition history', target: 'control-api' },
  { method: 'POST', path: '/registry/{id}/transition', description: 'Move a strategy between candidate, paper, live and retired with evidence; live only by the authenticated caller\'s approval', target: 'control-api' },
  { method: 'POST', path: '/backtests', description: 'Start a backtest sweep (SweepSpecV1) or one backtest (BacktestSpecV1); idempotent', target: 'control-api' },
  { method: 'GET', path: '/backtests/{id}', description: 'Status, progress and result summary of a backtest run', target: 'control-api' },
  { method: 'POST', path: '/discovery', description: 'Start a strategy discovery (DiscoverySpecV1) on Batch or locally; idempotent', target: 'control-api' },
  { method: 'GET', path: '/discovery/{id}', description: 'Status, progress and result summary of a discovery run', target: 'control-api' },
  { method: 'GET', path: '/risk/report', description: 'The stored risk report (VaR/CVaR 95/99, component VaR, stress) of a session (?date=YYYY-MM-DD) or the latest', target: 'control-api' },
  { method: 'POST', path: '/positions/{symbol}/protect', description: 'Propose a protective put or collar for a held long stock position (published as options.strategy.proposed, never submitted)', target: 'control-api' },
  { method: 'POST', path: '/risk/report', description: 'Run the risk report on the current book now and store it (a repeat within a minute returns the same report)', target: 'control-api' },
];
