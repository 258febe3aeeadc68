import type { ApprovedOrderV1, OrderIntentV1, OrderRejectedV1, RiskLimitsV1 } from '../../contracts';
import { clientOrderIdFor } from '../execution';
import type { TradingCalendar } from '../market';
import type {
  ApprovedOrderQueue,
  Broker,
  Clock,
  EventPublisher,
  LimitsStore,
  MarketData,
  OrderRecord,
  OrderStore,
  RiskAuditStore,
  RiskDecisionRecord,
  StrategyStateStore,
} from '../ports';
import type { OptionsMarketData } from '../ports/optionsMarket';
import type { RiskMarketData } from '../ports/riskMarket';
import { parseOccSymbol, type ChainFilter, type OptionChainSnapshot } from '../options';
import {
  contractGreeks,
  DAILY_STATS_LOOKBACK_DAYS,
  dailyStatsFromBars,
  type GreekRates,
  isOptionSymbol,
  optionRoot,
  orderGreeks,
  positionGreeksFromChains,
  effectiveLimits,
  instrumentSymbol,
  loadAccountRiskState,
  localDayBounds,
  type MarketSnapshot,
  orderActivity,
  type PreTradeCheck,
  type PreTradeContext,
  type RiskVerdict,
  type SymbolStatsView,
  undiversifiedParametricVar,
  verifyIntent,
} from '../risk';

export interface VerifyDeps {
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  readonly limits: LimitsStore;
  readonly broker: Broker;
  readonly marketData: MarketData;
  readonly orders: OrderStore;
  readonly audit: RiskAuditStore;
  readonly approvedOrders: ApprovedOrderQueue;
  readonly events: EventPublisher;
  /** The checks to run; the registry's PRE_TRADE_CHECKS when absent. */
  readonly checks?: readonly PreTradeCheck[];
  /** Asset master and daily bars for halts, borrow, ADV, volatility and VaR; without it those checks say "not measured". */
  readonly riskMarket?: RiskMarketData;
  /** Where reconcile keeps the account's equity peak (AccountRiskState); without it the drawdown is judged from today's figures. */
  readonly strategyState?: StrategyStateStore;
  /** Option chains (quotes) for the Greeks of held option positions and of option orders; without it those Greeks are "not measured". */
  readonly options?: OptionsMarketData;
  /** Rates the option IVs and Greeks are solved with (default r = q = 0, as the correlator's default). */
  readonly greekRates?: GreekRates;
}

/** Most order records read for the activity counts (rate limits, day trades, working orders). */
export const MAX_ACTIVITY_ORDERS = 1000;

export type VerifyOutcome = (
  | { readonly kind: 'approved'; readonly approved: ApprovedOrderV1; readonly verdict: RiskVerdict }
  | { readonly kind: 'rejected'; readonly rejection: OrderRejectedV1; readonly verdict: RiskVerdict }
  /** The intent already became an order (a re-delivered intent): nothing sent, nothing published. */
  | { readonly kind: 'duplicate'; readonly existingOrder: OrderRecord; readonly verdict: RiskVerdict }
) & {
  /** Snapshot sources that failed (their checks said "not measured" or failed closed): for the logs. */
  readonly warnings?: readonly string[];
};

/**
 * Pre-trade verification of one order intent. Reads one snapshot (kill switch and limits
 * strongly consistent, broker account and positions, the symbol's latest trade, the order
 * stored under the intent's client order id), runs every check, records the decision in the
 * audit trail before acting, then sends the ApprovedOrderV1 or publishes order.rejected with
 * every failed check.
 *
 * Duplicate delivery: if an order already exists for the intent, the intent was verified and
 * executed before. The verdict is still audited (as a new entry: the trail is append-only, the
 * original approval is not overwritten), but neither order.rejected (the order is live, calling
 * it rejected would be false) nor a second approval is sent.
 *
 * The first decision is final: a re-delivery that arrives after a decision was recorded but before
 * execution claimed the order (or after a crash between recording and acting) repeats that decision
 * instead of judging again, so a later snapshot (staler data, a closed market) can never publish a
 * rejection for an intent that was approved. Repeating is safe: the orders queue de-duplicates on the
 * intent, execution's conditional claim makes a second approval a no-op, and order.rejected is
 * at-least-once.
 */
export async function verifyOrderIntent(deps: VerifyDeps, intent: OrderIntentV1): Promise<VerifyOutcome> {
  const clientOrderId = clientOrderIdFor(intent.intentId);
  const [earlier, existingOrder] = await Promise.all([deps.audit.firstDecision(intent.intentId), deps.orders.get(clientOrderId)]);
  if (earlier !== undefined && existingOrder === undefined) return repeatDecision(deps, intent, clientOrderId, earlier);

  const [now, killSwitch, limits, account, positions, trades] = await Promise.all([
    deps.clock.now(),
    deps.limits.killSwitch(intent.accountId),
    deps.limits.currentLimits(intent.accountId),
    deps.broker.account(),
    deps.broker.positions(),
    // The underlying's trade for an option order: the stock trades endpoint has no option prints (an OCC symbol
    // there is an error at Alpaca), and the option collar measures the limit against the intent's own mid.
    deps.marketData.latestTrades([intent.symbol]),
  ]);
  const lastTrade = trades.get(intent.symbol);
  const snapshot = await marketSnapshot(deps, intent, { now, positions, policy: effectiveLimits(limits.limits, intent.strategyId), clientOrderId });
  const context: PreTradeContext = {
    now,
    calendar: deps.calendar,
    killSwitch,
    limits,
    account,
    positions,
    ...(lastTrade === undefined ? {} : { lastTrade }),
    ...(existingOrder === undefined ? {} : { existingOrder }),
    openOrders: snapshot.openOrders,
    // The account's options level comes with the account, not from the market snapshot's sources.
    market: account.optionsApprovalLevel === undefined ? snapshot.market : { ...snapshot.market, optionsApprovalLevel: account.optionsApprovalLevel },
  };
  const verdict = verifyIntent(intent, context, deps.checks);

  await deps.audit.record({
    intentId: intent.intentId,
    accountId: intent.accountId,
    symbol: intent.symbol,
    decidedAt: now,
    approved: verdict.approved,
    policyVersion: verdict.policyVersion,
    checks: verdict.checks,
    intent,
  });

  const warnings = snapshot.warnings.length > 0 ? { warnings: snapshot.warnings } : {};
  if (existingOrder !== undefined) return { kind: 'duplicate', existingOrder, verdict, ...warnings };
  return { ...(await actOnDecision(deps, intent, clientOrderId, verdict, now)), ...warnings };
}

/**
 * The market part of the pre-trade snapshot, read from the ports and reduced by pure core
 * functions so the checks stay pure: order activity and working orders from the orders table,
 * the equity peak from the account risk state, asset flags and daily statistics (ADV, realised
 * volatility) from the risk market port, and a conservative post-trade VaR from those statistics.
 * A source that fails leaves its part absent: the checks that need it then say "not measured", or
 * fail closed when the policy says so; the failure is reported in `warnings`.
 */
export async function marketSnapshot(
  deps: Pick<VerifyDeps, 'orders' | 'riskMarket' | 'strategyState' | 'calendar' | 'options' | 'greekRates'>,
  intent: OrderIntentV1,
  input: { readonly now: number; readonly positions: PreTradeContext['positions']; readonly policy: RiskLimitsV1; readonly clientOrderId: string },
): Promise<{ readonly market: MarketSnapshot; readonly openOrders: NonNullable<PreTradeContext['openOrders']>; readonly warnings: readonly string[] }> {
  const { now, positions, policy } = input;
  const warnings: string[] = [];
  const soft = <T>(what: string, promise: Promise<T> | undefined): Promise<T | undefined> =>
    promise === undefined
      ? Promise.resolve(undefined)
      : promise.catch((error: unknown) => {
          warnings.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
  const symbols = [...new Set([instrumentSymbol(intent), intent.symbol, ...positions.map((p) => p.symbol)])];
  const today = deps.calendar.sessionDate(now);
  const chainRequests = optionChainRequests(intent, positions);
  const [orders, riskState, assets, bars, chains] = await Promise.all([
    deps.orders.listByAccount(intent.accountId, Math.min(MAX_ACTIVITY_ORDERS, policy.maxOrdersPerDay + 1)),
    soft('account risk state', deps.strategyState === undefined ? undefined : loadAccountRiskState(deps.strategyState, intent.accountId)),
    soft('assets', deps.riskMarket?.assets([instrumentSymbol(intent)])),
    soft('daily bars', deps.riskMarket?.dailyBars(symbols, now - DAILY_STATS_LOOKBACK_DAYS * 86_400_000, now)),
    chainRequests.size === 0 || deps.options === undefined ? undefined : readChains(deps.options, chainRequests, soft),
  ]);
  const { activity, openOrders } = orderActivity(orders, now, deps.calendar, input.clientOrderId);
  let stats: Record<string, SymbolStatsView> | undefined;
  if (bars !== undefined) {
    stats = {};
    // Today's bar is still forming: statistics are of completed sessions only (bars are oldest first, so only the tail can be today's).
    const [todayStart] = localDayBounds(deps.calendar, today);
    for (const [symbol, list] of bars) {
      let end = list.length;
      while (end > 0 && (list[end - 1]?.start ?? 0) >= todayStart) end -= 1;
      stats[symbol] = dailyStatsFromBars(end === list.length ? list : list.slice(0, end));
    }
  }
  const assetRecord = assets === undefined ? undefined : Object.fromEntries([...assets].map(([symbol, a]) => [symbol, a]));
  const postTradeVar = stats === undefined ? undefined : undiversifiedParametricVar(intent, positions, stats);
  const greeks = chains === undefined ? undefined : optionGreeksOf(intent, positions, chains, deps.calendar, deps.greekRates ?? { r: 0, q: 0 });
  if (greeks !== undefined) warnings.push(...greeks.missing.map((m) => `option Greeks: ${m}`));
  const market: MarketSnapshot = {
    activity,
    ...(riskState?.state.equityPeak === undefined ? {} : { equityPeak: riskState.state.equityPeak }),
    ...(assetRecord === undefined ? {} : { assets: assetRecord }),
    ...(stats === undefined ? {} : { stats }),
    ...(postTradeVar === undefined ? {} : { postTradeVar: postTradeVar.value, postTradeVarMethod: postTradeVar.method }),
    ...(greeks === undefined ? {} : { positionGreeks: greeks.positionGreeks, underlyingGreeks: greeks.byUnderlying }),
    ...(greeks?.order === undefined ? {} : { orderGreeks: greeks.order }),
  };
  return { market, openOrders, warnings };
}

/**
 * The chains the Greeks need, per underlying: the expiries and strikes of its held option positions and of the
 * order's contracts (one query per underlying bounded by them, so a wide chain is not read whole). Empty when
 * neither the book nor the order holds options: stock-only flows read no chain.
 */
function optionChainRequests(intent: OrderIntentV1, positions: PreTradeContext['positions']): Map<string, ChainFilter> {
  const contracts: { root: string; expiry: string; strike: number }[] = [];
  const add = (symbol: string): void => {
    const { root, expiry, strike } = parseOccSymbol(symbol);
    contracts.push({ root, expiry, strike: Number(strike) });
  };
  for (const p of positions) if (isOptionSymbol(p.symbol)) add(p.symbol);
  for (const symbol of [intent.option?.contractSymbol, ...(intent.multiLeg?.legs.map((l) => l.contractSymbol) ?? [])]) if (symbol !== undefined) add(symbol);
  const requests = new Map<string, ChainFilter>();
  for (const c of contracts) {
    const f = requests.get(c.root);
    requests.set(c.root, {
      expiryFrom: f?.expiryFrom !== undefined && f.expiryFrom < c.expiry ? f.expiryFrom : c.expiry,
      expiryTo: f?.expiryTo !== undefined && f.expiryTo > c.expiry ? f.expiryTo : c.expiry,
      strikeFrom: Math.min(f?.strikeFrom ?? c.strike, c.strike),
      strikeTo: Math.max(f?.strikeTo ?? c.strike, c.strike),
    });
  }
  return requests;
}

async function readChains(
  options: OptionsMarketData,
  requests: ReadonlyMap<string, ChainFilter>,
  soft: <T>(what: string, promise: Promise<T> | undefined) => Promise<T | undefined>,
): Promise<ReadonlyMap<string, OptionChainSnapshot>> {
  const read = await Promise.all([...requests].map(async ([root, filter]) => [root, await soft(`option chain ${root}`, options.chainSnapshot(root, filter))] as const));
  return new Map(read.flatMap(([root, chain]) => (chain === undefined ? [] : [[root, chain] as const])));
}

/** Position Greeks (per symbol and per underlying) and the order's own, from the chains; what could not be priced. */
function optionGreeksOf(intent: OrderIntentV1, positions: PreTradeContext['positions'], chains: ReadonlyMap<string, OptionChainSnapshot>, calendar: TradingCalendar, rates: GreekRates) {
  const held = positionGreeksFromChains(positions, chains, calendar, rates);
  const order = orderGreeks(intent, (symbol) => {
    const root = optionRoot(symbol);
    const chain = root === undefined ? undefined : chains.get(root);
    return chain === undefined ? { missing: `no ${root ?? symbol} chain for ${symbol}` } : contractGreeks(symbol, chain, calendar, rates);
  });
  const missing = [...held.missing, ...(order !== undefined && 'missing' in order ? [order.missing] : [])];
  return { positionGreeks: held.positionGreeks, byUnderlying: held.byUnderlying, order: order === undefined || 'missing' in order ? undefined : order, missing };
}

/** Acts again on the recorded first decision of an intent, exactly as it was decided. */
function repeatDecision(deps: VerifyDeps, intent: OrderIntentV1, clientOrderId: string, decision: RiskDecisionRecord): Promise<VerifyOutcome> {
  const verdict: RiskVerdict = {
    approved: decision.approved,
    policyVersion: decision.policyVersion,
    checks: decision.checks,
    failed: decision.checks.filter((c) => !c.passed),
  };
  return actOnDecision(deps, decision.intent, clientOrderId, verdict, decision.decidedAt);
}

/** Sends the approval to the orders queue, or publishes the rejection with every failed check. */
async function actOnDecision(
  deps: VerifyDeps,
  intent: OrderIntentV1,
  clientOrderId: string,
  verdict: RiskVerdict,
  decidedAt: number,
): Promise<VerifyOutcome> {
  if (verdict.approved) {
    const approved: ApprovedOrderV1 = { schema: 'ApprovedOrderV1', intent, clientOrderId, policyVersion: verdict.policyVersion, approvedAt: decidedAt };
    await deps.approvedOrders.send(approved);
    return { kind: 'approved', approved, verdict };
  }
  const rejection: OrderRejectedV1 = {
    schema: 'OrderRejectedV1',
    intentId: intent.intentId,
    accountId: intent.accountId,
    strategyId: intent.strategyId,
    symbol: intent.symbol,
    stage: 'verify',
    policyVersion: verdict.policyVersion,
    failedChecks: [...verdict.failed],
    rejectedAt: decidedAt,
  };
  await deps.events.publish('order.rejected', rejection);
  return { kind: 'rejected', rejection, verdict };
}
